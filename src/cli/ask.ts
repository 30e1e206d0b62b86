// `npm run ask -- "question"`: the engine in a terminal. Same runTurn as the chat panel.
import { fail, runMain } from "./runMain";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { formatRecord } from "../common/format";
import { isMode, type Mode } from "../common/mode";
import { priceLookup, type PriceLookup } from "../common/prices";
import { checkTeacher, formatTeacherCheck } from "../common/teacherCheck";
import { DEFAULT_AUTO, runTurn } from "../common/runTurn";
import type { EditorContext } from "../common/conversation";
import { SETTINGS, STUDENT_CONTINUATIONS } from "../common/settings";
import { TEACHER_CONTEXT_KINDS, type TeacherContextKind } from "../common/teacherContext";
import { loadGptTokenCounter } from "../node/gptTokenCounter";
import { LivePriceSources } from "../node/livePriceSources";
import { LlamaStudent } from "../node/llamaStudent";
import { ServerStudent } from "../node/serverStudent";
import type { Student } from "../common/student";
import type { OpenAITeacher } from "../node/openaiTeacher";
import { isReasoningEffort } from "../node/teacherRequestBody";
import type { LlamaStudentOptions } from "../node/llamaStudent";
import { parseFileSpec } from "./parseFileSpec";
import { parseSlashCommands, type TaskName } from "../common/tasks/slashCommand";
import type { TaskRequest } from "../common/tasks/taskRequest";
import { terminalTask } from "./terminalTask";
import { fileContext } from "./attachedFile";
import { proposedPatch } from "./proposedPatch";
import { configuredTeacher } from "../node/configuredTeacher";
import { userCacheDir } from "../node/userCacheDir";
import { terminalAdvice } from "./terminalAdvice";
import { TerminalAnswerPrinter } from "./terminalAnswerPrinter";
import { TerminalSpend } from "./terminalSpend";
import { checkEntry } from "../common/spendEntries";
import { originOf } from "../common/originOf";
import { errorMessage } from "../common/errorMessage";

/** Exit status of an answer written without the teacher that its mode needed. */
const NOT_SERVED = 3;

/** Whether Node.js can decode text in this encoding (a WHATWG label). */
function isEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

