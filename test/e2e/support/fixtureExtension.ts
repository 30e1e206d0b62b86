// Small extensions that end-to-end tests install next to Headstart (test/e2e/fixtures/<name>/:
// plain JavaScript, a package.json and an ES module, no build step), packaged into a .vsix with
// vsce at test time (offline, under a second) and installed with `code-server --install-extension`.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Sandbox } from "./codeServer";
import { installExtension } from "./codeServer";
import type { CodeServerInstall } from "./codeServerInstall";
import { cleanEnv } from "./processes";
import { waitUntil } from "./steps";

const REPO_ROOT = join(__dirname, "..", "..", "..");
const VSCE = join(REPO_ROOT, "node_modules", "@vscode", "vsce", "vsce");

/** The folder of fixture extension `name` (test/e2e/fixtures/<name>). */
export function fixtureDir(name: string): string {
  return join(__dirname, "..", "fixtures", name);
}

/**
 * Packages the extension in `dir` into `outVsix` with vsce (no dependencies, no repository or
 * licence checks: a fixture has none); returns the .vsix's path.
 */
export async function packageFixtureExtension(dir: string, outVsix: string): Promise<string> {
  mkdirSync(dirname(outVsix), { recursive: true });
  rmSync(outVsix, { force: true });
  const args = [VSCE, "package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", outVsix];
  await outputIn(dir, process.execPath, args);
  if (!existsSync(outVsix)) throw new Error(`vsce wrote no ${outVsix}`);
  return outVsix;
}

/**
 * Packages fixture `name` into `<sandbox>/fixtures/<name>.vsix` and installs it into the
 * sandbox's code-server (call before `startCodeServer`, like `installExtension`). Returns the
 * extension's id (`<publisher>.<name>` from its package.json).
 */
export async function installFixtureExtension(install: CodeServerInstall, sandbox: Sandbox, name: string): Promise<string> {
  const dir = fixtureDir(name);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { publisher: string; name: string };
  const vsix = await packageFixtureExtension(dir, join(sandbox.root, "fixtures", `${name}.vsix`));
  await installExtension(install, vsix, sandbox);
  return `${manifest.publisher}.${manifest.name}`;
}

/** The lm-caller fixture (test/e2e/fixtures/lm-caller): another extension using Headstart's model through `vscode.lm`. */
export const LM_CALLER = {
  name: "lm-caller",
  id: "headstart-e2e.lm-caller",
  command: "lmCaller.ask",
  /** Its palette label, for `runCommand`. */
  title: "LM Caller: Ask Headstart through vscode.lm",
  /** The environment variables it reads (pass them in `startCodeServer({ env })`). */
  env: { result: "LM_CALLER_RESULT", prompt: "LM_CALLER_PROMPT" },
} as const;

/** What the lm-caller fixture writes once its request has ended (see fixtures/lm-caller/extension.mjs). */
export type LmCallerResult =
  | {
      ok: true;
      prompt: string;
      /** The whole answer, the fragments of `response.text` joined. */
      text: string;
      /** How many fragments `response.text` yielded (more than 1: it streamed). */
      fragments: number;
      firstFragmentMs: number;
      totalMs: number;
      /** The model it used: the one with id "headstart-guided", else the first of vendor "headstart". */
      model: LmCallerModel;
      /** Every model `vscode.lm.selectChatModels({ vendor: "headstart" })` returned. */
      models: LmCallerModel[];
      startedAt: string;
      finishedAt: string;
    }
  | { ok: false; prompt: string; error: string; code?: string; models: LmCallerModel[]; startedAt: string; finishedAt: string };

export interface LmCallerModel {
  id: string;
  name: string;
  vendor: string;
  family: string;
  version: string;
  maxInputTokens: number;
}

/** The result file the lm-caller fixture writes by default: `.lm-caller/result.json` in the workspace. */
export function lmCallerResultFile(workspace: string): string {
  return join(workspace, ".lm-caller", "result.json");
}

/**
 * Waits until the lm-caller fixture's result file holds a finished request (it holds
 * `{ "state": "running" }` meanwhile) and returns it. Delete the file before running the command
 * again, or this returns the previous result.
 */
export async function readLmCallerResult(file: string, timeoutMs = 120_000): Promise<LmCallerResult> {
  let last = "";
  return waitUntil(
    `the lm-caller fixture's result in ${file}`,
    () => {
      if (!existsSync(file)) return undefined;
      last = readFileSync(file, "utf8");
      try {
        const value = JSON.parse(last) as LmCallerResult | { state: "running" };
        return "ok" in value ? value : undefined;
      } catch {
        return undefined; // written with a rename, so never half; but be safe
      }
    },
    { timeoutMs, intervalMs: 250, describe: () => last || "no file yet" },
  );
}

/** Runs a command in `cwd` (vsce packages the folder it runs in); resolves its output, rejects on failure. */
function outputIn(cwd: string, command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: cleanEnv(process.env), stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr.on("data", (d: Buffer) => (text += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`vsce package in ${cwd} exited ${code}:\n${text.slice(-3000)}`))));
  });
}
