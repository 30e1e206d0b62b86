// The describe-questions set: questions that describe what they ask about without naming it, about
// real files that were not written for this project (bench/describe-questions/, licences there), in
// Go, Rust, PHP, C++ and Ruby, a third of them about a function too large for the teacher's budget.
// Each marks the lines that answer it; each is asked with the cursor elsewhere and inside.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Conversation } from "../src/common/conversation/conversation";
import { carriedShare, readQuestions } from "./fileQuestions";

export interface DescribeQuestion {
  id: string;
  file: string;
  language: string;
  question: string;
  /** The function the question is about, as its declaration line writes it, and its lines (1-based, inclusive). */
  symbol: string;
  start: number;
  end: number;
  /** The lines that answer the question (1-based, inclusive ranges). */
  answer: [number, number][];
  /** A line in another function, where the cursor is for the `elsewhere` runs. */
  cursorElsewhere: number;
}

export type DescribeCursor = "elsewhere" | "inside";

const DIR = join(__dirname, "describe-questions");

export function loadDescribeQuestions(): DescribeQuestion[] {
  return readQuestions<DescribeQuestion>(DIR);
}

export function describeFile(q: DescribeQuestion): string {
  return readFileSync(join(DIR, q.file), "utf8");
}

/** The cursor's line (1-based): the question's `cursorElsewhere`, or the middle line of its function. */
export function cursorLine(q: DescribeQuestion, cursor: DescribeCursor): number {
  return cursor === "elsewhere" ? q.cursorElsewhere : Math.floor((q.start + q.end) / 2);
}

/** The question with its file attached whole and the cursor on its line, as the CLI's `--file FILE:LINE` sends it. */
export function describeConversation(q: DescribeQuestion, cursor: DescribeCursor): Conversation {
  const line = cursorLine(q, cursor) - 1;
  return {
    id: `dq-${cursor}-${q.id}`,
    messages: [{ role: "user", text: q.question, context: [{ fileName: q.file, language: q.language, kind: "file", text: describeFile(q), focus: { start: line, end: line } }] }],
  };
}

/** The share of the function's non-blank lines that a request carries, in order. */
export function describeRelevance(q: DescribeQuestion, requestText: string): number {
  return carriedShare(describeFile(q).split("\n").slice(q.start - 1, q.end), requestText);
}

/** The share of the answer's non-blank lines that a request carries, in order. */
export function answerCoverage(q: DescribeQuestion, requestText: string): number {
  const lines = describeFile(q).split("\n");
  return carriedShare(q.answer.flatMap(([from, to]) => lines.slice(from - 1, to)), requestText);
}
