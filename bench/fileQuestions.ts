// The file-questions set: questions that each name one function of a real source file that was
// not written for this project (bench/file-questions/, licences there), half with the cursor in
// that function and half elsewhere, and how much of that function a request carries.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Conversation } from "../src/common/conversation/conversation";
import { SETTINGS } from "../src/common/settings/settings";
import { buildTask } from "../src/common/tasks/taskRequest";

export interface FileQuestion {
  id: string;
  file: string;
  language: string;
  question: string;
  /** The function asked about, and its lines (1-based, inclusive). */
  symbol: string;
  start: number;
  end: number;
  cursor: "inside" | "elsewhere";
  cursorLine: number;
}

const DIR = join(__dirname, "file-questions");

export function loadFileQuestions(): FileQuestion[] {
  return readQuestions<FileQuestion>(DIR);
}

/** A question set's `questions.jsonl`: one question per line. */
export function readQuestions<T>(dir: string): T[] {
  return readFileSync(join(dir, "questions.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** The question with its file attached whole and the cursor on its line, as the CLI's `--file FILE:LINE` sends it. */
export function fileQuestionConversation(q: FileQuestion): Conversation {
  const text = readFileSync(join(DIR, q.file), "utf8");
  const focus = { start: q.cursorLine - 1, end: q.cursorLine - 1 };
  return { id: `fq-${q.id}`, messages: [{ role: "user", text: q.question, context: [{ fileName: q.file, language: q.language, kind: "file", text, focus }] }] };
}

/** A problem a language server reports, per language: what the light bulb's "Fix with Headstart" passes on. */
const DIAGNOSTICS: Record<string, string> = {
  python: 'Object of type "None" is not subscriptable',
  typescript: "Type 'number | undefined' is not assignable to type 'number'.",
};

/**
 * The question's function with an error in its middle line, fixed from the light bulb: the
 * `/fix` task's message (no words of the user's), the cursor on the error, as the editor builds it.
 */
export function fixConversation(q: FileQuestion): Conversation {
  const text = readFileSync(join(DIR, q.file), "utf8");
  const line = Math.floor((q.start + q.end) / 2) - 1;
  const range = { start: { line, character: 0 }, end: { line, character: text.split("\n")[line].length } };
  const task = buildTask({
    task: "fix",
    question: "",
    file: { fileName: q.file, language: q.language, text },
    cursor: range.start,
    diagnostics: [{ message: DIAGNOSTICS[q.language], severity: "error", range }],
    maxChars: SETTINGS["context.maxChars"].default,
  });
  return { id: `fix-${q.id}`, messages: [task.message] };
}

/**
 * The share of the function's non-blank lines that a request carries, in order: the longest run
 * of its lines (exactly as in the file) that appears as a subsequence of the request's lines.
 */
export function relevance(q: FileQuestion, requestText: string): number {
  return carriedShare(readFileSync(join(DIR, q.file), "utf8").split("\n").slice(q.start - 1, q.end), requestText);
}

/** The share of `lines` (the non-blank ones) that a request carries as they are, in order: a line counts once, where it belongs. */
export function carriedShare(lines: readonly string[], requestText: string): number {
  const wanted = lines.filter((l) => l.trim() !== "").map((l) => l.trimEnd());
  const sent = requestText.split("\n").map((l) => l.trimEnd());
  // Longest common subsequence of lines.
  let previous = new Array<number>(sent.length + 1).fill(0);
  for (const line of wanted) {
    const row = new Array<number>(sent.length + 1).fill(0);
    for (let j = 1; j <= sent.length; j++) row[j] = line === sent[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], row[j - 1]);
    previous = row;
  }
  return wanted.length === 0 ? 1 : previous[sent.length] / wanted.length;
}

/** All the text a chat-completions request body sends. */
export function requestText(body: unknown): string {
  const messages = (body as { messages?: { content?: unknown }[] } | undefined)?.messages ?? [];
  return messages.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join("\n");
}
