// `npm run ask -- "question"`: the engine in a terminal. Same runTurn as the chat panel.
import { parseArgs } from "node:util";
import { formatRecord } from "../common/format";
import { isMode, type Mode } from "../common/mode";
import { runTurn } from "../common/runTurn";
import { loadGptTokenCounter } from "../node/gptTokenCounter";
import { LlamaStudent } from "../node/llamaStudent";
import { OpenAITeacher } from "../node/openaiTeacher";
import { TerminalAnswerPrinter } from "./terminalAnswerPrinter";
import { errorMessage } from "../common/errorMessage";

const USAGE = `Usage: npm run ask -- [options] "question"

  --mode guided|local|cloud   default guided (local when no teacher is configured)
  --model FILE                student model (.gguf); default $HEADSTART_MODEL
  --teacher-url URL           OpenAI-compatible base URL; default $HEADSTART_TEACHER_URL,
                              else https://api.openai.com/v1 when OPENAI_API_KEY is set
  --teacher-model NAME        default $HEADSTART_TEACHER_MODEL or gpt-4o-mini
  --budget N                  guidance tokens in guided mode; default 32
  --max-tokens-field F        max_completion_tokens (default) or max_tokens
  --no-usage                  do not ask for the usage chunk (for servers that reject it)
  --threads N                 student CPU threads; default one fewer than the cores here
  The teacher's API key is read from OPENAI_API_KEY.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      mode: { type: "string" },
      model: { type: "string" },
      "teacher-url": { type: "string" },
      "teacher-model": { type: "string" },
      budget: { type: "string", default: "32" },
      "max-tokens-field": { type: "string", default: "max_completion_tokens" },
      "no-usage": { type: "boolean", default: false },
      threads: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const question = positionals.join(" ").trim();
  if (values.help || !question) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const modelPath = values.model ?? process.env.HEADSTART_MODEL;
  if (!modelPath) {
    console.error("No student model: pass --model path/to/model.gguf (or set HEADSTART_MODEL).");
    return 2;
  }
  const apiKey = process.env.OPENAI_API_KEY;
  const baseURL = values["teacher-url"] ?? process.env.HEADSTART_TEACHER_URL ?? (apiKey ? "https://api.openai.com/v1" : undefined);
  const budget = Number(values.budget);
  const field = values["max-tokens-field"];
  if (!Number.isInteger(budget) || budget < 1) return fail("--budget must be a positive whole number.");
  if (field !== "max_completion_tokens" && field !== "max_tokens") return fail("--max-tokens-field must be max_completion_tokens or max_tokens.");
  if (values.mode !== undefined && !isMode(values.mode)) return fail("--mode must be guided, local or cloud.");
  const threads = values.threads === undefined ? "auto" : Number(values.threads);
  if (threads !== "auto" && !(Number.isInteger(threads) && threads > 0)) return fail("--threads must be a positive whole number.");

  let mode: Mode = values.mode ?? "guided";
  if (!baseURL && mode !== "local") {
    console.error("No teacher configured (no --teacher-url and no OPENAI_API_KEY): answering in local mode.");
    mode = "local";
  }
  const teacher = baseURL
    ? new OpenAITeacher({
        baseURL,
        apiKey,
        model: values["teacher-model"] ?? process.env.HEADSTART_TEACHER_MODEL ?? "gpt-4o-mini",
        maxTokensField: field,
        includeUsage: !values["no-usage"],
      })
    : undefined;
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
      { teacher, student, counter: await loadGptTokenCounter(), priceOverrides: {}, now: () => performance.now() },
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
          printer.note(`teacher skipped: ${event.message}`);
          break;
        case "note":
          printer.note(event.message);
          break;
        case "error":
          failed = true;
          printer.note(`error: ${event.message}`);
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
