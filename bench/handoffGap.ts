// Handoff gap: from the last guidance token to the student's first new token, through the engine
// (the student's cache follows the guidance as it streams), with the prompt alone preloaded, and
// with nothing preloaded, next to the time llama.cpp needs to evaluate the guidance tokens alone.
import { cutGuidance } from "../src/common/turn/guidanceCut";
import { loadNodeLlamaCpp, studentContextOptions } from "../src/node/student/llamaRuntime";
import { LlamaStudent } from "../src/node/student/llamaStudent";
import { OpenAITeacher } from "../src/node/teacher/openaiTeacher";
import { DEFAULT_TEST_ANSWER, startTestTeacherServer, tokenPieces } from "../test/support/testTeacherServer";
import { benchModel, CONTEXT_SIZE, GUIDANCE_BUDGET, guidedTurn, loadPrompts, median, requestFor, THREADS, type BenchPrompt } from "./benchSetup";

export interface HandoffGapResult {
  runs: number;
  guidanceTokens: number;
  /** Through the engine, with the test teacher streaming: the student's cache follows the guidance. */
  withPreloadMs: number;
  /** The prompt preloaded, the guidance not: what a one-shot preload leaves for the handoff. */
  promptOnlyPreloadMs: number;
  withoutPreloadMs: number;
  guidanceEvalMs: number;
  /** Target: at most 1.2. */
  preloadVsGuidanceEval: number;
  /** Target: at most 0.5. */
  preloadVsNoPreload: number;
}

/** About what a fast cloud model streams: 100 tokens a second. */
const TEACHER_DRIP_MS = 10;

async function firstChunkMs(student: LlamaStudent, request: ReturnType<typeof requestFor>, prefix: string): Promise<number> {
  const ac = new AbortController();
  const start = performance.now();
  let first = NaN;
  for await (const chunk of student.continue(request, prefix, ac.signal)) {
    if (chunk.type === "text" && Number.isNaN(first)) {
      first = performance.now() - start;
      ac.abort();
    }
  }
  return first;
}

export async function measureHandoffGap(runs: number): Promise<HandoffGapResult> {
  const modelPath = await benchModel();
  const prompts = loadPrompts();
  const guidance = cutGuidance(tokenPieces(DEFAULT_TEST_ANSWER).slice(0, GUIDANCE_BUDGET).map((p) => p.text).join("")).kept;
  const student = new LlamaStudent({ modelPath, threads: THREADS, gpu: false, contextSize: CONTEXT_SIZE, maxConversations: 2, maxAnswerTokens: 8 });
  const server = await startTestTeacherServer({ dripMs: TEACHER_DRIP_MS });
  const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "bench", model: "gpt-4o-mini" });

  // The same model, bare: how long evaluating just the guidance tokens takes after the prompt.
  const { getLlama, LlamaChatSession, ChatMLChatWrapper } = await loadNodeLlamaCpp();
  const llama = await getLlama({ gpu: false, build: "never" });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: CONTEXT_SIZE, threads: THREADS, ...studentContextOptions(llama) });
  const guidanceTokens = model.tokenize(guidance);

  const engine: number[] = [];
  const promptOnly: number[] = [];
  const without: number[] = [];
  const evalOnly: number[] = [];
  try {
    await firstChunkMs(student, requestFor(prompts[0], "warm-up"), guidance);
    for (let i = 0; i < runs; i++) {
      // A different prompt for each way, so no way finds another's tokens in a reused cache.
      const [p, q, r] = [0, 10, 20].map((k) => prompts[(i + k) % prompts.length]) as [BenchPrompt, BenchPrompt, BenchPrompt];
      engine.push((await guidedTurn(student, teacher, p.question, `engine-${i}`)).handoffGapMs);

      const a = requestFor(q, `pre-${i}`);
      await student.preload(a, new AbortController().signal);
      promptOnly.push(await firstChunkMs(student, a, guidance));
      without.push(await firstChunkMs(student, requestFor(r, `cold-${i}`), guidance));

      const sequence = context.getSequence();
      const session = new LlamaChatSession({ contextSequence: sequence, chatWrapper: new ChatMLChatWrapper(), systemPrompt: a.system });
      await session.preloadPrompt(a.messages.at(-1)!.content);
      const start = performance.now();
      await sequence.evaluateWithoutGeneratingNewTokens(guidanceTokens);
      evalOnly.push(performance.now() - start);
      session.dispose();
      await sequence.dispose();
    }
  } finally {
    await student.dispose();
    await server.close();
    await context.dispose();
    await model.dispose();
  }
  const withPreloadMs = median(engine);
  const withoutPreloadMs = median(without);
  const guidanceEvalMs = median(evalOnly);
  return {
    runs,
    guidanceTokens: guidanceTokens.length,
    withPreloadMs,
    promptOnlyPreloadMs: median(promptOnly),
    withoutPreloadMs,
    guidanceEvalMs,
    preloadVsGuidanceEval: withPreloadMs / guidanceEvalMs,
    preloadVsNoPreload: withPreloadMs / withoutPreloadMs,
  };
}
