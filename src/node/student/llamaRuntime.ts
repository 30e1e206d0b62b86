import type { ChatWrapper, Llama, LlamaContext, LlamaModel } from "node-llama-cpp";
import { availableParallelism } from "node:os";
import { StudentError } from "../../common/models/errors";
import { studentThreads } from "../../common/student/studentThreads";
import { checkModelFile, inspectModelFile, modelFileError } from "./modelFileCheck";
import type { ModelFileFacts } from "./modelFileCheck";
import { errorMessage } from "../../common/util/errorMessage";

/** The `node-llama-cpp` module: ESM-only, so the CommonJS bundle may only reach it through `import()`. */
export type NodeLlamaCpp = typeof import("node-llama-cpp");

/** Where llama.cpp may run: `"auto"` tries a GPU first and falls back to the CPU; `false` is CPU only. */
export type GpuChoice = "auto" | false;

/** How to open a model; see `LlamaStudentOptions` for what each means. */
export interface OpenModelOptions {
  modelPath: string;
  contextSize: number | "auto";
  gpuLayers: number | "auto";
  gpu: GpuChoice;
  /** `"auto"`: one core fewer than the machine has (see `studentThreads`). */
  threads: number | "auto";
  /** Context sequences to create, each of `contextSize` tokens. */
  sequences: number;
  onLoadProgress?: (fraction: number) => void;
}

/** A model ready to chat: its context, with `sequences` sequences, and the chat format to use. */
export interface OpenModel {
  nlc: NodeLlamaCpp;
  model: LlamaModel;
  context: LlamaContext;
  chatWrapper: ChatWrapper;
  /** Whether a span can be cut from a sequence's cache with the rest kept, moved up; see `cacheShifts`. */
  cacheShifts: boolean;
}

let modulePromise: Promise<NodeLlamaCpp> | undefined;
const llamas = new Map<GpuChoice, Promise<Llama>>();

/** Loads `node-llama-cpp` once per process, on first use (loading it pulls in the native addon). */
export function loadNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  const set = (p: Promise<NodeLlamaCpp> | undefined): void => {
    modulePromise = p;
  };
  return memo(() => modulePromise, set, () => import("node-llama-cpp"));
}

/**
 * The process-wide `Llama` for a GPU choice: one per choice, shared by every model, since each
 * instance holds the native backend. Never downloads or builds llama.cpp: only the prebuilt
 * binaries that came with the package are used. `"auto"` falls back to the CPU binary when no
 * GPU binary works here.
 */
export function getSharedLlama(gpu: GpuChoice): Promise<Llama> {
  const set = (p: Promise<Llama> | undefined): void => {
    if (p === undefined) llamas.delete(gpu);
    else llamas.set(gpu, p);
  };
  return memo(() => llamas.get(gpu), set, async () => {
    const { getLlama, LlamaLogLevel } = await loadNodeLlamaCpp();
    // llama.cpp warns about harmless quirks of many GGUF files on every load; errors still show.
    const logLevel = LlamaLogLevel.error;
    // node-llama-cpp's CPU default allows max(4, cores) threads, more than two-core machines have.
    const maxThreads = availableParallelism();
    if (gpu === false) return getLlama({ gpu: false, build: "never", logLevel, maxThreads });
    // A broken GPU driver or binary must not cost the user their local model: use the CPU.
    return getLlama({ gpu: "auto", build: "never", logLevel, maxThreads }).catch(() => getSharedLlama(false));
  });
}

/**
 * Checks the file, then loads the model and creates its context, on the GPU when allowed and
 * falling back to the CPU when that fails (out of GPU memory, a failing driver). Every failure
 * is a `StudentError`; nothing is left allocated after one.
 */
export async function openModel(options: OpenModelOptions): Promise<OpenModel> {
  const path = options.modelPath;
  try {
    await checkModelFile(path);
    const nlc = await loadNodeLlamaCpp();
    const llama = await getSharedLlama(options.gpu);
    const facts = await inspectModelFile(path, nlc, llama);
    try {
      return await openOn(nlc, llama, facts, options);
    } catch (error) {
      if (llama.gpu === false) throw error;
      return await openOn(nlc, await getSharedLlama(false), facts, options);
    }
  } catch (error) {
    if (error instanceof StudentError) throw error;
    const reason = errorMessage(error).split("\n", 1)[0];
    throw modelFileError("load-failed", path, `could not be loaded (${reason})`, "Check free memory, or choose another model with “Headstart: Choose Student Model”.");
  }
}

async function openOn(nlc: NodeLlamaCpp, llama: Llama, facts: ModelFileFacts, options: OpenModelOptions): Promise<OpenModel> {
  const { gpuLayers, sequences } = options;
  const contextSize = options.contextSize === "auto" ? Math.min(facts.trainContextSize ?? 4096, 4096) : options.contextSize;
  const model = await llama.loadModel({
    modelPath: options.modelPath,
    // "auto" leaves GPU memory for the contexts we are about to create, not node-llama-cpp's default.
    gpuLayers: llama.gpu === false ? 0 : gpuLayers === "auto" ? { fitContext: { contextSize: contextSize * sequences } } : gpuLayers,
    onLoadProgress: options.onLoadProgress,
  });
  try {
    // A stalled student lowers the shared cap (`useFewerThreads`); a newly opened model starts afresh.
    llama.maxThreads = availableParallelism();
    // `contextSize` is per sequence: node-llama-cpp allocates contextSize × sequences cells.
    const context = await model.createContext({
      contextSize,
      sequences,
      ...studentContextOptions(llama),
      threads: studentThreads(options.threads, { math: llama.cpuMathCores, available: availableParallelism() }),
    });
    // Without a template, ChatML (plain and common) rather than node-llama-cpp's guess from the file name.
    const chatWrapper = facts.hasChatTemplate ? nlc.resolveChatWrapper(model) : new nlc.ChatMLChatWrapper();
    return { nlc, model, context, chatWrapper, cacheShifts: cacheShifts(model) };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}

/**
 * Context options the student's contexts take beyond size and threads. On the CPU, llama.cpp's
 * flash attention (node-llama-cpp's "auto" turns it on) makes each written token slower the deeper
 * it is in the context: measured here at one thread, a 0.5B model (64-wide heads) wrote 10% slower
 * from token 740 and 12% from 1,500, a 128-wide-head model 7–13%, stories260K 2–3× slower. It
 * read a 1,500-token prompt 16% faster, but a conversation spends most of its time writing.
 * On a GPU, node-llama-cpp's default stands.
 */
export function studentContextOptions(llama: Llama): { flashAttention?: boolean } {
  return llama.gpu === false ? { flashAttention: false } : {};
}

/** Shares one pending promise among callers, but forgets a failed one so the next call retries. */
function memo<T>(get: () => Promise<T> | undefined, set: (p: Promise<T> | undefined) => void, create: () => Promise<T>): Promise<T> {
  const existing = get();
  if (existing !== undefined) return existing;
  const created = create();
  set(created);
  created.catch(() => {
    if (get() === created) set(undefined);
  });
  return created;
}

/**
 * Whether llama.cpp can move cached tokens to new positions for this model: not for a recurrent
 * one (its state is not per token) nor DeepSeek 2's attention, as node-llama-cpp's own
 * `adaptStateToTokens` decides before it shifts.
 */
function cacheShifts(model: LlamaModel): boolean {
  // `GgufArchitectureType` is a const enum, out of reach here; its value for DeepSeek 2 is this.
  const architecture: string | undefined = model.fileInfo.metadata?.general?.architecture;
  return !model.fileInsights.isRecurrent && architecture !== "deepseek2";
}
