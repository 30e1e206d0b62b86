// `npm run eval -- --set FILE`: a question set through every mode, accuracy and cost side by side.
import { fail, runMain } from "../src/cli/util/runMain";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { errorMessage } from "../src/common/util/errorMessage";
import { formatUsd } from "../src/common/cost/money";
import { plural } from "../src/common/util/plural";
import { isMode, MODES, type Mode } from "../src/common/conversation/mode";
import { priceLookup, type PriceLookup } from "../src/common/cost/prices";
import { DEFAULT_AUTO } from "../src/common/turn/turnOptions";
import { SETTINGS } from "../src/common/settings/settings";
import { TEACHER_CONTEXT_KINDS, type TeacherContextKind } from "../src/common/teacherView/teacherContext";
import { loadGptTokenCounter } from "../src/node/cost/gptTokenCounter";
import { LivePriceSources } from "../src/node/cost/livePriceSources";
import { LlamaStudent } from "../src/node/student/llamaStudent";
import { userCacheDir } from "../src/node/util/userCacheDir";
import { DEFAULT_CHECK_TIMEOUT_MS } from "./checkAnswer";
import { configuredTeacher } from "../src/node/teacher/configuredTeacher";
import { formatReport } from "./printReport";
import { loadQuestionSet, QuestionSetError, type EvalQuestion } from "./questionSet";
import { EVAL_AUTO, runEval, whyModeCannotRun } from "./runEval";
import { TerminalSpend } from "../src/cli/compose/terminalSpend";

const USAGE = `Usage: npm run eval -- --set FILE [options]

  Asks every question of the set in each mode, judges the answers, and prints accuracy and
  cost per mode side by side; the JSON report has every answer.

  --set FILE             the question set: JSONL, one {"question", "file"?, "expect"} a line
  --modes LIST           comma-separated, from local, guided, auto, cloud; default all four
  --model FILE           student model (.gguf); default $HEADSTART_MODEL
  --teacher-url URL      OpenAI-compatible base URL; default $HEADSTART_TEACHER_URL,
                         else https://api.openai.com/v1 when OPENAI_API_KEY is set
  --teacher-model NAME   default $HEADSTART_TEACHER_MODEL or gpt-4o-mini
  --budget N             guidance tokens in guided and auto mode; default 32
  --threshold P          auto mode: the student goes on alone when its probe is at least P
                         percent sure (0 to 100, as headstart.auto.threshold); default ${DEFAULT_AUTO.threshold * 100}.
                         Every question is a first turn, and each is decided by the probe.
  --context C            what the teacher is sent with an attached file: budgeted (default),
                         full or question-only
  --context-budget N     most tokens the teacher is sent in budgeted context; default ${SETTINGS["teacher.contextBudget"].default}
  --threads N            student CPU threads; default one fewer than the cores here
  --check-timeout S      seconds a "command" checker may run before it fails; default ${DEFAULT_CHECK_TIMEOUT_MS / 1000}
  --report FILE          where the JSON report goes; default .eval-results/report.json
  --test-teacher FILE    start the test teacher (a test double with canned answers, not a model)
                         with the answers in FILE and use it as the teacher, e.g.
                         --test-teacher eval/sample-teacher.json to try eval/sample.jsonl
  The teacher's API key is read from OPENAI_API_KEY (a server on this machine needs none).
  Modes that need a teacher are skipped when none is configured; Ctrl+C stops, and the
  report covers what was done.`;

/** Cheapest first: the student alone, then with more and more of the teacher. */
const DEFAULT_MODES = "local,guided,auto,cloud";

