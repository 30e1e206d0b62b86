// A real VS Code for end-to-end tests: code-server (see ./codeServerInstall.ts) run offline in a
// throwaway sandbox, in its own process group. See ../shared/docs/REAL-VSCODE.md.
import { spawn } from "node:child_process";
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { atExit, atInterrupt } from "./cleanup";
import type { CodeServerInstall } from "./codeServerInstall";
import { cleanEnv, output, sleep, tail } from "./processes";

/** User settings that keep VS Code quiet and offline; callers' settings are merged over them. */
const QUIET_SETTINGS = {
  "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "git.enabled": false,
  // The empty chat sidebar on the right only crowds screenshots.
  "workbench.secondarySideBar.defaultVisibility": "hidden",
};

/** A throwaway home for one code-server: every folder it writes to lies inside `root`. */
export interface Sandbox {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  /** code-server's own output (stdout and stderr). */
  logFile: string;
  /** The environment code-server runs with: XDG_* and TMPDIR inside `root` (Node 24 is put first on PATH at start). */
  env: NodeJS.ProcessEnv;
}

/** A running code-server. */
export interface RunningCodeServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  sandbox: Sandbox;
  /** Ends its whole process group (SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
  /** Resolves when code-server's main process exits, with how (`exit 0`, `exit SIGTERM`). */
  exited: Promise<string>;
}

export interface StartOptions {
  /** Folder opened as the workspace. */
  workspaceFolder: string;
  /** Merged over the quiet defaults into `<user-data-dir>/User/settings.json`. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** Sandbox to run in (for example one an extension was installed into). Defaults to a new one. */
  sandbox?: Sandbox;
  /** Loopback port to listen on. Defaults to a free one. */
  port?: number;
  /**
   * Keep what the sandbox's settings.json already holds (a persistent sandbox the user changed
   * settings in), with the quiet defaults under it and `userSettings` over it. Defaults to false:
   * the file is written afresh.
   */
  keepUserSettings?: boolean;
  /**
   * Leave VS Code's workspace trust on, without its startup prompt: the folder opens in Restricted
   * Mode, as a freshly cloned repository does. Defaults to false (trust off, everything trusted).
   */
  restrictedMode?: boolean;
}

/** A new sandbox under the system temp folder, with its folders created. */
export function createSandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), "headstart-e2e-"));
  atInterrupt(() => rmSync(root, { recursive: true, force: true }));
  return openSandbox(root);
}

/**
 * A sandbox in `root`, created where missing and kept afterwards (no cleanup is registered): for
 * a VS Code whose settings, extensions and conversations should outlive one run, as the demo's.
 */
export function openSandbox(root: string): Sandbox {
  const dirs = ["user-data", "extensions", "xdg-config", "xdg-data", "xdg-cache", "tmp"];
  for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
  return {
    root,
    userDataDir: join(root, "user-data"),
    extensionsDir: join(root, "extensions"),
    logFile: join(root, "code-server.log"),
    env: {
      ...cleanEnv(process.env),
      XDG_CONFIG_HOME: join(root, "xdg-config"),
      XDG_DATA_HOME: join(root, "xdg-data"),
      XDG_CACHE_HOME: join(root, "xdg-cache"),
      TMPDIR: join(root, "tmp"),
    },
  };
}

/** Deletes a sandbox (stop its code-server first). An interrupted run deletes its sandboxes itself. */
export function removeSandbox(sandbox: Sandbox): void {
  rmSync(sandbox.root, { recursive: true, force: true });
}

/** Deletes a sandbox, keeping code-server's own log and VS Code's logs in `artifactsDir/logs` for whoever reads a failed run. */
export function removeSandboxKeepingLogs(sandbox: Sandbox, artifactsDir: string): void {
  const logs = join(artifactsDir, "logs");
  rmSync(logs, { recursive: true, force: true });
  mkdirSync(logs, { recursive: true });
  const vscodeLogs = join(sandbox.userDataDir, "logs");
  if (existsSync(sandbox.logFile)) cpSync(sandbox.logFile, join(logs, "code-server.log"));
  if (existsSync(vscodeLogs)) cpSync(vscodeLogs, join(logs, "vscode"), { recursive: true });
  removeSandbox(sandbox);
}

