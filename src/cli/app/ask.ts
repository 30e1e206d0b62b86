// `npm run ask -- "question"`: the engine in a terminal, a turn composed as the chat panel's is.
import { fail, runMain } from "../util/runMain";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatRecord } from "../../common/turn/format";
import { isMode, type Mode } from "../../common/conversation/mode";
import { priceLookup, type PriceLookup } from "../../common/cost/prices";
import { checkTeacher, formatTeacherCheck } from "../../common/teacher/teacherCheck";
import { composeTurn } from "../../common/compose/composeTurn";
import { DEFAULT_AUTO } from "../../common/turn/turnOptions";
import type { EditorContext } from "../../common/conversation/conversation";
import { SETTINGS } from "../../common/settings/settings";
import { TEACHER_CONTEXT_KINDS, type TeacherContextKind } from "../../common/teacherView/teacherContext";
import { loadGptTokenCounter } from "../../node/cost/gptTokenCounter";
import { LivePriceSources } from "../../node/cost/livePriceSources";
import type { OpenAITeacher } from "../../node/teacher/openaiTeacher";
import { isReasoningEffort } from "../../node/teacher/teacherRequestBody";
import { ASK_OPTIONS, ASK_USAGE, isEncoding, type AskValues } from "../student/askCommandLine";
import { parseFileSpec } from "../util/parseFileSpec";
import { chosenStudent, type TerminalStudentOptions } from "../student/terminalStudent";
import { parseSlashCommands, type TaskName } from "../../common/tasks/slashCommand";
import type { TaskRequest } from "../../common/tasks/taskRequest";
import { terminalTask } from "../tasks/terminalTask";
import { fileContext } from "../conversation/attachedFile";
import { proposedPatch } from "../edits/proposedPatch";
import { configuredTeacher } from "../../node/teacher/configuredTeacher";
import { userCacheDir } from "../../node/util/userCacheDir";
import { terminalAdvice } from "./terminalAdvice";
import { TerminalAnswerPrinter } from "./terminalAnswerPrinter";
import { TerminalSpend } from "../compose/terminalSpend";
import { checkEntry } from "../../common/spend/spendEntries";
import { originOf } from "../../common/util/originOf";
import { errorMessage } from "../../common/util/errorMessage";