const OPTIONS = {
  set: { type: "string" },
  modes: { type: "string", default: DEFAULT_MODES },
  model: { type: "string" },
  "teacher-url": { type: "string" },
  "teacher-model": { type: "string" },
  budget: { type: "string", default: "32" },
  threshold: { type: "string", default: String(DEFAULT_AUTO.threshold * 100) },
  threads: { type: "string" },
  context: { type: "string", default: "budgeted" },
  "context-budget": { type: "string", default: String(SETTINGS["teacher.contextBudget"].default) },
  "check-timeout": { type: "string", default: String(DEFAULT_CHECK_TIMEOUT_MS / 1000) },
  report: { type: "string", default: join(".eval-results", "report.json") },
  "test-teacher": { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: OPTIONS }));
  } catch (e) {
    return fail(`${errorMessage(e)}\n\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.set) return fail(`--set FILE is required.\n\n${USAGE}`);

  const modes = [...new Set(values.modes.split(",").map((m) => m.trim()).filter((m) => m !== ""))];
  if (modes.length === 0 || !modes.every(isMode)) return fail(`--modes takes a comma-separated list of ${MODES.join(", ")}, not “${values.modes}”.`);
  const budget = Number(values.budget);
  if (!Number.isInteger(budget) || budget < 1) return fail("--budget must be a positive whole number.");
  const threshold = Number(values.threshold) / 100;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) return fail("--threshold must be a percentage from 0 to 100, such as 80 (as headstart.auto.threshold).");
  const threads = values.threads === undefined ? "auto" : Number(values.threads);
  if (threads !== "auto" && !(Number.isInteger(threads) && threads > 0)) return fail("--threads must be a positive whole number.");
  if (!TEACHER_CONTEXT_KINDS.includes(values.context as TeacherContextKind)) return fail("--context must be budgeted, full or question-only.");
  const teacherContext = { kind: values.context as TeacherContextKind, budget: Number(values["context-budget"]) };
  if (!Number.isInteger(teacherContext.budget) || teacherContext.budget < 64) return fail("--context-budget must be a whole number of tokens, at least 64.");
  const checkTimeoutS = Number(values["check-timeout"]);
  if (!Number.isFinite(checkTimeoutS) || checkTimeoutS <= 0) return fail("--check-timeout must be a positive number of seconds.");

  // An empty variable counts as unset, as in `npm run ask`.
  const apiKey = process.env.OPENAI_API_KEY || undefined;
  if (values["test-teacher"] !== undefined && values["teacher-url"] !== undefined) return fail("Pass --teacher-url or --test-teacher, not both.");
  let baseURL = values["teacher-url"] ?? (process.env.HEADSTART_TEACHER_URL || undefined) ?? (apiKey ? "https://api.openai.com/v1" : undefined);
  if (values["test-teacher"] === undefined && baseURL !== undefined && !/^https?:\/\/[^\s/]+/i.test(baseURL)) {
    return fail(`--teacher-url must be an http(s) URL such as https://api.openai.com/v1 or http://localhost:11434/v1, not “${baseURL}”.`);
  }

  let questions: EvalQuestion[];
  try {
    questions = loadQuestionSet(values.set);
  } catch (e) {
    if (e instanceof QuestionSetError) return fail(e.message);
    throw e;
  }

  const cleanups: (() => Promise<void>)[] = [];
  try {
    if (values["test-teacher"] !== undefined) {
      const { loadTestTeacherAnswers } = await import("./testTeacherAnswers");
      const answers = loadTestTeacherAnswers(values["test-teacher"]);
      const { startTestTeacherServer } = await import("../test/support/testTeacherServer");
      const server = await startTestTeacherServer({ answers });
      cleanups.push(() => server.close());
      baseURL = server.url;
      console.error(`Test teacher (a test double with canned answers, not a model) at ${baseURL}`);
    }
    const teacherModel = values["teacher-model"] ?? (process.env.HEADSTART_TEACHER_MODEL || undefined) ?? "gpt-4o-mini";
    const counter = await loadGptTokenCounter();
    const teacher = baseURL ? configuredTeacher({ baseURL, apiKey, model: teacherModel, counter }) : undefined;
    const prices = new LivePriceSources({ openRouterCacheFile: join(userCacheDir("headstart"), "openrouter-prices.json"), log: (line) => console.error(line) });
    // Every answer is priced from the same lists: they load before the first question.
    if (baseURL) await prices.prepare(baseURL);
    const lookup: PriceLookup = (model) => priceLookup({ overrides: {}, ...prices.sources() })(model);

    const modelPath = values.model ?? (process.env.HEADSTART_MODEL || undefined);
    const student = modelPath ? new LlamaStudent({ modelPath, threads }) : undefined;
    if (student) cleanups.push(() => student.dispose());

    const runnable = modes.filter((m) => whyModeCannotRun(m, { teacher, student }) === undefined);
    if (runnable.length === 0) {
      return fail(
        `Nothing to run: ${modes.map((m) => `${m} (${whyModeCannotRun(m, { teacher, student })})`).join(", ")}. ` +
          "Pass --model path/to/model.gguf (or set HEADSTART_MODEL) and --teacher-url URL (or set OPENAI_API_KEY).",
      );
    }

    const controller = new AbortController();
    // First Ctrl+C stops after writing what was done; a second one quits at once.
    process.once("SIGINT", () => {
      console.error("\nStopping…");
      controller.abort();
      process.once("SIGINT", () => process.exit(130));
    });

    console.error(`${plural(questions.length, "question")} from ${values.set}; modes ${modes.join(", ")}; student ${modelPath ?? "none"}; teacher ${teacher ? `${teacherModel} at ${baseURL}` : "none"}`);
    const counts = new Map<Mode, number>();
    // What the run pays the teacher goes into the same spend journal as VS Code's, within the same
    // limits. A test teacher is paid nothing: its charges, priced as the model it stands in for,
    // are made up, so they go to a journal of this run's own beside the report, fresh each run.
    const ownJournal = values["test-teacher"] !== undefined ? join(dirname(resolve(values.report)), "spend-journal.jsonl") : undefined;
    if (ownJournal) rmSync(ownJournal, { force: true });
    const spend = new TerminalSpend({ face: "eval", baseUrl: baseURL, report: (problem) => console.error(problem), ...(ownJournal ? { file: ownJournal, userLimits: false } : {}) });
    const report = await runEval(
      {
        setFile: values.set,
        questions,
        modes,
        studentModel: modelPath ?? null,
        guidanceBudget: budget,
        cloudMaxTokens: 2048,
        auto: { ...EVAL_AUTO, threshold },
        teacherContext,
        signal: controller.signal,
        checkTimeoutMs: checkTimeoutS * 1000,
        checkCwd: dirname(resolve(values.set)),
        onSkip: (mode, reason) => console.error(`${mode}: skipped (${reason})`),
        spend,
        onResult: (r) => {
          const n = (counts.get(r.mode) ?? 0) + 1;
          counts.set(r.mode, n);
          const verdict = r.error !== undefined ? `error: ${r.error}` : r.passed ? "pass" : `fail${r.detail ? ` (${r.detail})` : ""}`;
          console.error(`  ${r.mode} ${n}/${questions.length} ${r.id}: ${verdict}; cost ${formatUsd(r.costUsd)}${r.notice ? `; teacher skipped (${r.notice})` : ""}`);
        },
      },
      { teacher, student, counter, prices: lookup, now: () => performance.now(), gate: await spend.gate() },
    );

    console.log("");
    for (const line of formatReport(report)) console.log(line);
    mkdirSync(dirname(resolve(values.report)), { recursive: true });
    writeFileSync(values.report, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nJSON report: ${values.report}`);
    console.log(
      ownJournal
        ? `Charges: nothing was paid (a test teacher). Its charges, priced as ${teacherModel} for the table, are in ${join(dirname(values.report), "spend-journal.jsonl")}, not in your spend journal.`
        : `Charges: in your spend journal, ${spend.journal.file}.`,
    );
    return report.stopped ? 130 : 0;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

runMain(main);
