// Time to first visible token in guided mode, next to the test teacher's own first-token time as
// a bare streaming HTTP client sees it: what the engine adds before the user sees anything.
import { priceLookup } from "../src/common/cost/prices";
import { runTurn } from "../src/common/turn/runTurn";
import { estimatingCounter } from "../src/common/conversation/tokenCounter";
import { LlamaStudent } from "../src/node/student/llamaStudent";
import { OpenAITeacher } from "../src/node/teacher/openaiTeacher";
import { startTestTeacherServer } from "../test/support/testTeacherServer";
import { benchModel, CONTEXT_SIZE, loadPrompts, median, THREADS } from "./benchSetup";

export interface FirstTokenResult {
  runs: number;
  teacherFirstTokenMs: number;
  guidedFirstVisibleMs: number;
  /** Target: at most 15. */
  differenceMs: number;
}

/** The server's first content chunk, read with plain fetch: no SDK, no engine. */
export async function bareFirstTokenMs(url: string, question: string): Promise<number> {
  const ac = new AbortController();
  const start = performance.now();
  const res = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer bench" },
    body: JSON.stringify({ model: "gpt-4o-mini", stream: true, max_completion_tokens: 32, messages: [{ role: "user", content: question }] }),
    signal: ac.signal,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error("The stream ended before any content.");
    buffered += decoder.decode(value, { stream: true });
    if (/"content":"[^"]/.test(buffered)) {
      const ms = performance.now() - start;
      ac.abort();
      return ms;
    }
  }
}

export async function measureFirstToken(runs: number): Promise<FirstTokenResult> {
  const modelPath = await benchModel();
  const prompts = loadPrompts();
  // A provider's usual wait before the first token, and its usual pace after.
  const server = await startTestTeacherServer({ firstTokenDelayMs: 40, dripMs: 10 });
  const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "bench", model: "gpt-4o-mini" });
  const student = new LlamaStudent({ modelPath, threads: THREADS, gpu: false, contextSize: CONTEXT_SIZE, maxConversations: 2, maxAnswerTokens: 4 });
  const bare: number[] = [];
  const guided: number[] = [];
  try {
    for (let i = 0; i <= runs; i++) {
      const question = prompts[i % prompts.length].question;
      const b = await bareFirstTokenMs(server.url, question);
      const ac = new AbortController();
      const start = performance.now();
      let first = NaN;
      const conversation = { id: `ft-${i}`, messages: [{ role: "user" as const, text: question }] };
      for await (const e of runTurn(conversation, { mode: "guided", guidanceBudget: 32, cloudMaxTokens: 32, signal: ac.signal }, {
        teacher,
        student,
        counter: estimatingCounter,
        prices: priceLookup({ overrides: {} }),
        now: () => performance.now(),
      })) {
        if (e.type === "guidance" && Number.isNaN(first)) {
          first = performance.now() - start;
          ac.abort();
        }
      }
      if (i === 0) continue; // warm-up: loads the model and opens connections
      bare.push(b);
      guided.push(first);
    }
  } finally {
    await student.dispose();
    await server.close();
  }
  const teacherFirstTokenMs = median(bare);
  const guidedFirstVisibleMs = median(guided);
  return { runs, teacherFirstTokenMs, guidedFirstVisibleMs, differenceMs: guidedFirstVisibleMs - teacherFirstTokenMs };
}
