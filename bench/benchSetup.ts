// Shared set-up for the benchmark: the model, one thread (see ../shared/models/MODELS.md), prompts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ModelRequest } from "../src/common/conversation/conversation";
import { priceLookup } from "../src/common/cost/prices";
import { runTurn } from "../src/common/turn/runTurn";
import type { Student } from "../src/common/models/student";
import { estimatingCounter } from "../src/common/conversation/tokenCounter";
import type { OpenAITeacher } from "../src/node/teacher/openaiTeacher";
import { SYSTEM_PROMPT, toModelRequest } from "../src/common/conversation/prompt";
import { findStoriesModel } from "../test/support/testModels";

export const THREADS = 1;
// The longest bench prompt is about 1,300 tokens in stories260K's 512-token vocabulary.
export const CONTEXT_SIZE = 2048;

export interface BenchPrompt {
  id: string;
  question: string;
  language?: string;
  context?: string;
}

/** The 30 shared prompts, sent the way the product sends a message with editor context. */
export function loadPrompts(): BenchPrompt[] {
  const file = join(__dirname, "..", "..", "shared", "bench", "prompts.jsonl");
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as BenchPrompt);
}

export function requestFor(p: BenchPrompt, conversationId: string): ModelRequest {
  return toModelRequest({
    id: conversationId,
    messages: [
      {
        role: "user",
        text: p.question,
        ...(p.context ? { context: [{ fileName: `snippet.${p.language ?? "txt"}`, language: p.language ?? "", kind: "selection" as const, text: p.context }] } : {}),
      },
    ],
  });
}

export async function benchModel(): Promise<string> {
  const path = await findStoriesModel();
  if (!path) throw new Error("No stories260K model: set HEADSTART_TEST_MODEL or put it in ../shared/models/.");
  return path;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export { SYSTEM_PROMPT };

/** The guidance budget of the guided turns the bench times. */
export const GUIDANCE_BUDGET = 32;

/** When a guided turn's first text showed, and the handoff gap the engine measured. */
export interface StudentWayRow {
  firstVisibleMs: number;
  handoffGapMs: number;
}

/** One guided turn: when its first guidance showed, and the handoff gap the engine measured. */
export async function guidedTurn(student: Student, teacher: OpenAITeacher, question: string, id: string): Promise<StudentWayRow> {
  const ac = new AbortController();
  const start = performance.now();
  let firstVisibleMs = NaN;
  let handoffGapMs: number | null = null;
  const conversation = { id, messages: [{ role: "user" as const, text: question }] };
  for await (const e of runTurn(conversation, { mode: "guided", guidanceBudget: GUIDANCE_BUDGET, cloudMaxTokens: GUIDANCE_BUDGET, signal: ac.signal }, {
    teacher,
    student,
    counter: estimatingCounter,
    prices: priceLookup({ overrides: {} }),
    now: () => performance.now(),
  })) {
    if (e.type === "guidance" && Number.isNaN(firstVisibleMs)) firstVisibleMs = performance.now() - start;
    if (e.type === "student") ac.abort(); // the first student text is all this measures
    if (e.type === "done") handoffGapMs = e.record.timings.handoffGapMs;
  }
  if (handoffGapMs === null || Number.isNaN(firstVisibleMs)) throw new Error(`The guided turn ${id} showed no guidance or handed over to no student text.`);
  return { firstVisibleMs, handoffGapMs };
}
