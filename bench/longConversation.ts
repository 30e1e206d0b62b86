// Long conversations stay fast: twelve turns of one conversation on stories260K with a
// 1,024-token context and the product's defaults otherwise. Per turn: tokens per second, time to
// the first visible token, and the prompt tokens the student read (the rest came from its cache).
import { loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { priceLookup } from "../src/common/cost/prices";
import { runTurn } from "../src/common/turn/runTurn";
import { estimatingCounter } from "../src/common/conversation/tokenCounter";
import type { ChatMessage } from "../src/common/conversation/conversation";
import { loadNodeLlamaCpp, studentContextOptions } from "../src/node/student/llamaRuntime";
import { LlamaStudent } from "../src/node/student/llamaStudent";
import { benchModel, median } from "./benchSetup";

/** One conversation, turn by turn. */
export interface LongConversationRun {
  /** Generated tokens per second. */
  tokensPerSecond: number[];
  /** Milliseconds from sending the question to the first visible token. */
  firstTokenMs: number[];
  /** Prompt tokens the student evaluated; the rest of the prompt came from its cache. */
  evaluatedTokens: number[];
  /** Turns (from 1) at which the student said it left older messages out. */
  trimmedAt: number[];
  /** The one-minute load average before and after the run. */
  load: [number, number];
  ratios: LongConversationRatios;
  /** Where the first and the last answer began: their prompts' lengths in tokens (the last's about). */
  promptTokens: [number, number];
  threads: number;
}

export interface LongConversationRatios {
  /** Last turn's tokens/s over the first's. Target: at least 0.9. */
  lastOverFirst: number;
  /** From turn 3 on: the slowest turn's tokens/s over the fastest's. Target: at least 0.85. */
  slowestOverFastest: number;
  /** From turn 3 on: the slowest first token over the fastest. Target: at most 2. */
  firstTokenSpread: number;
}

export interface LongConversationResult {
  turns: number;
  contextSize: number;
  readingMs: number;
  runs: LongConversationRun[];
  /** Each ratio's median over the runs. */
  ratios: LongConversationRatios;
  /**
   * The model alone (bare node-llama-cpp, same threads): tokens/s writing as many tokens as an
   * answer from where the last turn's answer began, over the same from where the first's began.
   * How much slower the model itself writes deeper in its context: what last/first can reach
   * while the last turn keeps that much history.
   */
  bareDepthRatio: number;
  /**
   * The same, but from where the last answer began after a cut like the student's: a span of the
   * cache cut out and the rest moved up, so the answer's tokens go into the freed cells while
   * llama.cpp attends up to the highest cell still held. What the product's later turns can reach.
   */
  bareCutDepthRatio: number;
}

const TURNS = 12;
const CONTEXT_SIZE = 1024;
const ANSWER_TOKENS = 256;
/** The turn from which the steady ratios count (from 1): the first two fill the context. */
export const STEADY_FROM = 3;
/**
 * Each question is sent this long after the last answer ended, as a person reads before asking
 * again: a student may use that time (to settle its cache), and the first token shows whether it did.
 */
const READING_MS = 1000;

export async function measureLongConversation(runs: number): Promise<LongConversationResult> {
  const modelPath = await benchModel();
  // Not counted: the process's first conversation also pays for its own start (the model file
  // read, the JavaScript compiled), which would make its first turn look slow and last/first good.
  await converse(modelPath, "warm-up");
  const results: LongConversationRun[] = [];
  for (let run = 0; run < runs; run++) results.push(await converse(modelPath, `long-${run}`));
  const ratios = {
    lastOverFirst: median(results.map((r) => r.ratios.lastOverFirst)),
    slowestOverFastest: median(results.map((r) => r.ratios.slowestOverFastest)),
    firstTokenSpread: median(results.map((r) => r.ratios.firstTokenSpread)),
  };
  const { promptTokens, threads } = results[0];
  const { fresh: bareDepthRatio, afterCut: bareCutDepthRatio } = await measureBareDepth(modelPath, threads, promptTokens, Math.max(3, runs));
  return { turns: TURNS, contextSize: CONTEXT_SIZE, readingMs: READING_MS, runs: results, ratios, bareDepthRatio, bareCutDepthRatio };
}

/** One conversation of `TURNS` turns with a new student, the way the product answers in local mode. */
async function converse(modelPath: string, id: string): Promise<LongConversationRun> {
  const student = new LlamaStudent({ modelPath, gpu: false, contextSize: CONTEXT_SIZE, maxAnswerTokens: ANSWER_TOKENS });
  const messages: ChatMessage[] = [];
  const tokensPerSecond: number[] = [];
  const firstTokenMs: number[] = [];
  const evaluatedTokens: number[] = [];
  const trimmedAt: number[] = [];
  const loadBefore = loadavg()[0];
  try {
    for (let turn = 0; turn < TURNS; turn++) {
      if (turn > 0) await sleep(READING_MS);
      messages.push({ role: "user", text: `Tell me story number ${turn + 1}, about a dog and a cat in the park.` });
      const events = runTurn({ id, messages }, { mode: "local", guidanceBudget: 0, cloudMaxTokens: 0, signal: new AbortController().signal }, {
        teacher: undefined,
        student,
        counter: estimatingCounter,
        prices: priceLookup({ overrides: {} }),
        now: () => performance.now(),
      });
      for await (const e of events) {
        if (e.type === "note" && e.reason === "history-trimmed") trimmedAt.push(turn + 1);
        if (e.type !== "done") continue;
        messages.push(e.answer);
        tokensPerSecond.push(e.record.studentStats?.tokensPerSecond ?? 0);
        firstTokenMs.push(e.record.timings.firstTextMs ?? Number.NaN);
        evaluatedTokens.push(e.record.studentStats?.inputTokens ?? Number.NaN);
      }
    }
    // The cache now holds the last prompt and its answer (read back as text: about as many tokens).
    const lastPrompt = (await student.cachedTokens(id)).length - ANSWER_TOKENS;
    const load: [number, number] = [loadBefore, loadavg()[0]];
    const ratios = ratiosOf(tokensPerSecond, firstTokenMs);
    return { tokensPerSecond, firstTokenMs, evaluatedTokens, trimmedAt, load, ratios, promptTokens: [evaluatedTokens[0], lastPrompt], threads: student.threads ?? Number.NaN };
  } finally {
    await student.dispose();
  }
}

/**
 * The medians over `runs` of bare tokens/s writing an answer from `at[1]`, over the same from
 * `at[0]`: in a fresh cache, and after an answer's length was cut out after `at[0]` and the rest
 * moved up, as the student cuts the oldest exchange.
 */
async function measureBareDepth(modelPath: string, threads: number, at: [number, number], runs: number): Promise<{ fresh: number; afterCut: number }> {
  const { getLlama } = await loadNodeLlamaCpp();
  const llama = await getLlama({ gpu: false, build: "never" });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: CONTEXT_SIZE, threads, ...studentContextOptions(llama) });
  const sequence = context.getSequence();
  const text = model.tokenize("Once upon a time, a dog and a cat played in the park every day. ".repeat(100));
  const write = async (from: number, cut = 0): Promise<number> => {
    await sequence.clearHistory();
    await sequence.evaluateWithoutGeneratingNewTokens(text.slice(0, from + cut - 1));
    if (cut > 0) await sequence.eraseContextTokenRanges([{ start: at[0], end: at[0] + cut }]);
    let written = 0;
    let first = 0;
    for await (const token of sequence.evaluate([text[from - 1]], { temperature: 0 })) {
      void token;
      if (++written === 1) first = performance.now();
      if (written === ANSWER_TOKENS) break;
    }
    return (ANSWER_TOKENS - 1) / ((performance.now() - first) / 1000);
  };
  try {
    const fresh: number[] = [];
    const afterCut: number[] = [];
    for (let run = 0; run < runs; run++) {
      const shallow = await write(at[0]);
      fresh.push((await write(at[1])) / shallow);
      afterCut.push((await write(at[1], ANSWER_TOKENS)) / shallow);
    }
    return { fresh: median(fresh), afterCut: median(afterCut) };
  } finally {
    await context.dispose();
    await model.dispose();
  }
}

function ratiosOf(tokensPerSecond: number[], firstTokenMs: number[]): LongConversationRatios {
  const steady = tokensPerSecond.slice(STEADY_FROM - 1);
  const steadyFirst = firstTokenMs.slice(STEADY_FROM - 1);
  return {
    lastOverFirst: tokensPerSecond.at(-1)! / tokensPerSecond[0],
    slowestOverFastest: Math.min(...steady) / Math.max(...steady),
    firstTokenSpread: Math.max(...steadyFirst) / Math.min(...steadyFirst),
  };
}
