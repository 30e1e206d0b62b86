// Long conversations stay fast: twelve turns of one conversation on stories260K with a
// 1,024-token context and the product's defaults otherwise; the last turn's tokens per second
// and time to its first token, each as a ratio to the first turn's.
import { priceLookup } from "../src/common/prices";
import { runTurn } from "../src/common/runTurn";
import { estimatingCounter } from "../src/common/tokenCounter";
import type { ChatMessage } from "../src/common/conversation";
import { LlamaStudent } from "../src/node/llamaStudent";
import { benchModel, median } from "./benchSetup";

export interface LongConversationResult {
  turns: number;
  contextSize: number;
  /** Per turn: generated tokens per second, and milliseconds to the first visible token. */
  tokensPerSecond: number[];
  firstTokenMs: number[];
  /** Turns at which the student said it left older messages out. */
  trimmedAt: number[];
  /** Last turn / first turn, medians over the runs. Target for tokens/s: at least 0.7. */
  tokensPerSecondRatio: number;
  firstTokenRatio: number;
}

const TURNS = 12;
const CONTEXT_SIZE = 1024;

export async function measureLongConversation(runs: number): Promise<LongConversationResult> {
  const modelPath = await benchModel();
  const tpsRatios: number[] = [];
  const ftRatios: number[] = [];
  let last: Omit<LongConversationResult, "tokensPerSecondRatio" | "firstTokenRatio"> | undefined;
  for (let run = 0; run < runs; run++) {
    const student = new LlamaStudent({ modelPath, gpu: false, contextSize: CONTEXT_SIZE, maxAnswerTokens: 256 });
    const messages: ChatMessage[] = [];
    const tokensPerSecond: number[] = [];
    const firstTokenMs: number[] = [];
    const trimmedAt: number[] = [];
    try {
      for (let turn = 0; turn < TURNS; turn++) {
        messages.push({ role: "user", text: `Tell me story number ${turn + 1}, about a dog and a cat in the park.` });
        const events = runTurn({ id: `long-${run}`, messages }, { mode: "local", guidanceBudget: 0, cloudMaxTokens: 0, signal: new AbortController().signal }, {
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
        }
      }
    } finally {
      await student.dispose();
    }
    tpsRatios.push(tokensPerSecond.at(-1)! / tokensPerSecond[0]);
    ftRatios.push(firstTokenMs.at(-1)! / firstTokenMs[0]);
    last = { turns: TURNS, contextSize: CONTEXT_SIZE, tokensPerSecond, firstTokenMs, trimmedAt };
  }
  return { ...last!, tokensPerSecondRatio: median(tpsRatios), firstTokenRatio: median(ftRatios) };
}
