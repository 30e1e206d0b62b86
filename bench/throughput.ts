// Pipeline overhead: the student's tokens per second through the engine (local mode) next to a
// bare node-llama-cpp LlamaChatSession.prompt on the same model, prompt and settings.
import { priceLookup } from "../src/common/cost/prices";
import { runTurn } from "../src/common/turn/runTurn";
import { estimatingCounter } from "../src/common/conversation/tokenCounter";
import { loadNodeLlamaCpp, studentContextOptions } from "../src/node/student/llamaRuntime";
import { LlamaStudent } from "../src/node/student/llamaStudent";
import { benchModel, CONTEXT_SIZE, loadPrompts, median, requestFor, THREADS } from "./benchSetup";

export interface ThroughputResult {
  runs: number;
  tokens: number;
  engineTokensPerSecond: number;
  bareTokensPerSecond: number;
  /** Target: at least 0.95. */
  ratio: number;
}

const TOKENS = 256;

/** Generated tokens over the whole call, prompt included: the same rule for both ways. */
const rate = (tokens: number, ms: number): number => tokens / (ms / 1000);

export async function measureThroughput(runs: number): Promise<ThroughputResult> {
  const modelPath = await benchModel();
  const prompt = loadPrompts()[0];
  const request = requestFor(prompt, "bare");
  const student = new LlamaStudent({ modelPath, threads: THREADS, gpu: false, contextSize: CONTEXT_SIZE, maxConversations: 1, maxAnswerTokens: TOKENS });

  const { getLlama, LlamaChatSession, ChatMLChatWrapper } = await loadNodeLlamaCpp();
  const llama = await getLlama({ gpu: false, build: "never" });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: CONTEXT_SIZE, threads: THREADS, ...studentContextOptions(llama) });
  const sequence = context.getSequence();

  const engine: number[] = [];
  const bare: number[] = [];
  let tokens = 0;
  try {
    for (let i = 0; i <= runs; i++) {
      // Through the engine: a fresh conversation each time, like a new question.
      let produced = 0;
      const conversation = { id: `engine-${i}`, messages: [{ role: "user" as const, text: prompt.question }] };
      const engineStart = performance.now();
      for await (const e of runTurn(conversation, { mode: "local", guidanceBudget: 0, cloudMaxTokens: 0, signal: new AbortController().signal }, {
        teacher: undefined,
        student,
        counter: estimatingCounter,
        prices: priceLookup({ overrides: {} }),
        now: () => performance.now(),
      })) {
        if (e.type === "done") produced = e.record.studentStats?.outputTokens ?? 0;
      }
      const engineMs = performance.now() - engineStart;

      // Bare: the same prompt on the same model and settings, straight into node-llama-cpp.
      await sequence.clearHistory();
      const session = new LlamaChatSession({ contextSequence: sequence, chatWrapper: new ChatMLChatWrapper(), systemPrompt: request.system, autoDisposeSequence: false });
      const before = sequence.tokenMeter.usedOutputTokens;
      const bareStart = performance.now();
      await session.prompt(request.messages[0].content, { maxTokens: TOKENS, temperature: 0 });
      const bareMs = performance.now() - bareStart;
      const bareTokens = sequence.tokenMeter.usedOutputTokens - before;
      session.dispose();
      if (i === 0) continue; // the first round warms both up
      tokens = produced;
      engine.push(rate(produced, engineMs));
      bare.push(rate(bareTokens, bareMs));
    }
  } finally {
    await student.dispose();
    await sequence.dispose();
    await context.dispose();
    await model.dispose();
  }
  const engineTokensPerSecond = median(engine);
  const bareTokensPerSecond = median(bare);
  return { runs, tokens, engineTokensPerSecond, bareTokensPerSecond, ratio: engineTokensPerSecond / bareTokensPerSecond };
}
