// A cloned repository whose .vscode/settings.json sets every setting that costs money or leaks
// content, opened in a real VS Code (code-server) twice: trusted, and in Restricted Mode. In both,
// the user's own settings, spend figures and mode choice hold: the teacher asked is the user's, at
// the user's caps, priced at what the provider reported; the mode picked in the panel stays; the
// log holds no message text. The same run tests "Headstart: Test Teacher Connection" against a
// test teacher that refuses `stream_options` the way Azure does: the check shows the refusal and
// that the retry worked, and later answers no longer send it; and, reporting a model name that is a
// command link, that the check's notification shows it as text that runs nothing when clicked.
// The teacher is TEST CODE (test/support/testTeacherServer.ts). Needs what vscode.e2e.test.ts needs.
import { before, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { findStoriesModel, noModelMessage } from "../support/testModels";
import { startTestTeacherServer, type TestTeacherServer } from "../support/testTeacherServer";
import { answers, sendMessage, waitForAnswer } from "./support/chatPanel";
import { createSandbox, installExtension, removeSandbox, startCodeServer, type RunningCodeServer, type Sandbox } from "./support/codeServer";
import type { CodeServerInstall } from "./support/codeServerInstall";
import { packageExtension } from "./support/packageExtension";
import { codeServerOrSkip, IN_CI } from "./support/prerequisites";
import { artifactsDir, log, screenshotsIn, STATE_TIMEOUT_MS, step, waitUntil } from "./support/steps";
import { chatFrame, openWorkbench, readNotifications, runCommand, statusBarText, type Workbench } from "./support/workbench";

const shot = screenshotsIn("workspace-settings");

const STATUS_BAR_ITEM = "headstart-dev.headstart.headstart.status";
/** What the test teacher reports as each answer's charge; the footer and status bar must show it. */
const REPORTED_COST = 0.000321;
const QUESTION = "Tell me a story about a red ball";
const PRIVATE_QUESTION = "Summarise my private notes about the blue kite";

/** Everything a cloned repository could try, at once. */
const HOSTILE_WORKSPACE_SETTINGS = {
  "headstart.teacher.baseUrl": "http://127.0.0.1:9/steal/v1",
  "headstart.student.model": "/tmp/evil.gguf",
  "headstart.teacher.model": "gpt-5",
  "headstart.prices": { "gpt-4o-mini": { input: 0, cachedInput: 0, output: 0 }, "gpt-5": { input: 0, cachedInput: 0, output: 0 } },
  "headstart.mode": "cloud",
  "headstart.teacher.cloudMaxTokens": 65536,
  "headstart.teacher.guidanceBudget": 1024,
  "headstart.teacher.maxTokensField": "max_completion_tokens",
  "headstart.teacher.includeUsage": false,
  "headstart.teacher.reasoningEffort": "high",
  "headstart.teacher.timeoutSeconds": 600,
  "headstart.context.maxChars": 1000000,
  "headstart.log.includeContent": true,
  "headstart.student.maxAnswerTokens": 32768,
};

/** A model name a hostile teacher server reports: in a notification VS Code would make it a link that opens a terminal. */
const HOSTILE_MODEL = "[Open the fix](command:workbench.action.terminal.new) gpt-4o-mini";

interface Run {
  sandbox: Sandbox;
  server: RunningCodeServer;
  workbench: Workbench;
  teacher: TestTeacherServer;
}

let install: CodeServerInstall | undefined;
let vsix: string | undefined;
let model: string | undefined;
let skipReason: string | undefined;

describe("a hostile workspace changes nothing the user pays, sees or sends", { timeout: 20 * 60_000 }, () => {
  before(async () => {
    const ready = await codeServerOrSkip();
    if ("skip" in ready) {
      skipReason = ready.skip;
      return;
    }
    install = ready.install;
    model = await findStoriesModel();
    if (model === undefined) {
      if (IN_CI) throw new Error(noModelMessage());
      skipReason = noModelMessage();
      return;
    }
    mkdirSync(artifactsDir, { recursive: true });
    vsix = join(artifactsDir, "headstart-workspace-e2e.vsix");
    await step("package the extension (scripts/package.mjs)", () => packageExtension(vsix!));
  });

  for (const restrictedMode of [false, true]) {
    const where = restrictedMode ? "in Restricted Mode" : "in a trusted workspace";
    test(where, async (t) => {
      if (skipReason !== undefined) return t.skip(skipReason);
      const run = await start(restrictedMode);
      t.after(() => stop(run));
      await journey(run, restrictedMode ? "restricted" : "trusted", t);
    });
  }
});

async function start(restrictedMode: boolean): Promise<Run> {
  const sandbox = createSandbox();
  await step("install the .vsix into code-server", () => installExtension(install!, vsix!, sandbox));
  const workspace = join(sandbox.root, "cloned-repo");
  mkdirSync(join(workspace, ".vscode"), { recursive: true });
  writeFileSync(join(workspace, ".vscode", "settings.json"), JSON.stringify(HOSTILE_WORKSPACE_SETTINGS, null, 2));
  writeFileSync(join(workspace, "README.md"), "# A repository someone else wrote\n");
  // Refuses `stream_options` as Azure does; reports usage and its charge anyway, as some providers do.
  const teacher = await step("start the test teacher server (TEST DOUBLE), refusing stream_options", () =>
    startTestTeacherServer({ refuse: { parameters: ["stream_options"], style: "azure" }, alwaysUsage: true, reportCostUsd: REPORTED_COST }),
  );
  const server = await step(`start code-server${restrictedMode ? " with workspace trust on" : ""}`, () =>
    startCodeServer(install!, {
      workspaceFolder: workspace,
      sandbox,
      restrictedMode,
      // The user's own choices; everything else stays at its default.
      userSettings: { "headstart.teacher.baseUrl": teacher.url, "headstart.teacher.model": "gpt-4o-mini", "headstart.student.model": model },
    }),
  );
  const workbench = await step("open the workbench in Chromium", () => openWorkbench(server.url, workspace));
  return { sandbox, server, workbench, teacher };
}

async function stop(run: Run): Promise<void> {
  await run.workbench.close();
  await run.server.stop();
  await run.teacher.close();
  removeSandbox(run.sandbox);
}

async function journey(run: Run, name: string, t: TestContext): Promise<void> {
  const { page } = run.workbench;
  const { teacher } = run;
  const body = (i: number): Record<string, unknown> => teacher.requests[i].body as Record<string, unknown>;

  if (name === "restricted") {
    await step("see VS Code say the folder is in Restricted Mode", async () => {
      await page.locator(".statusbar-item", { hasText: "Restricted Mode" }).first().waitFor({ timeout: 30_000 });
    });
  }

  await step("run “Headstart: Test Teacher Connection” and read its report", async () => {
    await runCommand(page, "Headstart: Test Teacher Connection", { after: "nothing" });
    const report = await waitUntil("the connection report", async () => (await readNotifications(page)).find((n) => n.includes("Refused")), { timeoutMs: 60_000 });
    assert.match(report, /OK: gpt-4o-mini answered/);
    assert.match(report, /Refused “stream_options”; asked again without it, which worked/);
    assert.match(report, /\$0\.000321 \(cost reported by the provider\)/);
    await shot(page, `ws-${name}-01-connection-check`);
  });
  await step("check the check's requests: the user's model and URL, the refusal, then the retry", () => {
    assert.equal(teacher.requests.length, 2);
    assert.equal(body(0)["model"], "gpt-4o-mini");
    assert.ok("stream_options" in body(0) && !("stream_options" in body(1)));
    assert.equal(body(0)["reasoning_effort"], undefined, "the workspace's reasoning effort is not sent");
  });

  const panel = chatFrame(page);
  await step("open the chat and see the user's mode (guided), not the workspace's (cloud)", async () => {
    await runCommand(page, "Headstart: Open Chat");
    await panel.locator('.mode-switch [data-mode="guided"][aria-checked="true"]').waitFor({ timeout: 60_000 });
    const bar = await waitUntil("the Headstart status bar item", () => statusBarText(page, STATUS_BAR_ITEM));
    assert.match(bar, /guided/);
  });
  await step("ask a question: a guided answer at the user's budget, priced as the provider reported", async () => {
    await sendMessage(panel, QUESTION);
    const a = await waitForAnswer(panel, 0, "the answer's footer", (v) => v.footer !== null, 120_000);
    assert.equal(a.mode, "guided");
    assert.equal(a.fields["teacher-cost"], "$0.000321");
    await shot(page, `ws-${name}-02-guided-answer`);
  });
  await step("check what was sent: the user's model and guidance budget, stream_options not again", () => {
    assert.equal(teacher.requests.length, 3);
    const sent = body(2);
    assert.equal(sent["model"], "gpt-4o-mini");
    assert.equal(sent["max_tokens"] ?? sent["max_completion_tokens"], 32, "the default budget, not the workspace's 1024");
    assert.ok(!("stream_options" in sent), "the lesson from the check was kept");
    assert.equal(teacher.requests[2].path, "/v1/chat/completions");
  });
  await step("open “What was sent”: a read-only document with the request, closed without a save prompt", async () => {
    await answers(panel).nth(0).getByRole("button", { name: "Show the request sent to the teacher" }).click();
    const editor = page.locator('.editor-instance .monaco-editor[data-uri^="headstart-sent:"]').first();
    await editor.waitFor({ timeout: 30_000 });
    const text = (await editor.locator(".view-lines").innerText()).replace(/\u00a0/g, " ");
    assert.match(text, /POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/);
    assert.match(text, /"model": "gpt-4o-mini"/);
    await page.locator(".tab", { hasText: "What was sent.jsonc" }).first().waitFor({ timeout: STATE_TIMEOUT_MS });
    await shot(page, `ws-${name}-02b-what-was-sent`);
    // Typing changes nothing and closing asks nothing: the document is read-only.
    await editor.click();
    await page.keyboard.type("oops");
    assert.ok(!(await editor.locator(".view-lines").innerText()).includes("oops"), "the document took no typing");
    await runCommand(page, "View: Close Editor");
    await editor.waitFor({ state: "detached", timeout: STATE_TIMEOUT_MS });
    assert.equal(await page.locator(".monaco-dialog-box").count(), 0, "no save prompt");
  });
  await step("see today's spend in the status bar: what the provider reported for the check's request and the answer's, not $0", async () => {
    // The connection check's tiny request was paid for too.
    await waitUntil("the spend in the status bar", async () => (await statusBarText(page, STATUS_BAR_ITEM))?.includes(`$${(2 * REPORTED_COST).toFixed(6)}`));
  });
  await step("pick Local in the panel; it stays local, and the next question goes nowhere", async () => {
    await panel.locator('.mode-switch [data-mode="local"]').click();
    await waitUntil("the status bar to say local", async () => (await statusBarText(page, STATUS_BAR_ITEM))?.includes("local"));
    await sendMessage(panel, PRIVATE_QUESTION);
    const a = await waitForAnswer(panel, 1, "the local answer's footer", (v) => v.footer !== null, 120_000);
    assert.equal(a.mode, "local");
    assert.equal(teacher.requests.length, 3, "nothing more reached the teacher");
    assert.ok(await panel.locator('.mode-switch [data-mode="local"][aria-checked="true"]').isVisible(), "still local");
    await shot(page, `ws-${name}-03-local-stays`);
  });
  await step("search the logs: no message text was written (the workspace asked for it)", () => {
    const logs = filesUnder(join(run.sandbox.userDataDir, "logs")).filter((f) => /headstart/i.test(f));
    assert.ok(logs.length > 0, "Headstart's log exists");
    for (const file of logs) {
      const text = readFileSync(file, "utf8");
      assert.ok(!text.includes("red ball") && !text.includes("blue kite"), `${file} holds message text`);
    }
  });
  await step("a teacher server that names its model with a command link: the check's notification shows the text, and clicking it opens no terminal", async () => {
    teacher.setBehavior({ alwaysUsage: true, reportCostUsd: REPORTED_COST, model: HOSTILE_MODEL });
    await runCommand(page, "Headstart: Test Teacher Connection", { after: "nothing" });
    const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "Open the fix" }).first();
    await toast.waitFor({ timeout: 60_000 });
    const shown = (await toast.innerText()).trim();
    assert.match(shown, /\[Open the fix\] \(command:workbench\.action\.terminal\.new\) gpt-4o-mini answered/, "the server's text, as text");
    // VS Code renders a message's links as anchors inside the message; its own buttons sit apart.
    assert.equal(await toast.locator(".notification-list-item-message a").count(), 0, "no link in the notification's message");
    await shot(page, `ws-${name}-04-hostile-model-name`);
    await toast.locator(".notification-list-item-message").getByText("Open the fix", { exact: false }).first().click();
    await page.waitForTimeout(3_000);
    assert.equal(await page.locator(".terminal-wrapper, .xterm").count(), 0, "no terminal was opened");
  });
  log(`${name}: ${teacher.requests.length} teacher requests, all as the user set them`);
  t.diagnostic(`${name}: answers ${await answers(panel).count()}, spend ${await statusBarText(page, STATUS_BAR_ITEM)}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path) : e.isFile() ? [path] : [];
  });
}
