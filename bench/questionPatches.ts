// The terminal's patches over the file-questions set: for each question's function, a block that
// redefines it (as an answer writes it: taken out of its class, at the margin, with one line
// added) placed into the real file, made into a patch, and checked with `git apply --check` in a
// scratch repository; and which of the file's lines the patch touches.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { placeBlock } from "../src/common/edits/placeBlock";
import { unifiedPatch } from "../src/common/edits/unifiedPatch";
import { loadFileQuestions } from "./fileQuestions";

const DIR = join(__dirname, "file-questions");

export interface QuestionPatch {
  id: string;
  file: string;
  symbol: string;
  /** The function's lines (1-based, inclusive), as the question set gives them. */
  start: number;
  end: number;
  patch: string;
  /** Whether `git apply --check` took the patch against the file as it is. */
  applies: boolean;
  /** What git said when it did not. */
  complaint?: string;
  /** The old file's lines (1-based) the patch removes or writes between; empty when it changes nothing. */
  touched: number[];
}

/** Every file-question's function redefined and patched, each patch checked by git. */
export function questionPatches(): QuestionPatch[] {
  const repo = mkdtempSync(join(tmpdir(), "headstart-question-patches-"));
  try {
    execFileSync("git", ["init", "-q", repo]);
    return loadFileQuestions().map((q) => {
      const text = readFileSync(join(DIR, q.file), "utf8");
      const patch = unifiedPatch(q.file, text, placeBlock({ code: redefinition(text, q.start, q.end, q.language), language: q.language, target: { text, language: q.language } }).text);
      writeFileSync(join(repo, q.file), text);
      writeFileSync(join(repo, "change.patch"), patch);
      let complaint: string | undefined;
      try {
        execFileSync("git", ["apply", "--check", "change.patch"], { cwd: repo, stdio: "pipe" });
      } catch (e) {
        complaint = String((e as { stderr?: Buffer }).stderr ?? e);
      }
      return { id: q.id, file: q.file, symbol: q.symbol, start: q.start, end: q.end, patch, applies: complaint === undefined, ...(complaint ? { complaint } : {}), touched: touchedLines(patch) };
    });
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

/**
 * The function at lines `start`-`end` (1-based) as an answer gives it back: at the margin, with a
 * comment line added before its last line, at that line's indentation.
 */
export function redefinition(text: string, start: number, end: number, language: string): string {
  const lines = text.split("\n").slice(start - 1, end);
  const margin = /^\s*/.exec(lines[0])![0];
  const out = lines.map((l) => (l.startsWith(margin) ? l.slice(margin.length) : l.trimStart()));
  const last = out.length - 1;
  const indent = /^\s*/.exec(out[language === "python" ? last : Math.max(0, last - 1)])![0];
  out.splice(last, 0, `${indent}${language === "python" ? "#" : "//"} checked by the bench`);
  return out.join("\n") + "\n";
}

/** The old file's lines (1-based) a patch removes, and those it adds text before. */
function touchedLines(patch: string): number[] {
  const touched: number[] = [];
  // Undefined until the first hunk: the lines before it are the header's.
  let old: number | undefined;
  for (const line of patch.split("\n")) {
    const hunk = /^@@ -(\d+)(?:,\d+)? /.exec(line);
    if (hunk) old = Number(hunk[1]);
    else if (old === undefined) continue;
    else if (line.startsWith("-")) touched.push(old++);
    else if (line.startsWith("+")) touched.push(old);
    else if (line.startsWith(" ")) old++;
  }
  return [...new Set(touched)];
}
