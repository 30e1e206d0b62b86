// The packaged extension in a real VS Code, used the way a user uses it: package the .vsix,
// install it into code-server, open the workbench in Chromium, then set Headstart up and chat.
// Run: node scripts/test.mjs e2e
//
// The journey, one `test(...)` per part, in order, sharing one workbench:
//   1. the Headstart view opens on its first-run screen (and VS Code's activation time is read);
//   2. the student is pointed at stories260K through "Headstart: Choose Student Model" and VS Code's
//      file dialog, the teacher at a local test server through the Settings editor, and the key is
//      typed into "Headstart: Set Teacher API Key"'s password box; the first-run screen gives way;
//   3. a guided answer streams in: the teacher's marked opening, the student's text, the footer
//      with the cost the server reported; the server got one request carrying the typed key;
//   4. Stop ends a long answer mid-way; the partial answer stays, marked stopped;
//   5. the teacher answers 401: the local model answers alone, with a notice line saying why;
//   6. in cloud mode, Insert puts an answer's code block into hello.py at the cursor;
//   7. after "Developer: Reload Window" the conversation and the month's spend are still there.
// The teacher is TEST CODE (test/support/testTeacherServer.ts, the OpenAI wire format with canned
// answers) on 127.0.0.1 in this process; code-server's extension host reaches it there. The only
// pre-seeded user settings are the quiet ones (support/codeServer.ts) and one CPU thread for the
// student (these machines have two cores); everything else is set through VS Code's own UI.
//
// Needs the apt packages chromium and libkrb5-dev, and the npm registry the first time (code-server
// is installed into .cache/, three to five minutes), and stories260K.gguf (test/support/testModels.ts).
// Without them it fails when CI is set and skips, saying why, otherwise. Every action is a
// `step(...)`: a failure names its step and leaves `failed-<step>.png`; each part also leaves a
// numbered screenshot (`NN-name.png`) in .test-artifacts/e2e/vscode/ (logs land in .test-artifacts/e2e/logs/).
import { after, before, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { findStoriesModel, noModelMessage } from "../support/testModels";
import { startTestTeacherServer, type TestTeacherServer } from "../support/testTeacherServer";
import { readActivationRecord, readActivationTime, waitForExtensionHostIdle } from "./support/activation";
import { answers, readAnswer, sendMessage, waitForAnswer, watchStream } from "./support/chatPanel";
import {
  createSandbox,
  installExtension,
  removeSandboxKeepingLogs,
  startCodeServer,
  type RunningCodeServer,
  type Sandbox,
} from "./support/codeServer";
import { codeServerOrSkip, IN_CI } from "./support/prerequisites";
import { closeSettingsEditor, typeSetting, userSettingIs } from "./support/settingsEditor";
import { packageExtension } from "./support/packageExtension";
import { announce, artifactsDir, log, screenshotsIn, STATE_TIMEOUT_MS, step, waitUntil } from "./support/steps";
import {

  chatFrame,
  openWorkbench,
  quickOpen,
  readNotifications,
  reloadWindow,
  runCommand,
  statusBarText,
  visibleEditorText,
  waitForQuickInput,
  type Workbench,
} from "./support/workbench";

/** This test's screenshots: `.test-artifacts/e2e/vscode/NN-name.png`. */
const SHOTS = "vscode";
const shot = screenshotsIn(SHOTS);

const EXTENSION_ID = "headstart-dev.headstart";
const DISPLAY_NAME = "Headstart";
const FIRST_RUN = "Welcome to Headstart";
const STATUS_BAR_ITEM = `${EXTENSION_ID}.headstart.status`;

/** What the user types into the key box; the test server only checks that there is one. */
const API_KEY = "sk-e2e-typed-by-the-user-4f2c";
const TEACHER_MODEL = "gpt-4o-mini";
/** What the test server reports as each answer's charge (usage.cost), and the footer must show. */
const COST = { guided: 0.000123, stopped: 0.0002, cloud: 0.000456 };
const FIRST_QUESTION = "Tell me a story about a ball";
const CODE = 'def greet(name):\n    return f"Hello, {name}!"';
const CODE_ANSWER = `Here is a greeting function:\n\n\`\`\`python\n${CODE}\n\`\`\`\n\nCall it with \`greet("Ada")\`.`;
const HELLO_PY = 'print("hello")\n';

/** What `before` set up; `undefined` fields were never reached. */
const env: {
  sandbox?: Sandbox;
  server?: RunningCodeServer;
  workbench?: Workbench;
  teacher?: TestTeacherServer;
  model?: string;
  workspace?: string;
} = {};
/** Why the suite cannot run on this machine (only ever set outside CI). */
let skipReason: string | undefined;
/** Why the chat journey cannot run (no test model; only ever set outside CI). */
let journeySkipReason: string | undefined;
/** The part of the journey that failed: the parts after it build on it and are skipped. */
let brokenAt: string | undefined;

describe("Headstart in a real VS Code (code-server)", { timeout: 30 * 60_000 }, () => {
  before(async () => {
    const ready = await codeServerOrSkip();
    if ("skip" in ready) {
      skipReason = ready.skip;
      announce(`SKIPPING: ${skipReason}`);
      return;
    }
    const install = ready.install;
    log(`code-server ${install.version}`);
    env.model = await step("find the test model (stories260K.gguf)", () => findStoriesModel());
    if (env.model === undefined) {
      if (IN_CI) throw new Error(noModelMessage());
      journeySkipReason = `${noModelMessage()} (set CI=1 to make this a failure)`;
      log(journeySkipReason);
    }
    mkdirSync(artifactsDir, { recursive: true });
    // Screenshots of an earlier run would pass for this run's: its own folder is emptied, never
    // another test's (a failed step's screenshot in failed/ is kept).
    rmSync(join(artifactsDir, SHOTS), { recursive: true, force: true });
    const vsix = join(artifactsDir, "headstart-e2e.vsix");
    await step("package the extension (scripts/package.mjs)", async () => {
      const output = await packageExtension(vsix);
      // vsce's last line and the script's contents summary.
      log(output.slice(output.indexOf("DONE")).trim());
    });
    env.sandbox = createSandbox();
    const sandbox = env.sandbox;
    await step("install the .vsix into code-server", () => installExtension(install, vsix, sandbox));
    const workspace = join(sandbox.root, "workspace");
    env.workspace = workspace;
    mkdirSync(workspace);
    writeFileSync(join(workspace, "hello.py"), HELLO_PY);
    // A cloned repository trying to redirect the key and load its own model file. The journey
    // below only works if both are ignored: the key reaches the test teacher, stories260K loads.
    mkdirSync(join(workspace, ".vscode"));
    writeFileSync(
      join(workspace, ".vscode", "settings.json"),
      JSON.stringify({ "headstart.teacher.baseUrl": "http://127.0.0.1:9/steal/v1", "headstart.student.model": join(workspace, "evil.gguf") }),
    );
    env.teacher = await step("start the test teacher server (TEST DOUBLE) on 127.0.0.1", () => startTestTeacherServer());
    log(`test teacher at ${env.teacher.url}`);
    env.server = await step("start code-server", () =>
      // The product's defaults: no thread count, so the student picks its own (one core fewer than there are).
      startCodeServer(install, { workspaceFolder: workspace, sandbox }),
    );
    const url = env.server.url;
    env.workbench = await step("open the workbench in Chromium", () => openWorkbench(url, workspace));
  });

  after(async () => {
    await env.workbench?.close();
    await env.server?.stop();
    await env.teacher?.close();
    if (env.sandbox) removeSandboxKeepingLogs(env.sandbox, artifactsDir);
  });

  test("the activity bar opens the Headstart view, which shows the first-run screen", async (t) => {
    const page = ready(t);
    if (!page) return;
    const item = page.locator('.activitybar .action-label[aria-label^="Headstart"]');
    await step("wait until the extension host has started the built-in extensions", () =>
      waitForExtensionHostIdle(env.sandbox!.userDataDir),
    );
    const started = await step("open the Headstart view from the activity bar", async () => {
      // The item appears once the extension host has read the extension's manifest.
      await item.waitFor({ timeout: 60_000 });
      const clicked = performance.now();
      await item.click();
      return clicked;
    });
    await step("see the first-run screen inside the chat panel", async () => {
      await chatFrame(page).getByText(FIRST_RUN).waitFor({ timeout: 60_000 });
    });
    t.diagnostic(`view rendered ${Math.round(performance.now() - started)} ms after the click`);
    await shot(page, "01-first-run");
  });

  test("the extension activated once VS Code had started (its light bulb is there before the panel is opened), not during startup, and VS Code measured how long that took", async (t) => {
    const page = ready(t);
    if (!page) return;
    const sandbox = env.sandbox!;
    const record = await step("find the activation in the extension host log", () => {
      const found = readActivationRecord(sandbox.userDataDir, EXTENSION_ID);
      assert.ok(found, `${EXTENSION_ID} was never activated`);
      return found;
    });
    // After startup, not in it: "Fix with Headstart" must be in the light bulb before Headstart's view is opened.
    assert.equal(record.activationEvent, "onStartupFinished");
    const time = await step("read the activation time in Developer: Show Running Extensions", () =>
      readActivationTime(page, DISPLAY_NAME),
    );
    assert.equal(time.startup, false, "activated lazily, not at startup");
    t.diagnostic(`activation: ${time.ms} ms (code loading + activate(), by VS Code), event ${record.activationEvent} at ${record.at}`);
    log(`activation time of ${EXTENSION_ID}: ${time.ms} ms`);
  });

  journey("the user chooses the local model in VS Code's file dialog", async (page) => {
    const panel = chatFrame(page);
    const model = env.model!;
    const dialog = await step("click “Choose a model file…” on the first-run screen: VS Code's file dialog opens", async () => {
      await panel.getByRole("button", { name: "Choose a model file…" }).click();
      return waitForQuickInput(page, "Headstart: local model file");
    });
    await step("type the model's path into the file dialog", async () => {
      const input = dialog.locator("input").first();
      const modelRow = dialog.locator(".monaco-list-row", { has: page.locator(".label-name", { hasText: /^stories260K\.gguf$/ }) });
      // The dialog fills in the folder it starts in once it has listed it; text typed before that
      // is replaced. So wait for its first listing (the ".." row), and type again if it was replaced.
      await dialog.locator(".monaco-list-row", { has: page.locator(".label-name", { hasText: /^\.\.$/ }) }).waitFor({ timeout: STATE_TIMEOUT_MS });
      await waitUntil("the typed path to stay in the dialog", async () => {
        if ((await input.inputValue()) !== model) await input.fill(model);
        await modelRow.waitFor({ timeout: 5_000 }).catch(() => undefined);
        return (await input.inputValue()) === model && (await modelRow.isVisible());
      }, { timeoutMs: 30_000, describe: () => input.inputValue() });
      await shot(page, "02-model-file-dialog");
    });
    await step("press OK and see the panel name the model", async () => {
      await dialog.getByRole("button", { name: "OK" }).click();
      await dialog.waitFor({ state: "hidden", timeout: STATE_TIMEOUT_MS });
      await panel.locator(".status-student", { hasText: "stories260K.gguf" }).waitFor({ timeout: STATE_TIMEOUT_MS });
      await waitUntil("the user settings to hold the chosen file", () => userSettingIs(env.sandbox!, "headstart.student.model", model));
    });
  });

  journey("choosing an hf: model that cannot be downloaded (offline) says why and keeps the model that works", async (page) => {
    const panel = chatFrame(page);
    const model = env.model!;
    await step("run “Headstart: Choose Student Model” and enter an hf: URI", async () => {
      await runCommand(page, "Headstart: Choose Student Model", { after: "nothing" });
      const picker = await waitForQuickInput(page, "Headstart: choose the local (student) model");
      await picker.locator(".monaco-list-row", { hasText: "Enter an hf: URI or https URL…" }).click();
      const box = await waitForQuickInput(page, "Headstart: model to download");
      await box.locator("input").fill("hf:headstart-e2e/no-such-model:Q4_K_M");
      await page.keyboard.press("Enter");
    });
    await step("see the download fail in a notification that names the model still in use", async () => {
      const failed = await waitUntil("the download's error", async () => (await readNotifications(page)).find((n) => n.includes("The local model is still")), { timeoutMs: 90_000 });
      assert.match(failed, /Could not download hf:headstart-e2e\/no-such-model:Q4_K_M.*The local model is still .*stories260K\.gguf/s);
      await shot(page, "02b-failed-download-keeps-model");
    });
    await step("the user setting and the panel still name stories260K", async () => {
      assert.ok(userSettingIs(env.sandbox!, "headstart.student.model", model), "the setting was not replaced");
      await panel.locator(".status-student", { hasText: "stories260K.gguf" }).waitFor({ timeout: STATE_TIMEOUT_MS });
      assert.equal(await panel.locator(".status-student.state-error").count(), 0, "no error shown for the model that works");
    });
  });

  journey("the user points the teacher at a server in the Settings editor and types the API key", async (page) => {
    const panel = chatFrame(page);
    const teacher = env.teacher!;
    const sandbox = env.sandbox!;
    await step("type the teacher's base URL into the Settings editor", async () => {
      const before = await typeSetting(page, "headstart.teacher.baseUrl", teacher.url);
      assert.equal(before, "https://api.openai.com/v1", "the default base URL");
      await waitUntil("the Settings editor to save the base URL", () => userSettingIs(sandbox, "headstart.teacher.baseUrl", teacher.url));
      await shot(page, "03-teacher-settings");
    });
    await step(`type the teacher model (${TEACHER_MODEL}) into the Settings editor`, async () => {
      await typeSetting(page, "headstart.teacher.model", TEACHER_MODEL);
      // gpt-4o-mini is also the default, so the editor may have nothing to save: check what it shows.
      const box = page.locator('.settings-editor input[aria-label="headstart.teacher.model"]');
      assert.equal(await box.inputValue(), TEACHER_MODEL);
      await closeSettingsEditor(page);
    });
    await step("run “Headstart: Set Teacher API Key” and type the key into its password box", async () => {
      await runCommand(page, "Headstart: Set Teacher API Key", { after: "nothing" });
      const box = await waitForQuickInput(page, "Headstart: Teacher API Key");
      const input = box.locator("input").first();
      assert.equal(await input.getAttribute("type"), "password", "the key is typed into a password box");
      assert.match(await box.innerText(), new RegExp(`The key for 127\\.0\\.0\\.1:${teacher.port}\\b`), "the box names where the key goes");
      await input.pressSequentially(API_KEY);
      await shot(page, "04-api-key-box");
      await input.press("Enter");
      await box.waitFor({ state: "hidden", timeout: STATE_TIMEOUT_MS });
      await waitUntil("the “key saved” notification", async () =>
        (await readNotifications(page)).some((n) => n.includes("teacher API key saved")),
      );
      await runCommand(page, "Notifications: Clear All Notifications");
    });
    await step("see the first-run screen give way to the chat", async () => {
      await panel.locator(".empty-state", { hasText: "Ask about your code" }).waitFor({ timeout: STATE_TIMEOUT_MS });
      assert.equal(await panel.getByText(FIRST_RUN).count(), 0, "the first-run screen is gone");
      assert.ok(await panel.locator("textarea.composer-input").isVisible(), "the composer is shown");
      const teacherStatus = panel.locator(".status-teacher");
      assert.equal((await teacherStatus.innerText()).trim(), `teacher ${TEACHER_MODEL}`, "no “no key” warning");
      assert.equal(await teacherStatus.getAttribute("title"), `Teacher: ${TEACHER_MODEL} at 127.0.0.1:${teacher.port}`);
      await shot(page, "05-chat-ready");
    });
  });

  journey("a guided answer streams in: the teacher's marked opening, the student's text, and what it cost", async (page) => {
    const panel = chatFrame(page);
    const teacher = env.teacher!;
    // A token every 20 ms, so the opening is on screen a while before the student takes over.
    teacher.setBehavior({ reportCostUsd: COST.guided, dripMs: 20 });
    const watch = await watchStream(panel, 0);
    await step("type a message into the composer and press Enter", () => sendMessage(panel, FIRST_QUESTION));
    await step(`see the opening marked as written by ${TEACHER_MODEL}`, () =>
      waitForAnswer(panel, 0, "a teacher mark", (a) => a.markTitles.includes(`Opening written by ${TEACHER_MODEL}`)),
    );
    await step("see the student's text follow the opening", async () => {
      await waitForAnswer(panel, 0, "student text after the opening", (a) => a.studentChars > 0, 120_000);
      await shot(page, "06-guided-streaming");
    });
    const answer = await step("see the footer, with the teacher cost the server reported", async () => {
      const a = await waitForAnswer(panel, 0, "the answer's footer", (v) => v.footer !== null, 180_000);
      assert.equal(a.fields["mode"], "Guided");
      assert.equal(a.fields["teacher-cost"], "$0.000123");
      assert.equal(a.state, "", "finished, not stopped");
      assert.deepEqual(a.markTitles, [`Opening written by ${TEACHER_MODEL}`]);
      assert.match(a.fields["student"] ?? "", /^student \d+ tokens · [\d.]+ tok\/s$/);
      await shot(page, "07-guided-answer");
      return a;
    });
    await step("check the order things appeared in while the answer streamed", async () => {
      const seen = await watch.read();
      assert.ok(seen.guidanceWhileWriting, "the teacher's opening was shown alone while the answer was being written");
      assert.ok(seen.studentWhileWriting, "the student's text streamed in after the opening, before the answer was done");
      assert.ok(!seen.studentBeforeGuidance, "no student text before the opening");
    });
    await step("check the teacher server got one request, carrying the typed key", () => {
      assert.equal(teacher.requests.length, 1, "exactly one request");
      const request = teacher.requests[0];
      assert.equal(`${request.method} ${request.path}`, "POST /v1/chat/completions");
      assert.equal(request.headers.authorization, `Bearer ${API_KEY}`);
      assert.equal((request.body as { model?: string }).model, TEACHER_MODEL);
    });
    log(`guided answer: ${answer.footer?.replace(/\s+/g, " ")}`);
  });

  journey("Stop ends a long answer mid-way and keeps what was written, marked stopped", async (page) => {
    const panel = chatFrame(page);
    const sandbox = env.sandbox!;
    await step("set the longest answer to 4096 tokens in the Settings editor", async () => {
      await typeSetting(page, "headstart.student.maxAnswerTokens", "4096");
      await waitUntil("the Settings editor to save it", () => userSettingIs(sandbox, "headstart.student.maxAnswerTokens", 4096));
      await closeSettingsEditor(page);
    });
    env.teacher!.setBehavior({ reportCostUsd: COST.stopped });
    await step("send a message", () => sendMessage(panel, "Tell me a very long story"));
    await step("wait until the student's text is streaming", () =>
      waitForAnswer(panel, 1, "student text while writing", (a) => a.state.startsWith("writing") && a.studentChars > 0, 120_000),
    );
    await step("click Stop", () => panel.getByRole("button", { name: "Stop the answer (Escape)" }).click());
    await step("see the partial answer kept, marked stopped, with a footer saying so", async () => {
      const a = await waitForAnswer(panel, 1, "the stopped answer's footer", (v) => v.footer !== null, 60_000);
      assert.equal(a.state, "stopped");
      assert.equal(a.fields["stopped"], "stopped");
      assert.ok(a.studentChars > 0, "the student's text so far is kept");
      const tokens = Number(/student (\d+) tokens/.exec(a.fields["student"] ?? "")?.[1]);
      assert.ok(tokens > 0 && tokens < 4096, `stopped before the 4096-token limit (${a.fields["student"]})`);
      assert.equal(a.fields["teacher-cost"], "$0.000200", "the teacher's opening was paid for");
      await panel.locator("button.send").waitFor({ state: "visible", timeout: STATE_TIMEOUT_MS });
      await shot(page, "08-stopped-answer");
    });
    await step("set the longest answer back to 256 tokens", async () => {
      await typeSetting(page, "headstart.student.maxAnswerTokens", "256");
      await waitUntil("the Settings editor to save it", () => userSettingIs(sandbox, "headstart.student.maxAnswerTokens", 256));
      await closeSettingsEditor(page);
    });
  });

  journey("when the teacher fails (401), the local model answers alone and the answer says why", async (page) => {
    const panel = chatFrame(page);
    const teacher = env.teacher!;
    teacher.setBehavior({ status: 401 });
    await step("send a message", () => sendMessage(panel, "What happened next?"));
    await step("see the local answer with a notice line: the key was rejected, and a Set API key button", async () => {
      const a = await waitForAnswer(panel, 2, "the answer's footer", (v) => v.footer !== null, 120_000);
      // The teacher's notice; the student may add its own notes (the answer reached its length limit).
      const teacherNotices = a.notices.filter((n) => n.kind !== "note");
      assert.equal(teacherNotices.length, 1, JSON.stringify(a.notices));
      const notice = teacherNotices[0];
      assert.equal(notice.kind, "notice");
      assert.equal(notice.reason, "auth");
      assert.match(notice.text, /401/);
      assert.deepEqual(notice.actions, ["Set API key"]);
      assert.deepEqual(a.markTitles, [], "no teacher text");
      assert.ok(a.studentChars > 0, "the local model wrote the answer");
      assert.equal(a.state, "");
      assert.equal(teacher.requests.length, 3, "one more request, refused");
      assert.equal(teacher.requests[2].headers.authorization, `Bearer ${API_KEY}`);
      await shot(page, "09-teacher-failed");
    });
    await step("the notice's “Set API key” button opens the key box (then Escape)", async () => {
      await answers(panel).nth(2).locator(".notice-line.notice").getByRole("button", { name: "Set API key" }).click();
      const box = await waitForQuickInput(page, "Headstart: Teacher API Key");
      await page.keyboard.press("Escape");
      await box.waitFor({ state: "hidden", timeout: STATE_TIMEOUT_MS });
    });
  });

  journey("in cloud mode, Insert puts an answer's code block into the editor at the cursor", async (page) => {
    const panel = chatFrame(page);
    env.teacher!.setBehavior({ reportCostUsd: COST.cloud, answer: CODE_ANSWER });
    await step("switch to Cloud with the panel's mode switch", async () => {
      await panel.getByRole("radio", { name: "Cloud" }).click();
      await panel.locator('.mode-switch [data-mode="cloud"][aria-checked="true"]').waitFor({ timeout: STATE_TIMEOUT_MS });
      await waitUntil("the status bar to say cloud", async () => (await statusBarText(page, STATUS_BAR_ITEM))?.includes("cloud ·"));
    });
    await step("ask for code", () => sendMessage(panel, "Write a greeting function in Python"));
    await step("see the cloud answer with a python code block and the reported cost", async () => {
      const a = await waitForAnswer(panel, 3, "the answer's footer", (v) => v.footer !== null, 60_000);
      assert.equal(a.mode, "cloud");
      assert.equal(a.fields["mode"], "Cloud");
      assert.equal(a.fields["teacher-cost"], "$0.000456");
      assert.equal(a.fields["saving"], undefined, "the teacher-only answer claims no saving");
      assert.ok(!(a.footer ?? "").includes("saved"), a.footer ?? "");
      assert.deepEqual(a.markTitles, [], "cloud answers are not marked: the teacher wrote all of it");
      assert.equal(await answers(panel).nth(3).locator(".code-block .code-lang").innerText(), "python");
      await shot(page, "10-cloud-code-answer");
    });
    const editor = await step("open hello.py and put the cursor at its end", async () => {
      const ed = await quickOpen(page, "hello.py");
      await page.keyboard.press("Control+End");
      return ed;
    });
    await step("click Insert on the code block and see the code in the editor", async () => {
      await answers(panel).nth(3).getByRole("button", { name: "Insert code at cursor" }).click();
      await waitUntil("the code in the editor", async () => (await visibleEditorText(editor)).includes(CODE), {
        describe: () => visibleEditorText(editor),
      });
      await shot(page, "11-code-inserted");
    });
    await step("save the file and find the code in it on disk", async () => {
      await runCommand(page, "File: Save");
      const file = join(env.workspace!, "hello.py");
      await waitUntil("hello.py on disk to hold the inserted code after its first line", () => readFileSync(file, "utf8").trimEnd() === HELLO_PY + CODE, {
        describe: () => JSON.stringify(readFileSync(file, "utf8")),
      });
    });
  });

  journey("after Developer: Reload Window, the conversation and the month's spend are still there", async (page) => {
    const panel = chatFrame(page);
    const total = COST.guided + COST.stopped + COST.cloud;
    const expected = `$${total.toFixed(6)}`;
    const month = new Date().getMonth();
    const day = new Date().getDate();
    await step("run “Developer: Reload Window”", () => reloadWindow(page));
    await step("see the conversation in the panel again", async () => {
      await waitUntil("the four answers", async () => (await answers(panel).count()) === 4, { timeoutMs: 60_000 });
      const [guided, stopped, failed, cloud] = await Promise.all([0, 1, 2, 3].map((i) => readAnswer(answers(panel).nth(i))));
      assert.deepEqual(guided.markTitles, [`Opening written by ${TEACHER_MODEL}`]);
      assert.equal(guided.fields["teacher-cost"], "$0.000123");
      assert.equal(stopped.state, "stopped");
      assert.equal(failed.notices[0]?.reason, "auth");
      assert.equal(cloud.fields["teacher-cost"], "$0.000456");
      assert.equal(await answers(panel).nth(3).locator(".code-block .code-lang").innerText(), "python");
    });
    await step(`see this month's spend in the panel: ${expected}, the sum of what the server reported`, async () => {
      const spend = panel.locator(".status-spend");
      await spend.waitFor({ timeout: 30_000 });
      const text = (await spend.innerText()).trim();
      // A run that crosses midnight (or the month's end) splits the total; only then is it not all there.
      if (new Date().getMonth() === month) assert.match(text, new RegExp(`month \\${expected}$`), text);
      else assert.match(text, /month \$0\.0\d*[1-9]/, text);
    });
    await step("see the spend in the status bar", async () => {
      const text = await waitUntil("the Headstart status bar item", () => statusBarText(page, STATUS_BAR_ITEM));
      if (new Date().getDate() === day) assert.equal(text, `cloud · ${expected}`);
      else assert.match(text, /^cloud · \$/);
      await shot(page, "12-after-reload");
    });
    await step("find the conversation in the history list", async () => {
      await panel.getByRole("button", { name: "History" }).click();
      const item = panel.locator(".history-item");
      await item.first().waitFor({ timeout: STATE_TIMEOUT_MS });
      assert.equal(await item.count(), 1);
      const text = await item.first().innerText();
      assert.match(text, new RegExp(`^${FIRST_QUESTION}`));
      assert.match(text, /· 8 messages$/);
      await shot(page, "13-history");
      await panel.getByRole("button", { name: "Close history" }).click();
    });
  });

  journey("the API key typed into VS Code is in no file on the server: not settings, logs, conversations or the spend journal", async () => {
    await step("search every file of code-server's user data and Headstart's data folder for the key", () => {
      // The spend journal is in the user's data folder ($XDG_DATA_HOME/headstart), shared by every window and the CLI.
      const files = [...filesUnder(env.sandbox!.userDataDir), ...filesUnder(join(env.sandbox!.root, "xdg-data"))];
      const holding = files.filter((f) => statSync(f).size < 50_000_000 && readFileSync(f).includes(API_KEY));
      assert.deepEqual(holding, []);
      assert.ok(files.some((f) => f.endsWith(join("headstart", "spend-journal.jsonl"))), "the search reached the spend journal");
      assert.ok(files.some((f) => f.includes("conversations")), "the search reached the extension's storage");
    });
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path) : e.isFile() ? [path] : [];
  });
}

/**
 * A part of the chat journey: skipped when the test model is missing (outside CI) or when an
 * earlier part failed, since each part builds on the ones before it.
 */
function journey(name: string, body: (page: Page, t: TestContext) => Promise<void>): void {
  test(name, async (t) => {
    const page = ready(t);
    if (!page) return;
    if (journeySkipReason !== undefined) return t.skip(journeySkipReason);
    if (brokenAt !== undefined) return t.skip(`builds on “${brokenAt}”, which failed`);
    try {
      await body(page, t);
    } catch (error) {
      brokenAt = name;
      throw error;
    }
  });
}

/** The workbench page, or `undefined` after marking the test skipped (outside CI only). */
function ready(t: TestContext) {
  if (skipReason !== undefined) {
    t.skip(skipReason);
    return undefined;
  }
  assert.ok(env.workbench, "the workbench did not open (see the steps above)");
  return env.workbench.page;
}
