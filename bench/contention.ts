// Throughput under contention: the student's tokens per second with the product's default thread
// count, alone and with as many busy processes as there are cores beside it, measured side by
// side; and the same for the alternatives the default was chosen over (every core, and
// node-llama-cpp's own CPU default of max(4, cores)), each given a time limit so a stalled one
// cannot hold the run up.
import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";
import { studentThreads } from "../src/common/student/studentThreads";
import { loadNodeLlamaCpp, studentContextOptions } from "../src/node/student/llamaRuntime";
import { LlamaStudent } from "../src/node/student/llamaStudent";
import { benchModel, median, SYSTEM_PROMPT } from "./benchSetup";

export interface ContentionRow {
  /** Which thread choice. */
  threads: string;
  idleTokensPerSecond: number;
  busyTokensPerSecond: number;
  /** busy / idle; a fair share on two cores is 0.33 to 0.5. */
  ratio: number;
}

export interface ContentionResult {
  cores: number;
  busyProcesses: number;
  rows: ContentionRow[];
  /** The product's default (first row); target at least 0.30. */
  defaultRatio: number;
}

const TOKENS = 300;
const TIME_LIMIT_MS = 15_000;

/** `n` processes that each keep a core busy until stopped. */
function busy(n: number): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }));
}

export async function measureContention(runs: number): Promise<ContentionResult> {
  const modelPath = await benchModel();
  const cores = availableParallelism();
  const { getLlama, LlamaChatSession, ChatMLChatWrapper, LlamaLogLevel } = await loadNodeLlamaCpp();
  // node-llama-cpp's own CPU default cap: max(4, cores).
  const llama = await getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error });
  const defaultCap = llama.maxThreads;
  const question = "Tell me a story about a dog.";

  /** The product's default: the student as the extension creates it, with no thread count. */
  const product = async (): Promise<number> => {
    const student = new LlamaStudent({ modelPath, gpu: false, contextSize: 1024, maxAnswerTokens: TOKENS });
    const stop = AbortSignal.timeout(TIME_LIMIT_MS);
    let rate = 0;
    const request = { conversationId: "bench", system: SYSTEM_PROMPT, messages: [{ role: "user" as const, content: question }] };
    // From the first generated token to the last, as the student reports it: loading is not timed.
    for await (const chunk of student.continue(request, "Once upon a time", stop)) {
      if (chunk.type === "end") rate = chunk.stats.tokensPerSecond;
    }
    await student.dispose();
    return rate;
  };

  /** Tokens per second of one answer, bare node-llama-cpp, with these thread settings. */
  const bare = async (maxThreads: number, threads: number | undefined): Promise<number> => {
    llama.maxThreads = maxThreads;
    const model = await llama.loadModel({ modelPath });
    const context = await model.createContext({ contextSize: 1024, ...studentContextOptions(llama), ...(threads === undefined ? {} : { threads }) });
    const session = new LlamaChatSession({ contextSequence: context.getSequence(), chatWrapper: new ChatMLChatWrapper() });
    // From the first generated token to the last, as the student measures itself.
    let tokens = 0;
    let first: number | undefined;
    let last = 0;
    await session.prompt(question, {
      responsePrefix: "Once upon a time",
      maxTokens: TOKENS,
      temperature: 0,
      signal: AbortSignal.timeout(TIME_LIMIT_MS),
      stopOnAbortSignal: true,
      onResponseChunk: (c) => {
        last = performance.now();
        if (first === undefined) first = last;
        else tokens += c.tokens.length;
      },
    });
    const seconds = first === undefined ? 0 : (last - first) / 1000;
    await context.dispose();
    await model.dispose();
    return seconds > 0 ? tokens / seconds : 0;
  };

  const ours = studentThreads("auto", { math: llama.cpuMathCores, available: cores });
  const choices: { threads: string; run: () => Promise<number> }[] = [
    { threads: `Headstart's default: ${ours} (cores - 1)`, run: product },
    { threads: `every core: ${cores}`, run: () => bare(cores, cores) },
    { threads: `node-llama-cpp's default: ${defaultCap}`, run: () => bare(defaultCap, undefined) },
  ];
  const rows: ContentionRow[] = [];
  for (const c of choices) {
    const idle: number[] = [];
    const loaded: number[] = [];
    for (let i = 0; i < runs; i++) {
      idle.push(await c.run());
      const hogs = busy(cores);
      try {
        loaded.push(await c.run());
      } finally {
        for (const h of hogs) h.kill();
      }
    }
    const [idleTps, busyTps] = [median(idle), median(loaded)];
    rows.push({ threads: c.threads, idleTokensPerSecond: idleTps, busyTokensPerSecond: busyTps, ratio: busyTps / idleTps });
  }
  return { cores, busyProcesses: cores, rows, defaultRatio: rows[0].ratio };
}