/** Exit status of an answer written without the teacher that its mode needed. */
const NOT_SERVED = 3;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: ASK_OPTIONS });
  } catch (e) {
    // An unknown or malformed flag: say which, and how to call it.
    console.error(`${errorMessage(e)}\n\n${ASK_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const slash = parseSlashCommands(positionals.join(" "));
  const question = slash.rest;
  if (values.help || (!question && !slash.task && !values.check)) {
    console.error(ASK_USAGE);
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
  const timeoutSeconds = Number(values["teacher-timeout"]);
  if (!(timeoutSeconds > 0)) return fail("--teacher-timeout must be a number of seconds, such as 20.");
  const effort = values["reasoning-effort"];
  if (!isReasoningEffort(effort)) return fail("--reasoning-effort must be auto, omit, none, minimal, low, medium or high.");
  if (values.mode !== undefined && !isMode(values.mode)) return fail("--mode must be guided, auto, local or cloud.");
  if (slash.task && !values.file?.length) return fail(`/${slash.task} is about a place in a file: pass --file FILE:LINE.`);
  if (values.error?.length && slash.task !== "fix") return fail("--error goes with /fix: the problem to fix.");
  if (!TEACHER_CONTEXT_KINDS.includes(values.context as TeacherContextKind)) return fail("--context must be budgeted, full or question-only.");
  const contextBudget = Number(values["context-budget"]);
  if (!Number.isInteger(contextBudget) || contextBudget < 64) return fail("--context-budget must be a whole number of tokens, at least 64.");
  const threshold = Number(values["auto-threshold"]);
  if (!(threshold >= 0 && threshold <= 100)) return fail(`--auto-threshold must be a percentage from 0 to 100, such as ${SETTINGS["auto.threshold"].default} (as headstart.auto.threshold).`);
  const threads = values.threads === undefined ? "auto" : Number(values.threads);
  if (threads !== "auto" && !(Number.isInteger(threads) && threads > 0)) return fail("--threads must be a positive whole number.");
  const contextSize = values["context-size"] === undefined ? "auto" : Number(values["context-size"]);
  if (contextSize !== "auto" && !(Number.isInteger(contextSize) && contextSize >= 256)) return fail("--context-size must be a whole number of tokens, at least 256.");
  const maxUsd = values["max-usd"] === undefined ? undefined : Number(values["max-usd"]);
  if (maxUsd !== undefined && !(maxUsd > 0)) return fail("--max-usd must be a positive number of US dollars, such as 0.05.");
  const maxChars = Number(values["max-chars"]);
  const { minimum: fewestChars, maximum: mostChars } = SETTINGS["context.maxChars"];
  if (!(Number.isInteger(maxChars) && maxChars >= fewestChars && maxChars <= mostChars)) return fail(`--max-chars must be a whole number of characters from ${fewestChars.toLocaleString("en-US")} to ${mostChars.toLocaleString("en-US")}.`);
  if (values.encoding !== undefined && !isEncoding(values.encoding)) return fail(`--encoding “${values.encoding}” is not an encoding Node.js knows: try latin1, windows-1252, shift_jis or gbk.`);
  const maxAnswerTokens = Number(values["max-answer-tokens"]);
  if (!(Number.isInteger(maxAnswerTokens) && maxAnswerTokens >= 16)) return fail("--max-answer-tokens must be a whole number of tokens, at least 16.");

  const counter = await loadGptTokenCounter();
  const teacherModel = values["teacher-model"] ?? process.env.HEADSTART_TEACHER_MODEL ?? "gpt-4o-mini";
  const teacher = baseURL
    ? configuredTeacher({
        baseURL,
        apiKey,
        model: teacherModel,
        counter,
        ...(field !== undefined ? { maxTokensField: field } : {}),
        ...(values["no-usage"] ? { includeUsage: false } : {}),
        reasoningEffort: effort,
        timeoutMs: timeoutSeconds * 1000,
      })
    : undefined;
  // OpenRouter's list is cached in the user's own cache folder, not the shared temp folder: no
  // other user can plant prices there, and it outlives reboots, so it is fetched once a day.
  const prices = new LivePriceSources({ openRouterCacheFile: join(userCacheDir("headstart"), "openrouter-prices.json"), log: (line) => console.error(line) });
  // Loads beside the answer; the turn is priced from what has loaded when it ends.
  const pricesLoaded = baseURL ? prices.prepare(baseURL) : Promise.resolve();
  const lookup: PriceLookup = (model) => priceLookup({ overrides: {}, ...prices.sources() })(model);

  // What this run pays the teacher (a check's request too) goes into the user's spend journal.
  const spend = new TerminalSpend({ face: "cli", baseUrl: baseURL, runLimitUsd: maxUsd, report: (problem) => console.error(problem) });
  if (values.check) {
    if (!teacher) return fail("No teacher to check: pass --teacher-url (or set OPENAI_API_KEY for OpenAI).");
    await pricesLoaded;
    // Held against the limits first, like every paid request.
    const report = await checkTeacher(teacher, { now: () => performance.now(), prices: lookup, counter, gate: await spend.gate() }, new AbortController().signal);
    // The check's tiny request is paid for too: it goes into the spend journal like any other.
    const charge = checkEntry(report, "cli", originOf(baseURL ?? ""), new Date());
    if (charge) await spend.journal.append(charge);
    for (const line of formatTeacherCheck(report)) console.log(terminalAdvice(line));
    return report.failure ? 1 : 0;
  }
  return answer({ question, task: slash.task, mode: slash.mode, values, baseURL, teacher, counter, lookup, pricesLoaded, student: { threads, contextSize, maxAnswerTokens, inputLookup: values["input-lookup"] }, spend });
}

interface AnswerInputs {
  question: string;
  /** A task command the question started with, about the first `--file`. */
  task: TaskName | undefined;
  /** A mode command the question started with: it wins over `--mode` for this answer. */
  mode: Mode | undefined;
  values: AskValues;
  baseURL: string | undefined;
  teacher: OpenAITeacher | undefined;
  counter: Awaited<ReturnType<typeof loadGptTokenCounter>>;
  lookup: PriceLookup;
  pricesLoaded: Promise<void>;
  student: TerminalStudentOptions;
  spend: TerminalSpend;
}

/** Answers the question with the engine, printing as it streams; non-zero when no answer came. */
async function answer({ question, task: taskName, mode: asked, values, baseURL, teacher, counter, lookup, pricesLoaded, student: studentOptions, spend }: AnswerInputs): Promise<number> {
  const budget = Number(values.budget);
  const student = chosenStudent(values, studentOptions);
  if (typeof student === "string") {
    console.error(student);
    return 2;
  }
  let mode: Mode = asked ?? (isMode(values.mode) ? values.mode : "guided");
  // The mode named (by --mode or a /command), where a teacher it needs could not be had: exit 3.
  const named = asked !== undefined || values.mode !== undefined;
  let notServed = false;
  if (!baseURL && mode !== "local") {
    console.error(`No teacher configured (no --teacher-url and no OPENAI_API_KEY): answering in local mode${named ? `, not ${mode}` : ""}.`);
    notServed = named;
    mode = "local";
  }
  const controller = new AbortController();
  // First Ctrl+C stops the answer and keeps what was written; a second one quits at once.
  process.once("SIGINT", () => {
    controller.abort();
    process.once("SIGINT", () => process.exit(130));
  });

  const attached: EditorContext[] = [];
  let task: TaskRequest | undefined;
  const specs = values.file ?? [];
  for (const [i, spec] of specs.entries()) {
    let problem: string | undefined;
    try {
      if (i === 0 && taskName) {
        const built = await terminalTask({ task: taskName, question, spec, errors: values.error ?? [], root: process.cwd(), maxChars: Number(values["max-chars"]), encoding: values.encoding });
        if (typeof built === "string") problem = built;
        else task = built;
      } else {
        const file = await fileContext(spec, { encoding: values.encoding, maxChars: Number(values["max-chars"]) });
        if ("problem" in file) problem = file.problem;
        else {
          attached.push(file.context);
          if (file.note) console.error(file.note);
        }
      }
    } catch (e) {
      problem = errorMessage(e);
    }
    if (problem !== undefined) {
      console.error(`Cannot attach ${spec}: ${problem}`);
      await student.dispose?.();
      return 2;
    }
  }
  // With --diff, stdout is the patch alone (for git apply); the answer goes to stderr. Notes and
  // errors go to stderr either way.
  const printer = new TerminalAnswerPrinter(values.diff ? process.stderr : process.stdout, process.stderr);
  const context = [...(task?.message.context ?? []), ...attached];
  const conversation = { id: "cli", messages: [{ role: "user" as const, text: task?.message.text ?? question, ...(context.length ? { context } : {}) }] };
  let failed = false;
  let text = "";
  try {
    const gate = await spend.gate();
    // Composed as every face composes a turn: each charge is in the journal before the answer goes on.
    const events = composeTurn(
      conversation,
      {
        mode,
        guidanceBudget: budget,
        cloudMaxTokens: 2048,
        teacherContext: { kind: values.context as TeacherContextKind, budget: Number(values["context-budget"]) },
        // One question is a conversation's first turn: in auto mode the probe decides even so.
        auto: { ...DEFAULT_AUTO, threshold: Number(values["auto-threshold"]) / 100, askOnFirstTurn: false },
        signal: controller.signal,
      },
      { teacher, student, counter, prices: lookup, now: () => performance.now(), gate },
      spend.owner(mode),
      spend,
    );
    for await (const event of events) {
      switch (event.type) {
        case "guidance":
          text += event.text;
          printer.guidance(event.text);
          break;
        case "handoff":
          text = event.kept;
          printer.handoff();
          break;
        case "student":
          text += event.text;
          printer.student(event.text);
          break;
        case "notice":
          // The answer goes on without the teacher: not what the mode asked for.
          notServed = true;
          printer.note(`teacher skipped (${baseURL ?? "none"}): ${terminalAdvice(event.message)}`);
          break;
        case "note":
          printer.note(terminalAdvice(event.message));
          break;
        case "error":
          failed = true;
          printer.note(`error${mode === "cloud" ? ` (teacher ${baseURL ?? "none"})` : ""}: ${terminalAdvice(event.message)}`);
          break;
        case "done":
          printer.end(formatRecord(event.record));
          break;
        case "start":
        case "teacher-request":
        case "teacher-charged":
          break;
      }
    }
  } finally {
    await student.dispose?.();
    // A fetched list is saved before the process exits.
    await pricesLoaded;
  }
  if (failed) return 1;
  if (!values.diff) return notServed ? NOT_SERVED : 0;
  const first = specs[0] === undefined ? undefined : parseFileSpec(specs[0]);
  const target = task ? { path: task.target.fileName, ...(task.target.selection ? { selection: task.target.selection } : {}), ...(task.target.cursor ? { cursor: task.target.cursor } : {}) } : first ? { path: first.path, ...(first.focus ? { cursor: { line: first.focus.start, character: 0 } } : {}) } : undefined;
  const proposed = await proposedPatch(text, target, process.cwd());
  if ("problem" in proposed) {
    console.error(proposed.problem);
    return 1;
  }
  console.error(`Patch: ${proposed.note}.`);
  process.stdout.write(proposed.patch);
  return notServed ? NOT_SERVED : 0;
}

runMain(main);