/** `code-server --install-extension <vsix> --force` into the sandbox's extensions folder. */
export async function installExtension(install: CodeServerInstall, vsixPath: string, sandbox: Sandbox): Promise<void> {
  const args = [install.entry, ...sandboxFlags(sandbox), "--install-extension", vsixPath, "--force"];
  const text = await output(install.node, args, withNode(install, sandbox.env));
  if (!/successfully installed/i.test(text)) throw new Error(`installing ${vsixPath} printed:\n${text}`);
}

/**
 * Starts code-server on a free loopback port with no auth, in its own process group (a new
 * session, as `setsid` would make), and waits until `/healthz` answers. Its output goes to
 * `sandbox.logFile`. It is killed when this process exits, even if the test forgets to stop it.
 */
export async function startCodeServer(install: CodeServerInstall, options: StartOptions): Promise<RunningCodeServer> {
  const sandbox = options.sandbox ?? createSandbox();
  const settingsDir = join(sandbox.userDataDir, "User");
  const settingsFile = join(settingsDir, "settings.json");
  mkdirSync(settingsDir, { recursive: true });
  const kept = options.keepUserSettings ? readSettingsFile(settingsFile) : {};
  const trust = options.restrictedMode ? { "security.workspace.trust.enabled": true, "security.workspace.trust.startupPrompt": "never" } : {};
  writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...trust, ...kept, ...options.userSettings }, null, 2));
  const port = options.port ?? (await freePort());
  const configFile = join(sandbox.root, "config.yaml");
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    install.entry,
    "--config", configFile,
    ...sandboxFlags(sandbox),
    "--disable-telemetry",
    "--disable-update-check",
    ...(options.restrictedMode ? [] : ["--disable-workspace-trust"]),
    "--disable-getting-started-override",
    "--ignore-last-opened",
    options.workspaceFolder,
  ];
  const logFd = openSync(sandbox.logFile, "a");
  const child = spawn(install.node, args, {
    env: withNode(install, { ...sandbox.env, ...options.env }),
    // detached: the child calls setsid(), so its pid is the id of a new process group that also
    // holds the extension host; killing the group ends them all.
    detached: true,
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error(`code-server did not start (see ${sandbox.logFile})`);
  const forget = atExit(() => signalGroup(pgid, "SIGKILL"));
  let exited: string | undefined;
  const exitedPromise = new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => {
      exited = `exit ${code ?? signal}`;
      resolve(exited);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await killGroup(pgid);
    forget();
  };
  try {
    await waitFor(`${url}/healthz`, 60_000, () => exited);
  } catch (error) {
    await stop();
    throw new Error(`code-server did not come up: ${(error as Error).message}\n${tail(sandbox.logFile, 25)}`, { cause: error });
  }
  return { url, port, sandbox, stop, exited: exitedPromise };
}

/**
 * A settings.json's values, or `{}` when there is none. Refuses one it cannot read (VS Code allows
 * comments; the user may have written some) rather than write over the user's settings.
 */
function readSettingsFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  const text = readFileSync(file, "utf8");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text.replace(/^\s*\/\/.*$/gm, "").replace(/,(\s*[}\]])/g, "$1")) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`cannot read ${file} (${(error as Error).message}); fix or delete it`, { cause: error });
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone.
  }
}

async function killGroup(pgid: number, graceMs = 5_000): Promise<void> {
  if (!signalGroup(pgid, "SIGTERM")) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(100);
    if (!signalGroup(pgid, 0)) return;
  }
  signalGroup(pgid, "SIGKILL");
}

function sandboxFlags(sandbox: Sandbox): string[] {
  return ["--user-data-dir", sandbox.userDataDir, "--extensions-dir", sandbox.extensionsDir];
}

/** Node 24 first on PATH, for anything code-server starts by name. */
function withNode(install: CodeServerInstall, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PATH: `${join(install.node, "..")}:${env.PATH ?? ""}` };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Polls `url` until it answers 200; fails early when `gone()` says the server exited. */
async function waitFor(url: string, timeoutMs: number, gone: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    const exit = gone();
    if (exit !== undefined) throw new Error(`it exited (${exit})`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (last: ${last})`);
}
