// `npm run demo`: Headstart in a real VS Code (code-server), in your browser, set up to chat.
//
//   npm run demo -- [--model PATH|hf:URI|https://URL] [--port N] [--folder DIR] [--dir DIR] [--test-teacher]
//
// Builds and packages the extension, installs code-server when needed (into .cache/, three to
// five minutes the first time), installs the .vsix into a persistent sandbox in .cache/demo
// (settings, conversations and spend survive restarts), writes the user settings (student model,
// teacher, and the two that show VS Code's Chat view), starts code-server on 127.0.0.1 and prints
// the address to open. Runs until Ctrl+C, then stops everything it started.
//
// Student model: --model or HEADSTART_MODEL; else the one the demo's settings already hold (the
// user may have changed it); else, when huggingface.co answers, the recommended model (the
// extension downloads it, 1.1 GB, with progress, at the first question); else the tiny test model
// ../shared/models/stories260K.gguf when it is there (it writes children's stories).
// Teacher: HEADSTART_TEACHER_URL or OPENAI_BASE_URL (or OPENAI_API_KEY alone: OpenAI itself), with
// HEADSTART_TEACHER_MODEL; when none is set (or with --test-teacher), the local TEST teacher server
// (test/support/testTeacherServer.ts: canned answers in the OpenAI wire format) on a free port,
// as the model `test-teacher`, which every face names as the stand-in it is, at $0.
//
// It reuses the end-to-end tests' support code (test/e2e/support: code-server install, sandbox,
// start/stop by process group) and the test teacher server on purpose: a script importing test
// support code, so that the demo runs VS Code exactly as the tests do.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { isLoopbackUrl } from "../src/common/util/loopbackUrl";
import { DEMO_ANSWERS, FIRST_QUESTION, FIX_SAMPLE } from "./demoAnswers";
import { TEST_TEACHER_MODEL } from "../src/common/cost/testTeacher";
import { isTinyModelSize } from "../src/common/models/tinyModel";
import { RECOMMENDED_MODELS } from "../src/common/status/recommendedModels";
import { startTestTeacherServer, type TestTeacherServer } from "../test/support/testTeacherServer";
import { stopGracefullyOnInterrupt } from "../test/e2e/support/cleanup";
import { echoProgress } from "../test/e2e/support/steps";
import { CHAT_USER_SETTINGS } from "../test/e2e/support/chatView";
import { installExtension, openSandbox, startCodeServer, type RunningCodeServer } from "../test/e2e/support/codeServer";
import { MissingPrerequisiteError, ensureCodeServer } from "../test/e2e/support/codeServerInstall";
import { packageExtension } from "../test/e2e/support/packageExtension";

const ROOT = resolve(__dirname, "..");
const STORIES = resolve(ROOT, "..", "shared", "models", "stories260K.gguf");
const EXTENSION_ID = "headstart-dev.headstart";

const USAGE = `Usage: npm run demo -- [--model PATH|hf:URI|https://URL] [--port N] [--folder DIR] [--dir DIR] [--test-teacher]

  --model PATH     the local (student) model; also HEADSTART_MODEL
  --port N         the port code-server listens on, on 127.0.0.1 (default: a free one)
  --folder DIR     the folder to open (default: <dir>/workspace, with the sample files of docs/demo-workspace)
  --dir DIR        where the demo keeps its VS Code settings, extensions and chats (default: .cache/demo)
  --test-teacher   use the local test teacher even when a teacher is configured
Teacher from the environment: HEADSTART_TEACHER_URL or OPENAI_BASE_URL, HEADSTART_TEACHER_MODEL.`;

