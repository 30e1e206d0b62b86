// One export, from the stored conversations to the files it writes: built first so its preview
// (count, size, a sample) is shown before anything is written.
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import type { StoredConversation } from "../../common/history/chatHistory";
import { evalSetOf } from "../../common/export/evalSetExport";
import { chooseAnswers, exportLines, OPENAI_FINE_TUNING, previewOf, type ExportFilters, type ExportFormat, type ExportPreview } from "../../common/export/fineTuneExport";
import { plural } from "../../common/util/plural";
import type { TokenCounter } from "../../common/conversation/tokenCounter";

/** A training format, or `eval`: a question set for `npm run eval`. */
export type ExportKind = ExportFormat | "eval";
export const EXPORT_KINDS: readonly ExportKind[] = ["openai", "trl", "spans", "eval"];

export interface BuiltExport {
  outFile: string;
  lines: string[];
  /** Attached files an eval set refers to, by path relative to `outFile`'s folder. */
  files: { path: string; text: string }[];
  preview: ExportPreview;
}

/** `counter`, when given, counts OpenAI-format examples against the service's per-example limit (gpt-4o-mini's tokens). */
export function buildExport(conversations: readonly StoredConversation[], kind: ExportKind, filters: ExportFilters, includeFiles: boolean, outFile: string, counter?: TokenCounter): BuiltExport {
  const chosen = chooseAnswers(conversations, filters);
  if (kind !== "eval") {
    const lines = exportLines(chosen, kind, includeFiles);
    const count = kind === "openai" && counter ? (text: string) => counter.count(text, "gpt-4o-mini").tokens : undefined;
    return { outFile, lines, files: [], preview: previewOf(chosen, lines, includeFiles, count) };
  }
  const set = evalSetOf(chosen, includeFiles, `${basename(outFile, extname(outFile))}-files`);
  return { outFile, lines: set.lines, files: set.files, preview: previewOf(chosen, set.lines, includeFiles) };
}

/** Writes the export: the JSONL file, and an eval set's attached files beside it. */
export async function writeExport(built: BuiltExport): Promise<void> {
  const folder = dirname(built.outFile);
  await mkdir(folder, { recursive: true });
  for (const f of built.files) {
    const path = join(folder, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.text, "utf8");
  }
  await writeFile(built.outFile, built.lines.map((l) => `${l}\n`).join(""), "utf8");
}

/** The preview in words: what a user reads before saying yes. */
export function describePreview(p: ExportPreview, kind: ExportKind): string[] {
  const size = p.bytes < 1024 ? `${p.bytes} bytes` : p.bytes < 1024 * 1024 ? `${(p.bytes / 1024).toFixed(1)} KB` : `${(p.bytes / 1024 / 1024).toFixed(1)} MB`;
  const lines = [`${plural(p.answers, kind === "eval" ? "question" : "answer")}, ${size}.`];
  if (kind === "openai" && p.answers > 0 && p.answers < OPENAI_FINE_TUNING.minExamples) {
    lines.push(`OpenAI's fine-tuning needs at least ${OPENAI_FINE_TUNING.minExamples} examples; this file has ${p.answers}: rate more answers up before uploading it.`);
  }
  if (p.overTokenLimit) {
    lines.push(`${plural(p.overTokenLimit, "example is", "examples are")} over the ${OPENAI_FINE_TUNING.maxExampleTokens.toLocaleString("en-US")} tokens OpenAI trains on per example (${OPENAI_FINE_TUNING.models}): it cuts or refuses them. Leave attached files out, or export fewer days.`);
  }
  if (p.withFiles > 0) {
    lines.push(
      p.includeFiles
        ? `Attached file contents are included for ${p.withFiles} of them: check them for secrets before sharing the file.`
        : `${p.withFiles} had attached files: named, their contents left out (include them only if they hold no secrets).`,
    );
  }
  return lines;
}
