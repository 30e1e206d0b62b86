import { open, stat } from "node:fs/promises";
import type { Llama } from "node-llama-cpp";
import { StudentError } from "../../common/models/errors";
import type { StudentFailureReason } from "../../common/models/errors";

/** What the user can do about most model file problems. */
export const CHOOSE_MODEL_ACTION = "Choose a model with “Headstart: Choose Student Model”.";

/** The first four bytes of every GGUF file. */
const GGUF_MAGIC = "GGUF";

/** What the model's header says that matters before loading it. */
export interface ModelFileFacts {
  /** The context size the model was trained with, when the header says. */
  trainContextSize: number | undefined;
  /** Whether the model ships its own chat template. */
  hasChatTemplate: boolean;
}

/** A `StudentError` whose one-line message names the file and ends with what to do. */
export function modelFileError(
  reason: StudentFailureReason,
  path: string,
  problem: string,
  action = CHOOSE_MODEL_ACTION,
): StudentError {
  return new StudentError(reason, `Model file “${path}” ${problem}. ${action}`, path);
}

/**
 * Checks, without llama.cpp, that `path` is a file that starts with the GGUF magic, so that a
 * missing file or an HTML error page saved as `.gguf` gets a clear error instead of a native one.
 */
export async function checkModelFile(path: string): Promise<void> {
  let magic: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw modelFileError("model-missing", path, "is not a file");
    magic = await readStart(path, GGUF_MAGIC.length);
  } catch (error) {
    if (error instanceof StudentError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") throw modelFileError("model-missing", path, "not found");
    throw modelFileError("load-failed", path, `cannot be read (${code ?? "unknown error"})`, "Check its permissions, or " + lowerFirst(CHOOSE_MODEL_ACTION));
  }
  if (magic !== GGUF_MAGIC) {
    throw modelFileError("model-not-gguf", path, "is not a GGUF model (it does not start with “GGUF”)");
  }
}

/**
 * Reads the GGUF header and rejects what llama.cpp would fail on with a vaguer message: a header
 * that cannot be parsed or tensor data that runs past the end of the file (an interrupted
 * download), and an architecture this llama.cpp build does not know.
 */
type NodeLlamaCpp = typeof import("node-llama-cpp");

export async function inspectModelFile(path: string, nlc: NodeLlamaCpp, llama: Llama): Promise<ModelFileFacts> {
  const redownload = "Download it again, or " + lowerFirst(CHOOSE_MODEL_ACTION);
  let info: Awaited<ReturnType<NodeLlamaCpp["readGgufFileInfo"]>>;
  let insights: Awaited<ReturnType<NodeLlamaCpp["GgufInsights"]["from"]>>;
  try {
    // Only this file: the parts of a split model are checked by llama.cpp when it loads them.
    info = await nlc.readGgufFileInfo(path, { sourceType: "filesystem", spliceSplitFiles: false, logWarnings: false });
    // A header cut short parses into missing fields, which fail here rather than in the reader.
    insights = await nlc.GgufInsights.from(info, llama);
    if (typeof info.metadata.general.architecture !== "string") throw new Error("no architecture");
  } catch {
    throw modelFileError("model-truncated", path, "is incomplete or damaged: its header cannot be read", redownload);
  }
  if (!insights.isSupportedByLlamaCpp) {
    const architecture = info.metadata.general.architecture;
    throw modelFileError("model-unsupported", path, `uses the “${architecture}” architecture, which this llama.cpp build does not support`);
  }
  const first = info.tensorInfo?.[0];
  if (first !== undefined) {
    // `modelSize` never exceeds the tensor data's true extent, so a shorter file is surely cut off.
    const dataStart = Number(BigInt(first.fileOffset) - BigInt(first.offset));
    const needed = dataStart + insights.modelSize;
    const { size } = await stat(path);
    if (size < needed) throw modelFileError("model-truncated", path, `is incomplete (${size} of ${needed} bytes)`, redownload);
  }
  return {
    trainContextSize: insights.trainContextSize,
    hasChatTemplate: typeof info.metadata?.tokenizer?.chat_template === "string",
  };
}

async function readStart(path: string, length: number): Promise<string> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead).toString("latin1");
  } finally {
    await file.close();
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