function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: "string" },
      port: { type: "string" },
      folder: { type: "string" },
      dir: { type: "string" },
      "test-teacher": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return say(USAGE);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
    console.error(`--port wants a port number, not “${values.port}”.\n\n${USAGE}`);
    process.exit(2);
  }

  // Decide everything that can be wrong before the slow parts.
  const demoDir = values.dir ? resolve(values.dir) : join(ROOT, ".cache", "demo");
  const kept = keptSettings(demoDir);
  const keptModel = kept["headstart.student.model"];
  const model = await chooseModel(values.model ?? process.env["HEADSTART_MODEL"], typeof keptModel === "string" && keptModel.trim() ? keptModel : undefined);
  const configured = values["test-teacher"] ? undefined : configuredTeacher();
  const folder = values.folder ? resolve(values.folder) : sampleWorkspace(demoDir);
  if (!existsSync(folder)) throw new Error(`--folder ${folder} does not exist`);

  // The setup's progress lines (the code-server install's, mostly) as they happen, indented.
  echoProgress((line) => say(`  ${line}`));
  say("Building and packaging the extension (scripts/package.mjs)…");
  mkdirSync(demoDir, { recursive: true });
  const vsix = join(demoDir, "headstart-demo.vsix");
  const summary = (await packageExtension(vsix)).split("\n").find((l) => l.includes(".vsix:"));
  if (summary) say(`  ${summary.trim()}`);

  say("Checking code-server (installed into .cache/ the first time: three to five minutes)…");
  const install = await ensureCodeServer();
  const sandbox = openSandbox(demoDir);
  say(`Installing the extension into the demo sandbox (${relative(demoDir)})…`);
  await installExtension(install, vsix, sandbox);

  let teacher: TestTeacherServer | undefined;
  // Filled in once code-server starts; the Ctrl+C handler, installed before, stops what is there.
  const started: { server?: RunningCodeServer } = {};
  let stopping = false;
  stopGracefullyOnInterrupt(async () => {
    stopping = true;
    say("\nStopping…");
    await started.server?.stop();
    await teacher?.close();
    say("Stopped code-server and everything it started" + (teacher ? ", and the test teacher." : "."));
    return 0;
  });

  let teacherUrl: string;
  let teacherModel: string | undefined = configured?.model;
  if (configured) {
    teacherUrl = configured.url;
  } else {
    // A token every 25 ms, so the teacher's part visibly streams in before the student's.
    teacher = await startTestTeacherServer({ dripMs: 25, answers: DEMO_ANSWERS });
    teacherUrl = teacher.url;
    teacherModel = TEST_TEACHER_MODEL;
  }

  const userSettings: Record<string, unknown> = {
    // VS Code's Chat view without Copilot, so `@headstart` can be tried (see that file's head).
    ...CHAT_USER_SETTINGS,
    "headstart.teacher.baseUrl": teacherUrl,
    ...(teacherModel ? { "headstart.teacher.model": teacherModel } : {}),
    ...(model.setting ? { "headstart.student.model": model.setting } : {}),
    // A tiny test model drifts into nonsense after a few sentences: short answers, unless the user chose a length.
    ...(isTinyModel(model.setting) && kept["headstart.student.maxAnswerTokens"] === undefined ? { "headstart.student.maxAnswerTokens": TINY_MODEL_ANSWER_TOKENS } : {}),
  };
  say("Starting code-server on 127.0.0.1…");
  const server = await startCodeServer(install, { workspaceFolder: folder, sandbox, port, userSettings, keepUserSettings: true });
  started.server = server;
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;

  say();
  say("Headstart demo is running. Open this in your browser:");
  say();
  say(`  ${url}`);
  say();
  say(`  VS Code       code-server ${install.version.split(" ")[0]} (${EXTENSION_ID} installed), on ${server.url}`);
  say(`  Folder        ${folder}`);
  say(`  Student       ${model.describe}`);
  if (teacher) {
    say(`  Teacher       TEST DOUBLE at ${teacher.url}, model “${TEST_TEACHER_MODEL}”: canned answers in the OpenAI`);
    say(`                wire format, not a real model, not billed ($0). For a real teacher set HEADSTART_TEACHER_URL`);
    say(`                or OPENAI_BASE_URL (and HEADSTART_TEACHER_MODEL), then restart the demo.`);
  } else {
    say(`  Teacher       ${teacherModel ?? "(the model in your settings)"} at ${teacherUrl} (from ${configured!.from})`);
  }
  if (!teacher && process.env["OPENAI_API_KEY"]) {
    say(`  API key       OPENAI_API_KEY cannot be put into VS Code's secret storage from outside: in the opened`);
    say(`                VS Code run “Headstart: Set Teacher API Key” (Ctrl+Shift+P) and paste it there.`);
  } else if (!teacher && !isLoopbackUrl(teacherUrl)) {
    say(`  API key       run “Headstart: Set Teacher API Key” (Ctrl+Shift+P) in the opened VS Code.`);
  }
  say(`  Threads       automatic: one core fewer than the ${availableParallelism()} here (headstart.student.threads)`);
  say(`  Settings      ${Object.keys(userSettings).join(", ")} (user settings, written each start)`);
  say(`  Kept in       ${relative(demoDir)} (settings, extensions, conversations; code-server log: ${relative(sandbox.logFile)})`);
  say();
  say("The panel: the Headstart icon in the activity bar, or Ctrl+Alt+H. Open fizzbuzz.py, press “File” under");
  say(`the input to attach it, and ask: “${FIRST_QUESTION}”`);
  say("The Chat view: Ctrl+Alt+I, pick “Headstart guided” in its model picker, then ask “@headstart " + FIRST_QUESTION + "”.");
  say(`A fix: open ${FIX_SAMPLE.fileName}, which has one type error (line ${FIX_SAMPLE.line}). Put the cursor on it, open the light bulb`);
  say("(Ctrl+.) and choose “Fix with Headstart”; the teacher writes the diagnosis, your local model the rest. Press");
  say(`“Apply to ${FIX_SAMPLE.fileName}” under its code block: the diff opens, and nothing is written until you press Accept`);
  say("(Discard leaves the file as it was; after Accept, one Undo takes it back). A story model writes no code: with it,");
  say("pick Cloud in the panel first, and the test teacher's canned fix is the whole answer.");
  say("Press Ctrl+C here to stop.");

  const how = await server.exited;
  // Ctrl+C: the interrupt handler stops the rest and exits.
  if (stopping) return;
  console.error(`code-server stopped by itself (${how}); see ${sandbox.logFile}`);
  await teacher?.close();
  process.exit(1);
}

