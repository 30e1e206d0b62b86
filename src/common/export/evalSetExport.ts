// Rated answers as an `npm run eval` question set: the question, its attached file, and a check
// for the user to edit, with the rated answer beside it as the reference.
import { escapeRegExp } from "../util/escapeRegExp";
import type { ChosenAnswer } from "./fineTuneExport";

export interface EvalSetExport {
  /** The set's JSONL lines. */
  lines: string[];
  /** Attached files to write beside the set, at `path` relative to it. */
  files: { path: string; text: string }[];
  /** Questions whose attached files were left out (not asked for): they run without them. */
  filesLeftOut: number;
}

/**
 * One question per chosen answer. The set asks single questions, so an answer's earlier turns are
 * not in it; the question's first attachment becomes the set's `file` when files are asked for.
 * The check is a starting point only: a phrase of the rated answer, which the user should replace
 * with what a right answer must contain.
 */
export function evalSetOf(chosen: readonly ChosenAnswer[], includeFiles: boolean, filesDir: string): EvalSetExport {
  const lines: string[] = [];
  const files: EvalSetExport["files"] = [];
  let filesLeftOut = 0;
  chosen.forEach((c, i) => {
    const question = c.before.at(-1);
    if (question?.role !== "user") return;
    const attached = question.context?.[0];
    let file: string | undefined;
    if (attached && includeFiles) {
      file = `${filesDir}/${i + 1}-${attached.fileName.split(/[\\/]/).pop() ?? "file"}`;
      files.push({ path: file, text: attached.text });
    } else if (attached) filesLeftOut++;
    lines.push(
      JSON.stringify({
        id: `answer-${i + 1}`,
        question: question.text,
        ...(file ? { file } : {}),
        expect: { regex: escapeRegExp(keyPhrase(c.answer.text)), flags: "i" },
        reference: c.answer.text,
      }),
    );
  });
  return { lines, files, filesLeftOut };
}

/** The answer's first inline code, else its first few words: something a right answer likely repeats. */
export function keyPhrase(answer: string): string {
  const code = /`([^`\n]{2,60})`/.exec(answer)?.[1];
  if (code) return code;
  return answer.trim().split(/\s+/).slice(0, 3).join(" ").replace(/[.,:;!?]+$/, "");
}
