// `npm run ask -- "question"`: the engine in a terminal. Same runTurn as the chat panel.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatRecord } from "../common/format";
import { isMode, type Mode } from "../common/mode";
import { priceLookup, type PriceLookup } from "../common/prices";
import { checkTeacher, formatTeacherCheck } from "../common/teacherCheck";
import { runTurn } from "../common/runTurn";
import { loadGptTokenCounter } from "../node/gptTokenCounter";
import { LivePriceSources } from "../node/livePriceSources";
import { LlamaStudent } from "../node/llamaStudent";
import { isReasoningEffort, OpenAITeacher } from "../node/openaiTeacher";
import { isLoopbackUrl } from "../common/loopbackUrl";
import { knownProvider } from "../common/providerQuirks";
import { userCacheDir } from "../node/userCacheDir";
import { terminalAdvice } from "./terminalAdvice";
import { TerminalAnswerPrinter } from "./terminalAnswerPrinter";
import { errorMessage } from "../common/errorMessage";

const USAGE = `Usage: npm run ask -- [options] "question"
       npm run ask -- --check [teacher options]   test the teacher connection

  --mode guided|local|cloud   default guided (local when no teacher is configured)
  --model FILE                student model (.gguf); default $HEADSTART_MODEL
  --teacher-url URL           OpenAI-compatible base URL; default $HEADSTART_TEACHER_URL,
                              else https://api.openai.com/v1 when OPENAI_API_KEY is set
  --teacher-model NAME        default $HEADSTART_TEACHER_MODEL or gpt-4o-mini
  --budget N                  guidance tokens in guided mode; default 32
  --max-tokens-field F        max_completion_tokens or max_tokens; default what the provider
                              is known to accept, and what it turns out to accept
  --reasoning-effort E        auto (default: the lowest the model takes), omit, none, minimal,
                              low, medium or high
  --no-usage                  do not ask for the usage chunk (for servers that reject it)
  --threads N                 student CPU threads; default one fewer than the cores here
  --check                     send the teacher one tiny request and report what happened:
                              time to first token, model, usage, cost, refused parameters, cap
  The teacher's API key is read from OPENAI_API_KEY (a server on this machine needs none).`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: OPTIONS });
  } catch (e) {
    // An unknown or malformed flag: say which, and how to call it.
    console.error(`${errorMessage(e)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const question = positionals.join(" ").trim();
  if (values.help || (!question && !values.check)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  // An empty variable counts as unset.
  const apiKey = process.env.OPENAI_API_KEY || undefined;
  const baseURL = values["teacher-url"] ?? (process.env.HEADSTART_TEACHER_URL || undefined) ?? (apiKey ? "https://api.openai.com/v1" : undefined);
  if (baseURL !== undefined && !/^https?:\/\/[^\s/]+/i.test(baseURL)) {
    return fail(`--teacher-url must be an http(s) URL such as https://api.openai.com/v1 or http://localhost:11434/v1, not “${baseURL}”.`);
  }
  const budget = Number(values.budget);
  const field = values["max-tokens-field"];
  if (!Number.isInteger(budget) || budget < 1) return fail("--budget must be a positive whole number.");
  if (field !== undefined && field !== "max_completion_tokens" && field !== "max_tokens") return fail("--max-tokens-field must be max_completion_tokens or max_tokens.");
  const effort = values["reasoning-effort"];
  if (!isReasoningEffort(effort)) return fail("--reasoning-effort must be auto, omit, none, minimal, low, medium or high.");
  if (values.mode !== undefined && !isMode(values.mode)) return fail("--mode must be guided, local or cloud.");
  const threads = values.threads === undefined ? "auto" : Number(values.threads);
  if (threads !== "auto" && !(Number.isInteger(threads) && threads > 0)) return fail("--threads must be a positive whole number.");

  const counter = await loadGptTokenCounter();
  const teacherModel = values["teacher-model"] ?? process.env.HEADSTART_TEACHER_MODEL ?? "gpt-4o-mini";
  const teacher = baseURL
    ? new OpenAITeacher({
        baseURL,
        // Local servers (Ollama, LM Studio, llama.cpp server) take any key.
        apiKey: apiKey ?? (isLoopbackUrl(baseURL) ? "local" : undefined),
        model: teacherModel,
        quirks: knownProvider(baseURL).quirks,
        ...(field !== undefined ? { maxTokensField: field } : {}),
        ...(values["no-usage"] ? { includeUsage: false } : {}),
        reasoningEffort: effort,
        countTokens: (text) => counter.count(text, teacherModel).tokens,
      })
    : undefined;
  // OpenRouter's list is cached in the user's own cache folder, not the shared temp folder: no
  // other user can plant prices there, and it outlives reboots, so it is fetched once a day.
  const prices = new LivePriceSources({ openRouterCacheFile: join(userCacheDir("headstart"), "openrouter-prices.json"), log: (line) => console.error(line) });
  // Loads beside the answer; the turn is priced from what has loaded when it ends.
  const pricesLoaded = baseURL ? prices.prepare(baseURL) : Promise.resolve();
  const lookup: PriceLookup = (model) => priceLookup({ overrides: {}, ...prices.sources() })(model);

  if (values.check) {
    if (!teacher) return fail("No teacher to check: pass --teacher-url (or set OPENAI_API_KEY for OpenAI).");
    await pricesLoaded;
    const report = await checkTeacher(teacher, { now: () => performance.now(), prices: lookup, counter }, new AbortController().signal);
    for (const line of formatTeacherCheck(report)) console.log(terminalAdvice(line));
    return report.failure ? 1 : 0;
  }
  return answer({ question, values, baseURL, teacher, counter, lookup, pricesLoaded, threads });
}