const USAGE = `Usage: npm run ask -- [options] [/explain|/fix|/tests|/doc] "question"
       npm run ask -- --check [teacher options]   test the teacher connection

  /explain /fix /tests /doc   a task about the line (or lines) of the first --file, with its
                              own instructions, as the editor's commands: explain the code
                              there, fix the problem there (see --error), write its tests (for
                              the project's test file and framework), or its doc comment
  --mode M                    guided (default), auto, local or cloud (local when no teacher
                              is configured); /guided, /auto, /local and /cloud say the same
  --error MESSAGE             /fix: a problem at the --file's line that only the editor or a
                              compiler shows (its message); may be given several times
  --diff                      print the answer's last code block as a patch that git apply
                              takes, placed as the editor's Apply places it (the symbols it
                              redefines, else the lines, else after the line); the answer
                              itself goes to stderr
  --file FILE[:LINE[-END]]    attach a whole file to the question; with :LINE or :START-END,
                              where the cursor is (the part of the file the question is
                              about goes whole to both models); may be given several times.
                              A file over --max-chars goes as the lines around :LINE or
                              :START-END; a binary file is never sent
  --max-chars N               most characters a file attaches; default ${SETTINGS["context.maxChars"].default.toLocaleString("en-US")}
  --encoding E                the encoding of the --file files when they are not UTF-8
                              (latin1, windows-1252, shift_jis, gbk…); default UTF-8, or
                              what a byte order mark says
  --context C                 what the teacher is sent of it: budgeted (default), full or
                              question-only
  --context-budget N          most tokens the teacher is sent in budgeted context; default 768
  --auto-threshold P          auto mode: the student answers alone when its confidence is at
                              least P percent (0 to 100, as headstart.auto.threshold); default ${SETTINGS["auto.threshold"].default}
  --model FILE                student model (.gguf); default $HEADSTART_MODEL
  --student-server URL        a shared OpenAI-compatible server writes the student's part
                              instead (vLLM, SGLang, TGI, llama.cpp's server, Ollama); it is
                              sent the whole conversation. Its key, if any: $HEADSTART_STUDENT_KEY
  --student-server-model NAME the model's name on that server
  --student-continuation W    how it continues the opening: auto (default, from the server's
                              engine), continue-final-message or trailing-assistant; either
                              way checked before the teacher is paid
  --student-server-price X    what the server charges, US dollars per million tokens; kept
                              apart from the teacher's spend, taken from the saving; default 0
  --teacher-url URL           OpenAI-compatible base URL; default $HEADSTART_TEACHER_URL,
                              else https://api.openai.com/v1 when OPENAI_API_KEY is set
  --teacher-model NAME        default $HEADSTART_TEACHER_MODEL or gpt-4o-mini
  --budget N                  guidance tokens in guided mode; default 32
  --max-tokens-field F        max_completion_tokens or max_tokens; default what the provider
                              is known to accept, and what it turns out to accept
  --reasoning-effort E        auto (default: the lowest the model takes), omit, none, minimal,
                              low, medium or high
  --no-usage                  do not ask for the usage chunk (for servers that reject it)
  --teacher-timeout S         seconds the teacher may go without a byte; default 20
  --threads N                 student CPU threads; default one fewer than the cores here
  --context-size N            tokens the student's context holds; default what the model was
                              trained for, at most 4096
  --max-answer-tokens N       longest answer the student writes; default 1024
  --input-lookup              let the student guess its next tokens from the prompt and check
                              them in one step; off by default (npm run bench, row 9)
  --max-usd X                 spend at most X US dollars on the teacher in this run (the
                              daily and monthly limits set in VS Code hold as well)
  --check                     send the teacher one tiny request and report what happened:
                              time to first token, model, usage, cost, refused parameters, cap
  The teacher's API key is read from OPENAI_API_KEY (a server on this machine needs none).
  The answer goes to stdout (with --diff, the patch), notes and errors to stderr.

  Exit status: 0 answered as asked; 1 no answer (the turn failed, or --check failed);
  2 the command line or an attached file was refused (nothing was sent); 3 answered, but not
  in the mode asked for (guided or auto needed the teacher, which failed or was refused by a
  limit, so the local model answered alone; or --mode named a teacher and none is configured).`;

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
  const slash = parseSlashCommands(positionals.join(" "));
  const question = slash.rest;
  if (values.help || (!question && !slash.task && !values.check)) {
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

const OPTIONS = {
      mode: { type: "string" },
      file: { type: "string", multiple: true },
      context: { type: "string", default: "budgeted" },
      "context-budget": { type: "string", default: String(SETTINGS["teacher.contextBudget"].default) },
      "auto-threshold": { type: "string", default: String(SETTINGS["auto.threshold"].default) },
      model: { type: "string" },
      "student-server": { type: "string" },
      "student-server-model": { type: "string" },
      "student-continuation": { type: "string", default: "auto" },
      "student-server-price": { type: "string", default: "0" },
      "teacher-url": { type: "string" },
      "teacher-model": { type: "string" },
      budget: { type: "string", default: "32" },
      "max-tokens-field": { type: "string" },
      "reasoning-effort": { type: "string", default: "auto" },
      "no-usage": { type: "boolean", default: false },
      "teacher-timeout": { type: "string", default: String(SETTINGS["teacher.timeoutSeconds"].default) },
      threads: { type: "string" },
      "context-size": { type: "string" },
      "max-answer-tokens": { type: "string", default: String(SETTINGS["student.maxAnswerTokens"].default) },
      "input-lookup": { type: "boolean", default: SETTINGS["student.inputLookup"].default },
      "max-usd": { type: "string" },
      "max-chars": { type: "string", default: String(SETTINGS["context.maxChars"].default) },
      encoding: { type: "string" },
      error: { type: "string", multiple: true },
      diff: { type: "boolean", default: false },
      check: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
} as const;

interface AnswerInputs {
  question: string;
  /** A task command the question started with, about the first `--file`. */
  task: TaskName | undefined;
  /** A mode command the question started with: it wins over `--mode` for this answer. */
  mode: Mode | undefined;
  values: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof OPTIONS }>>["values"];
  baseURL: string | undefined;
  teacher: OpenAITeacher | undefined;
  counter: Awaited<ReturnType<typeof loadGptTokenCounter>>;
  lookup: PriceLookup;
  pricesLoaded: Promise<void>;
  student: Pick<LlamaStudentOptions, "threads" | "contextSize" | "maxAnswerTokens" | "inputLookup">;
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
  const spent = spend.turn(conversation.id, mode, teacher?.model);
  try {
    const gate = await spend.gate();
    const events = runTurn(
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
    );
    for await (const event of events) {
      // Every charge is in the journal before the answer goes on.
      await spend.record(spent, event);
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

/** The local model, or the student server the flags name; a string says what is missing. */
function chosenStudent(values: AnswerInputs["values"], options: AnswerInputs["student"]): (Student & { dispose?(): Promise<void> }) | string {
  const server = values["student-server"];
  if (server) {
    const model = values["student-server-model"];
    if (!model) return "--student-server needs --student-server-model NAME: the model's name on that server.";
    const continuation = values["student-continuation"];
    if (!(STUDENT_CONTINUATIONS as readonly string[]).includes(continuation)) return `--student-continuation must be one of ${STUDENT_CONTINUATIONS.join(", ")}.`;
    const pricePerMillion = Number(values["student-server-price"]);
    if (!(pricePerMillion >= 0 && pricePerMillion <= SETTINGS["student.serverPrice"].maximum)) return "--student-server-price must be US dollars per million tokens, such as 0.5 (0: free).";
    return new ServerStudent({
      baseURL: server,
      model,
      apiKey: process.env.HEADSTART_STUDENT_KEY,
      continuation: continuation as (typeof STUDENT_CONTINUATIONS)[number],
      pricePerMillion,
      ...(options.maxAnswerTokens !== undefined ? { maxAnswerTokens: options.maxAnswerTokens } : {}),
    });
  }
  const modelPath = values.model ?? process.env.HEADSTART_MODEL;
  if (!modelPath) return "No student model: pass --model path/to/model.gguf (or set HEADSTART_MODEL), or --student-server URL.";
  return new LlamaStudent({ modelPath, ...options });
}

runMain(main);