/** The student model setting to write, and how to say what it is. */
interface ModelChoice {
  /** The value for `headstart.student.model`; undefined keeps what the settings hold. */
  setting: string | undefined;
  describe: string;
}

async function chooseModel(requested: string | undefined, kept: string | undefined): Promise<ModelChoice> {
  if (requested) {
    if (/^(hf:|https?:\/\/)/i.test(requested)) {
      return { setting: requested, describe: `${requested} (downloaded by the extension, with progress, at the first question)` };
    }
    const path = resolve(requested);
    if (!existsSync(path)) throw new Error(`the model file ${path} does not exist`);
    return { setting: path, describe: path };
  }
  // The user's own choice in the demo's VS Code outlives a restart of the demo.
  if (kept) return { setting: undefined, describe: `${kept} (kept from the demo's settings; --model to change it)` };
  const recommended = RECOMMENDED_MODELS[0];
  if (await online()) {
    return {
      setting: recommended.uri,
      describe: `${recommended.name} (${recommended.uri}): the extension downloads it (${recommended.sizeGb} GB), with progress, at the first question`,
    };
  }
  if (existsSync(STORIES)) {
    return {
      setting: STORIES,
      describe: `${STORIES}: huggingface.co cannot be reached, so the tiny TEST model (it writes children's stories, not code); pass --model PATH for a real one`,
    };
  }
  return {
    setting: undefined,
    describe: `none given and huggingface.co cannot be reached: choose one on the first-run screen, or pass --model PATH`,
  };
}

/** Whether huggingface.co answers within a few seconds (where the recommended model comes from). */
async function online(): Promise<boolean> {
  try {
    await fetch("https://huggingface.co/api/models?limit=1", { method: "HEAD", signal: AbortSignal.timeout(4_000) });
    return true;
  } catch {
    return false;
  }
}

/** The user's teacher from the environment, or undefined when none is configured. */
function configuredTeacher(): { url: string; model: string | undefined; from: string } | undefined {
  const env = process.env;
  const model = env["HEADSTART_TEACHER_MODEL"] || undefined;
  for (const name of ["HEADSTART_TEACHER_URL", "OPENAI_BASE_URL"]) {
    const url = env[name];
    if (url) {
      if (!/^https?:\/\/[^\s/]+/.test(url)) throw new Error(`${name}=${url} is not an http(s) URL`);
      return { url, model, from: name };
    }
  }
  if (env["OPENAI_API_KEY"]) return { url: "https://api.openai.com/v1", model, from: "OPENAI_API_KEY: OpenAI" };
  return undefined;
}


/** The demo's user settings from an earlier run ({} when none). */
function keptSettings(demoDir: string): Record<string, unknown> {
  // Where openSandbox puts the user data; read before the sandbox is opened.
  const file = join(demoDir, "user-data", "User", "settings.json");
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch {
    // A file the user broke by hand: startCodeServer refuses it with the reason.
    return {};
  }
}

/** The answer length the demo sets for a tiny test model: a few sentences, the whole answer on screen. */
const TINY_MODEL_ANSWER_TOKENS = 120;

/** Whether a model file is a tiny test model, as the panel's status line calls it. */
function isTinyModel(path: string | undefined): boolean {
  return path !== undefined && existsSync(path) && isTinyModelSize(statSync(path).size);
}

/**
 * `<dir>/workspace` with the sample files of docs/demo-workspace: fizzbuzz.py to ask about and
 * cart.ts with one type error to fix. Each is copied once, then left as the user edits it.
 */
function sampleWorkspace(demoDir: string): string {
  const dir = join(demoDir, "workspace");
  mkdirSync(dir, { recursive: true });
  const samples = join(ROOT, "docs", "demo-workspace");
  for (const name of readdirSync(samples)) {
    if (!existsSync(join(dir, name))) copyFileSync(join(samples, name), join(dir, name));
  }
  return dir;
}


function relative(path: string): string {
  return path.startsWith(`${ROOT}/`) ? path.slice(ROOT.length + 1) : path;
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof MissingPrerequisiteError ? `\n${error.cause.message}` : "";
  console.error(`npm run demo: ${message}${cause}`);
  process.exit(1);
});
