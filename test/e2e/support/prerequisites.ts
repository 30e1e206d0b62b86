// What every end-to-end test file needs before it can start: the apt packages and code-server.
// Outside CI a missing prerequisite skips the file, saying why; in CI it fails it.
import { MissingPrerequisiteError, checkSystemRequirements, ensureCodeServer, type CodeServerInstall } from "./codeServerInstall";
import { step } from "./steps";

export const IN_CI = !!process.env.CI && !/^(0|false)$/i.test(process.env.CI);

/** code-server, installed if needed; or why this machine cannot run VS Code (only ever outside CI). */
export async function codeServerOrSkip(): Promise<{ install: CodeServerInstall } | { skip: string }> {
  try {
    await step("check the apt packages (chromium, libkrb5-dev)", () => checkSystemRequirements());
    return { install: await step("install code-server (cached in .cache/)", () => ensureCodeServer()) };
  } catch (error) {
    const prerequisite = error instanceof Error && error.cause instanceof MissingPrerequisiteError;
    if (IN_CI || !prerequisite) throw error;
    return { skip: `cannot run VS Code here (set CI=1 to make this a failure): ${(error.cause as Error).message}` };
  }
}