const OPTIONS = {
      mode: { type: "string" },
      model: { type: "string" },
      "teacher-url": { type: "string" },
      "teacher-model": { type: "string" },
      budget: { type: "string", default: "32" },
      "max-tokens-field": { type: "string" },
      "reasoning-effort": { type: "string", default: "auto" },
      "no-usage": { type: "boolean", default: false },
      threads: { type: "string" },
      check: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
} as const;

interface AnswerInputs {
  question: string;
  values: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof OPTIONS }>>["values"];
  baseURL: string | undefined;
  teacher: OpenAITeacher | undefined;
  counter: Awaited<ReturnType<typeof loadGptTokenCounter>>;
  lookup: PriceLookup;
  pricesLoaded: Promise<void>;
  threads: number | "auto";
}

/** Answers the question with the engine, printing as it streams; non-zero when no answer came. */
async function answer({ question, values, baseURL, teacher, counter, lookup, pricesLoaded, threads }: AnswerInputs): Promise<number> {
  const budget = Number(values.budget);
  const modelPath = values.model ?? process.env.HEADSTART_MODEL;
  if (!modelPath) {
    console.error("No student model: pass --model path/to/model.gguf (or set HEADSTART_MODEL).");
    return 2;
  }
  let mode: Mode = isMode(values.mode) ? values.mode : "guided";
  if (!baseURL && mode !== "local") {
    console.error("No teacher configured (no --teacher-url and no OPENAI_API_KEY): answering in local mode.");
    mode = "local";
  }
  const student = new LlamaStudent({ modelPath, threads });
  const controller = new AbortController();
  // First Ctrl+C stops the answer and keeps what was written; a second one quits at once.
  process.once("SIGINT", () => {
    controller.abort();
    process.once("SIGINT", () => process.exit(130));
  });

  const printer = new TerminalAnswerPrinter(process.stdout);
  const conversation = { id: "cli", messages: [{ role: "user" as const, text: question }] };
  let failed = false;
  try {
    const events = runTurn(
      conversation,
      { mode, guidanceBudget: budget, cloudMaxTokens: 2048, signal: controller.signal },
      { teacher, student, counter, prices: lookup, now: () => performance.now() },
    );
    for await (const event of events) {
      switch (event.type) {
        case "guidance":
          printer.guidance(event.text);
          break;
        case "handoff":
          printer.handoff();
          break;
        case "student":
          printer.student(event.text);
          break;
        case "notice":
          printer.note(`teacher skipped: ${terminalAdvice(event.message)}`);
          break;
        case "note":
          printer.note(terminalAdvice(event.message));
          break;
        case "error":
          failed = true;
          printer.note(`error: ${terminalAdvice(event.message)}`);
          break;
        case "done":
          printer.end(formatRecord(event.record));
          break;
        case "start":
        case "teacher-request":
          break;
      }
    }
  } finally {
    await student.dispose();
    // A fetched list is saved before the process exits.
    await pricesLoaded;
  }
  return failed ? 1 : 0;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(errorMessage(e));
    process.exit(1);
  },
);
