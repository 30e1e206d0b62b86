// Child processes for the end-to-end support code: run, capture, log, and a clean environment.
import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, writeFileSync } from "node:fs";

/**
 * The environment without what would leak this test process into code-server or npm: Node's
 * options, VS Code's variables, and what an outer `npm test` says about itself (npm would believe
 * an inherited `npm_config_user_agent`, and code-server's postinstall reads the Node version
 * there). npm settings such as the registry, cache, proxy or CA file pass through.
 */
export function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const leaked = /^(NODE_OPTIONS|NODE_TEST_CONTEXT|VSCODE_.*|npm_(command|execpath|node_execpath|lifecycle_.*|package_.*|config_(user_agent|npm_version|prefix|global_prefix|local_prefix|loglevel|nodedir)))$/i;
  const copy = { ...env };
  for (const key of Object.keys(copy)) if (leaked.test(key)) delete copy[key];
  return copy;
}

/** Runs a command to completion; resolves its stdout and stderr together, rejects on failure. */
export function output(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr.on("data", (d: Buffer) => (text += d.toString()));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve(text.trim()) : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${text.slice(-3000)}`)),
    );
  });
}

/** Runs a command with its output appended to `logFile`; calls `progress` every 20 s. */
export function runLogged(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  progress: (elapsedMs: number) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    writeFileSync(logFile, `$ ${command} ${args.join(" ")}\n`);
    const fd = openSync(logFile, "a");
    const child = spawn(command, args, { env, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    const started = performance.now();
    const timer = setInterval(() => progress(performance.now() - started), 20_000);
    child.once("error", (e) => (clearInterval(timer), reject(e)));
    child.once("close", (code) => (clearInterval(timer), resolve(code ?? 1)));
  });
}

/** The last `lines` non-empty lines of a text file ("" when it cannot be read). */
export function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
