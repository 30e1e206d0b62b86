// One export, from the stored conversations to the files it writes: built first so its preview
// (count, size, a sample) is shown before anything is written.
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import type { StoredConversation } from "../common/chatHistory";
import { evalSetOf } from "../common/evalSetExport";
import { chooseAnswers, exportLines, previewOf, type ExportFilters, type ExportFormat, type ExportPreview } from "../common/fineTuneExport";

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

export function buildExport(conversations: readonly StoredConversation[], kind: ExportKind, filters: ExportFilters, includeFiles: boolean, outFile: string): BuiltExport {
  const chosen = chooseAnswers(conversations, filters);
  if (kind !== "eval") {
    const lines = exportLines(chosen, kind, includeFiles);
    return { outFile, lines, files: [], preview: previewOf(chosen, lines, includeFiles) };
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
  const what = kind === "eval" ? "question" : "answer";
  const lines = [`${p.answers} ${what}${p.answers === 1 ? "" : "s"}, ${size}.`];
  if (p.withFiles > 0) {
    lines.push(
      p.includeFiles
        ? `Attached file contents are included for ${p.withFiles} of them: check them for secrets before sharing the file.`
        : `${p.withFiles} had attached files: named, their contents left out (include them only if they hold no secrets).`,
    );
  }
  return lines;
}
