// The packaged extension in a real VS Code: package the .vsix, install it into code-server, open
// the workbench in Chromium, and check what a user would see. Run: node scripts/test.mjs e2e
//
// Needs the apt packages chromium and libkrb5-dev, and the npm registry the first time (code-server
// is installed into .cache/, about 3.5 minutes). Without them it fails when CI is set and skips,
// saying why, otherwise. The tests run in order and share one workbench. Add checks as more
// `test(...)` blocks that use `ready(t)`'s page; wrap each action in `step(...)` so a failure names
// it and leaves a screenshot in .test-artifacts/e2e/ (logs land in .test-artifacts/e2e/logs/).
import { after, before, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readActivationRecord, readActivationTime, waitForExtensionHostIdle } from "./support/activation";
import {
  createSandbox,
  installExtension,
  removeSandbox,
  startCodeServer,
  type RunningCodeServer,
  type Sandbox,
} from "./support/codeServer";
import {
  MissingPrerequisiteError,
  checkSystemRequirements,
  ensureCodeServer,
  type CodeServerInstall,
} from "./support/codeServerInstall";
import { artifactsDir, log, screenshot, step } from "./support/steps";
import { chatFrame, openWorkbench, type Workbench } from "./support/workbench";

const REPO_ROOT = join(__dirname, "..", "..");
const EXTENSION_ID = "headstart-dev.headstart";
const DISPLAY_NAME = "Headstart";
const FIRST_RUN = "Welcome to Headstart";
const IN_CI = !!process.env.CI && !/^(0|false)$/i.test(process.env.CI);

/** What `before` set up; `undefined` fields were never reached. */
const env: { sandbox?: Sandbox; server?: RunningCodeServer; workbench?: Workbench } = {};
/** Why the suite cannot run on this machine (only ever set outside CI). */
let skipReason: string | undefined;

describe("Headstart in a real VS Code (code-server)", { timeout: 30 * 60_000 }, () => {
  before(async () => {
    let install: CodeServerInstall;
    try {
      await step("check the apt packages (chromium, libkrb5-dev)", async () => checkSystemRequirements());
      install = await step("install code-server (cached in .cache/)", () => ensureCodeServer());
    } catch (error) {
      const prerequisite = error instanceof Error && error.cause instanceof MissingPrerequisiteError;
      if (IN_CI || !prerequisite) throw error;
      skipReason = `cannot run VS Code here (set CI=1 to make this a failure): ${(error.cause as Error).message}`;
      log(`SKIPPING: ${skipReason}`);
      return;
    }
    log(`code-server ${install.version}`);
    mkdirSync(artifactsDir, { recursive: true });
    for (const stale of readdirSync(artifactsDir).filter((f) => f.startsWith("failed-"))) rmSync(join(artifactsDir, stale));
    const vsix = join(artifactsDir, "headstart-e2e.vsix");
    await step("package the extension (scripts/package.mjs)", () => packageExtension(vsix));
    env.sandbox = createSandbox();
    const sandbox = env.sandbox;
    await step("install the .vsix into code-server", () => installExtension(install, vsix, sandbox));
    const workspace = join(sandbox.root, "workspace");
    mkdirSync(workspace);
    writeFileSync(join(workspace, "hello.py"), 'print("hello")\n');
    env.server = await step("start code-server", () => startCodeServer(install, { workspaceFolder: workspace, sandbox }));
    const url = env.server.url;
    env.workbench = await step("open the workbench in Chromium", () => openWorkbench(url, workspace));
  });

  after(async () => {
    await env.workbench?.close();
    await env.server?.stop();
    if (env.sandbox) {
      // Keep code-server's own log and VS Code's logs for whoever reads a failed run.
      const logs = join(artifactsDir, "logs");
      rmSync(logs, { recursive: true, force: true });
      mkdirSync(logs, { recursive: true });
      const vscodeLogs = join(env.sandbox.userDataDir, "logs");
      if (existsSync(env.sandbox.logFile)) cpSync(env.sandbox.logFile, join(logs, "code-server.log"));
      if (existsSync(vscodeLogs)) cpSync(vscodeLogs, join(logs, "vscode"), { recursive: true });
      removeSandbox(env.sandbox);
    }
  });

  test("the activity bar opens the Headstart view, which shows the chat panel", async (t) => {
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
    await screenshot(page, "headstart-view");
  });

  test("the extension activated on its view, and VS Code measured how long that took", async (t) => {
    const page = ready(t);
    if (!page) return;
    const sandbox = env.sandbox!;
    const record = await step("find the activation in the extension host log", async () => {
      const found = readActivationRecord(sandbox.userDataDir, EXTENSION_ID);
      assert.ok(found, `${EXTENSION_ID} was never activated`);
      return found;
    });
    assert.equal(record.activationEvent, "onView:headstart.chat");
    const time = await step("read the activation time in Developer: Show Running Extensions", () =>
      readActivationTime(page, DISPLAY_NAME),
    );
    assert.equal(time.startup, false, "activated lazily, not at startup");
    t.diagnostic(`activation: ${time.ms} ms (code loading + activate(), by VS Code), event ${record.activationEvent} at ${record.at}`);
    log(`activation time of ${EXTENSION_ID}: ${time.ms} ms`);
  });
});

/** The workbench page, or `undefined` after marking the test skipped (outside CI only). */
function ready(t: TestContext) {
  if (skipReason !== undefined) {
    t.skip(skipReason);
    return undefined;
  }
  assert.ok(env.workbench, "the workbench did not open (see the steps above)");
  return env.workbench.page;
}

/** Runs scripts/package.mjs (a fresh production build and .vsix every run). */
function packageExtension(out: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "scripts", "package.mjs"), "--out", out], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) return reject(new Error(`scripts/package.mjs exited ${code}:\n${output.slice(-3000)}`));
      // vsce's last line and the script's contents summary.
      log(output.slice(output.indexOf("DONE")).trim());
      resolve();
    });
  });
}
