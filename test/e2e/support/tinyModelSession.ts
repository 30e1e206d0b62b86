// One code-server session with the packaged Headstart, the test teacher (a TEST DOUBLE) and the
// fast 32K-vocabulary tiny student: the set-up the shorter end-to-end files share.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { findLargeVocabModel, noModelMessage } from "../../support/testModels";
import { startTestTeacherServer, type TestTeacherServer, type TestTeacherServerOptions } from "../../support/testTeacherServer";
import { createSandbox, installExtension, removeSandboxKeepingLogs, startCodeServer, type RunningCodeServer, type Sandbox } from "./codeServer";
import type { CodeServerInstall } from "./codeServerInstall";
import { packageExtension } from "./packageExtension";
import { codeServerOrSkip, IN_CI } from "./prerequisites";
import { announce, artifactsDir, log, step } from "./steps";
import { openWorkbench, type Workbench } from "./workbench";

export const TINY_STUDENT_MODEL = "llama-2-tiny-random.gguf";

/** What a session is made of; filled in as it starts, so a failed start is still cleaned up. */
export interface TinySession {
  sandbox?: Sandbox;
  server?: RunningCodeServer;
  workbench?: Workbench;
  teacher?: TestTeacherServer;
  workspace?: string;
}

export interface TinySessionOptions {
  /** The folder under `.test-artifacts/e2e/` for screenshots and logs, emptied first. */
  shots: string;
  teacher?: TestTeacherServerOptions;
  /** The user settings, given the test teacher and the student model's path. */
  userSettings(teacher: TestTeacherServer, model: string): Record<string, unknown>;
  /** After the .vsix is installed and the workspace made, before code-server starts: returns environment for it. */
  prepare?(install: CodeServerInstall, sandbox: Sandbox, workspace: string): Promise<Record<string, string> | void>;
}

/** Starts the session into `session`; resolves with why it cannot run here (outside CI only), or undefined. */
export async function startTinySession(session: TinySession, o: TinySessionOptions): Promise<string | undefined> {
  const ready = await codeServerOrSkip();
  if ("skip" in ready) {
    announce(`SKIPPING: ${ready.skip}`);
    return ready.skip;
  }
  const model = await step(`find the student model (${TINY_STUDENT_MODEL})`, () => findLargeVocabModel());
  if (model === undefined) {
    const message = noModelMessage(TINY_STUDENT_MODEL, "HEADSTART_TEST_MODEL_32K");
    if (IN_CI) throw new Error(message);
    announce(`SKIPPING: ${message}`);
    return message;
  }
  // Screenshots of an earlier run would pass for this run's.
  const shots = join(artifactsDir, o.shots);
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  const vsix = join(artifactsDir, `headstart-${o.shots}-e2e.vsix`);
  await step("package the extension (scripts/package.mjs: a fresh production build)", () => packageExtension(vsix));
  const sandbox = (session.sandbox = createSandbox());
  await step("install the .vsix into code-server", () => installExtension(ready.install, vsix, sandbox));
  const workspace = (session.workspace = join(sandbox.root, "workspace"));
  mkdirSync(workspace);
  const env = (await o.prepare?.(ready.install, sandbox, workspace)) ?? undefined;
  const teacher = (session.teacher = await step("start the test teacher server (TEST DOUBLE) on 127.0.0.1", () => startTestTeacherServer(o.teacher)));
  log(`test teacher at ${teacher.url}`);
  const server = (session.server = await step("start code-server", () =>
    startCodeServer(ready.install, { workspaceFolder: workspace, sandbox, userSettings: o.userSettings(teacher, model), ...(env ? { env } : {}) }),
  ));
  session.workbench = await step("open the workbench in Chromium", () => openWorkbench(server.url, workspace));
  return undefined;
}

/** Closes what started, keeping code-server's and VS Code's logs beside the screenshots. */
export async function endTinySession(session: TinySession, shots: string): Promise<void> {
  await session.workbench?.close();
  await session.server?.stop();
  await session.teacher?.close();
  if (session.sandbox) removeSandboxKeepingLogs(session.sandbox, join(artifactsDir, shots));
}
