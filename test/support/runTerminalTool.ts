// A terminal tool (`npm run ask`, `spend`, `export`, `eval`) as a user runs it: the real process,
// with none of the user's teacher set up from the environment, and the spend journal in a folder
// of the test's own.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const REPO_ROOT = join(__dirname, "..", "..");
/** The environment that would set a teacher or a model up: the test's machine's own is not the test's. */
const TEACHER_VARIABLES = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "HEADSTART_TEACHER_URL", "HEADSTART_TEACHER_MODEL", "HEADSTART_MODEL"];

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  /** Where the spend journal and the limits live (`HEADSTART_DATA_DIR`). */
  dataDir: string;
  /** The folder it runs in. Defaults to the repository. */
  cwd?: string;
  /** More of the environment, over the cleared teacher variables. */
  env?: Record<string, string>;
}

/** Runs `script` (a path in the repository, e.g. `src/cli/app/ask.ts`) with `args` and collects what it printed. */
export function runTerminalTool(script: string, args: readonly string[], options: ToolOptions): Promise<ToolRun> {
  return new Promise((resolve) => {
    // The tsx loader named by path, so the process may run in any folder.
    const loader = pathToFileURL(join(REPO_ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of TEACHER_VARIABLES) delete env[name];
    const child = spawn(process.execPath, ["--import", loader, join(REPO_ROOT, script), ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...env, HEADSTART_DATA_DIR: options.dataDir, ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
