// Input lookup on and off, side by side: the student guesses its next tokens by finding the last
// few it wrote in the prompt, and checks the guesses in one evaluation. Two answers: one whose
// attached file is the story the model itself wrote to the same question (so the answer can repeat
// it), and one about code it does not repeat. stories260K cannot copy much: it is a 260K-parameter
// story model, so the first case shows what a guess costs when most are wrong, as they are here.
import type { ChatMessage } from "../src/common/conversation/conversation";
import type { StudentStats } from "../src/common/models/student";
import { LlamaStudent } from "../src/node/student/llamaStudent";
import { toModelRequest } from "../src/common/conversation/prompt";
import { benchModel, CONTEXT_SIZE, loadPrompts, median, THREADS } from "./benchSetup";

export interface InputLookupRow {
  answer: string;
  offTokensPerSecond: number;
  onTokensPerSecond: number;
  /** On / off; above 1: lookup is faster. */
  ratio: number;
  validated: number;
  refuted: number;
}

export interface InputLookupResult {
  runs: number;
  answerTokens: number;
  rows: InputLookupRow[];
  /**
   * Whether lookup pays: at least 5% faster on the answer with its own story attached (the one
   * most likely to repeat it), and at most 5% slower on the other. What the product's default
   * should be on this machine.
   */
  pays: boolean;
}

const ANSWER_TOKENS = 200;
const STORY_QUESTION = "Once upon a time there was a little girl named Lily.";

async function answer(student: LlamaStudent, id: string, messages: ChatMessage[]): Promise<{ text: string; stats: StudentStats }> {
  let text = "";
  let stats: StudentStats | undefined;
  for await (const chunk of student.continue(toModelRequest({ id, messages }), "", new AbortController().signal)) {
    if (chunk.type === "text") text += chunk.text;
    if (chunk.type === "end") stats = chunk.stats;
  }
  if (stats === undefined) throw new Error(`The answer ${id} ended without its statistics.`);
  return { text, stats };
}

export async function measureInputLookup(runs: number): Promise<InputLookupResult> {
  const modelPath = await benchModel();
  const make = (inputLookup: boolean): LlamaStudent =>
    new LlamaStudent({ modelPath, threads: THREADS, gpu: false, contextSize: CONTEXT_SIZE, maxConversations: 2, maxAnswerTokens: ANSWER_TOKENS, inputLookup });
  const off = make(false);
  const on = make(true);
  try {
    const story = (await answer(off, "story", [{ role: "user", text: STORY_QUESTION }])).text;
    const code = loadPrompts().find((p) => p.id === "refactor-ts");
    if (code?.context === undefined) throw new Error("The bench prompt refactor-ts, with its code, is missing.");
    const answers: [string, ChatMessage[]][] = [
      ["its own earlier story attached", [{ role: "user", text: STORY_QUESTION, context: [{ fileName: "story.txt", language: "", kind: "file", text: story }] }]],
      ["code attached (refactor-ts)", [{ role: "user", text: code.question, context: [{ fileName: "snippet.ts", language: "typescript", kind: "selection", text: code.context }] }]],
    ];
    const rows: InputLookupRow[] = [];
    for (const [name, messages] of answers) {
      const speeds = { off: [] as number[], on: [] as number[] };
      let predictions = { validated: 0, refuted: 0 };
      for (let i = 0; i <= runs; i++) {
        // Alternating order; each run a new conversation, so both evaluate the same prompt afresh.
        for (const way of i % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const)) {
          const { stats } = await answer(way === "on" ? on : off, `${name}-${way}-${i}`, messages);
          if (i === 0) continue; // warm-up
          speeds[way].push(stats.tokensPerSecond);
          if (way === "on" && stats.predictions !== undefined) predictions = stats.predictions; // the same every run: greedy
        }
      }
      const offTokensPerSecond = median(speeds.off);
      const onTokensPerSecond = median(speeds.on);
      rows.push({ answer: name, offTokensPerSecond, onTokensPerSecond, ratio: onTokensPerSecond / offTokensPerSecond, ...predictions });
    }
    const [repeats, other] = rows as [InputLookupRow, InputLookupRow];
    return { runs, answerTokens: ANSWER_TOKENS, rows, pays: repeats.ratio >= 1.05 && other.ratio >= 0.95 };
  } finally {
    await on.dispose();
    await off.dispose();
  }
}
