// Builds the production bundles once and packages the extension with vsce, one .vsix per target
// platform, each carrying only that platform's prebuilt llama.cpp binaries.
//
// Usage: node scripts/package.mjs [--all | --target <target> ...] [--out <file.vsix> | --out-dir <dir>]
//   (no flags)         linux-x64 only, as ./headstart-<version>-linux-x64.vsix: the package the
//                      VS Code end-to-end suite installs (test/e2e/support/packageExtension.ts)
//   --all              every target in scripts/targets.mjs (`npm run package:all`)
//   --target <target>  that target (repeatable)
//   --out <file>       the package's path (one target only)
//   --out-dir <dir>    where headstart-<version>-<target>.vsix files go (default: the repository)
// Exit status: 0 packaged and checked, 1 failed (a package breaks the rules below), 2 bad usage,
// 3 the npm registry could not be reached to fetch another platform's binaries.
//
// `npm ci` installs only the host's native packages, so each target's (scripts/targets.mjs) come
// from the npm registry, fetched with `npm pack` at exactly the version their parent pins and kept
// in .cache/prebuilt/ (a second run is offline). vsce packages what `npm list --production`
// reports, filtered by the ignore file, from the folder it runs in; so each target is packaged
// from a stage (.cache/package-work/<pid>/stage): hard links to this repository and its
// node_modules, with the target's native packages in place of the host's. node_modules itself is
// never changed. The ignore file is .vscodeignore with its `!node_modules/@node-llama-cpp/...`
// lines redone for the target's binary packages.
//
// Each package is then read back: it fails if it holds another platform's binary (by path, and by
// the binary's own header), llama.cpp sources, the extension's sources or tests, source maps, or
// misses a file it needs, or is over 40 MB.
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, renameSync,
  rmSync, statSync, symlinkSync, writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_TARGET, PLATFORM_PACKAGE, TARGETS } from "./targets.mjs";
import { BINARY_HEAD_BYTES, binaryPlatform, readZipEntries, readZipEntry } from "./zipEntries.mjs";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const SIZE_LIMIT_BYTES = 40_000_000; // 40 MB (vsce prints MiB)
const EXIT_REGISTRY_UNREACHABLE = 3;
/** Installed packages whose optionalDependencies pin the native packages' versions. */
const PINNING_PARENTS = ["node-llama-cpp", "@reflink/reflink"];
const PREBUILT_CACHE = join(root, ".cache", "prebuilt");
const WORK = join(root, ".cache", "package-work");
/** Paths (inside the package's `extension/` folder) that must never ship. */
const FORBIDDEN = [
  /^(src|test|scripts|bench|eval|\.ci|\.cache|\.github|\.test-artifacts)\//,
  /\.(map|ts|cts|mts)$/,
  /^node_modules\/(typescript|@typescript)\//,
];
/** What of node-llama-cpp's llama/ folder may ship; the rest is llama.cpp's sources and build files. */
const LLAMA_FOLDER_ALLOWED = /^node_modules\/node-llama-cpp\/llama\/(binariesGithubRelease\.json|llama\.cpp\.info\.json|package\.json|grammars\/[^/]+\.gbnf)$/;
/** C, C++, CUDA, Metal and shader sources inside node-llama-cpp or its binary packages. */
const NATIVE_SOURCES = /^node_modules\/(node-llama-cpp|@node-llama-cpp\/[^/]+)\/.*\.(c|cc|cpp|cxx|h|hh|hpp|cu|cuh|m|mm|metal|comp|glsl|cmake)$|(^|\/)CMakeLists\.txt$/;

class UsageError extends Error {}
class RegistryUnreachableError extends Error {}

/** @typedef {import("./zipEntries.mjs").ZipEntry} ZipEntry */
/**
 * The fields read from a package.json (every package has a name and a version).
 * @typedef {{ name: string, version: string, optionalDependencies?: Record<string, string> }} PackageManifest
 */
/**
 * Where a native package's files are, and their version.
 * @typedef {{ dir: string, version: string }} PackageSource
 */
/** @typedef {Map<string, PackageSource>} PackageSources */

async function main() {
  const started = Date.now();
  const { targets, out, outDir } = parseArgs(process.argv.slice(2));
  const manifest = readJson(join(root, "package.json"));
  /** @param {string} target */
  const outFor = (target) => out ?? join(outDir, `${manifest.name}-${manifest.version}-${target}.vsix`);

  // The native packages first: a missing one fails in seconds, not after the build.
  const sources = await platformPackages([...new Set(targets.flatMap((t) => TARGETS[t].packages))]);
  const fetched = Date.now();

  run("build (production)", process.execPath, [join(root, "scripts/build.mjs"), "--production"], root);
  const built = Date.now();

  const work = join(WORK, String(process.pid));
  const results = [];
  try {
    removeStaleWork();
    const stage = join(work, "stage");
    stageRepository(stage);
    for (const target of targets) {
      const t0 = Date.now();
      useTargetPackages(stage, target, sources);
      const ignoreFile = join(work, `${target}.vscodeignore`);
      writeFileSync(ignoreFile, ignoreFileFor(target));
      const file = outFor(target);
      mkdirSync(dirname(file), { recursive: true });
      rmSync(file, { force: true });
      run(`vsce package --target ${target}`, process.execPath, [
        join(root, "node_modules/@vscode/vsce/vsce"),
        "package",
        "--target", target,
        "--allow-missing-repository",
        // The marketplace page is written for users; README.md is for developers of Headstart.
        "--readme-path", "docs/README.marketplace.md",
        "--no-rewrite-relative-links",
        "--ignoreFile", ignoreFile,
        "--out", file,
      ], stage);
      const result = inspectPackage(file, target, sources);
      results.push({ ...result, seconds: (Date.now() - t0) / 1000 });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (existsSync(WORK) && readdirSync(WORK).length === 0) rmSync(WORK, { recursive: true, force: true });
  }

  console.log(`\n${"target".padEnd(13)} ${"size".padStart(8)}  ${"files".padStart(5)}  ${"time".padStart(5)}  package`);
  for (const r of results) {
    const mark = r.problems.length > 0 ? "  ✖" : "";
    console.log(`${r.target.padEnd(13)} ${`${mb(r.size)} MB`.padStart(8)}  ${String(r.files).padStart(5)}  ${`${r.seconds.toFixed(0)} s`.padStart(5)}  ${relative(process.cwd(), r.file)}${mark}`);
  }
  console.log(`(limit ${mb(SIZE_LIMIT_BYTES)} MB; native packages ${seconds(started, fetched)}, build ${seconds(fetched, built)}, total ${seconds(started, Date.now())})`);
  const failed = results.filter((r) => r.problems.length > 0);
  if (failed.length > 0) {
    for (const r of failed) console.error(`\n${relative(process.cwd(), r.file)} breaks the packaging rules:\n  ${r.problems.join("\n  ")}`);
    process.exit(1);
  }
}

/** @param {string[]} args */
function parseArgs(args) {
  /** @type {string[]} */
  const targets = [];
  let all = false;
  let out;
  let outDir;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (!v || v.startsWith("--")) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--all") all = true;
    else if (arg === "--target") targets.push(value());
    else if (arg === "--out") out = resolve(value());
    else if (arg === "--out-dir") outDir = resolve(value());
    else throw new UsageError(`unknown argument: ${arg}`);
  }
  for (const t of targets) if (!TARGETS[t]) throw new UsageError(`unknown target ${t} (targets: ${Object.keys(TARGETS).join(", ")})`);
  if (all && targets.length > 0) throw new UsageError("--all and --target do not go together");
  const chosen = all ? Object.keys(TARGETS) : targets.length > 0 ? [...new Set(targets)] : [DEFAULT_TARGET];
  if (out && outDir) throw new UsageError("--out and --out-dir do not go together");
  if (out && chosen.length > 1) throw new UsageError("--out names one package: use --out-dir with several targets");
  return { targets: chosen, out, outDir: outDir ?? root };
}

/**
 * Runs a command with inherited output; throws if it fails.
 * @param {string} label
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 */
function run(label, command, args, cwd) {
  console.log(`\n> ${label}`);
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status ?? result.signal})`);
}

// ---------------------------------------------------------------------------------------------
// The native packages: from node_modules when the host has them at the pinned version, otherwise
// from .cache/prebuilt/ (a tarball from `npm pack`, unpacked once beside it).

/**
 * Where each named package's files are, at the version its parent pins.
 * @param {string[]} names
 * @returns {Promise<PackageSources>}
 */
async function platformPackages(names) {
  const wanted = names.map((name) => ({ name, version: pinnedVersion(name) }));
  /** @type {{ name: string, version: string }[]} */
  const missing = [];
  /** @type {PackageSources} */
  const sources = new Map();
  for (const { name, version } of wanted) {
    const installed = join(root, "node_modules", name);
    if (readJsonIfExists(join(installed, "package.json"))?.version === version) sources.set(name, { dir: installed, version });
    else if (existsSync(join(cachedDir(name, version), "package.json"))) sources.set(name, { dir: cachedDir(name, version), version });
    else missing.push({ name, version });
  }
  if (missing.length > 0) {
    console.log(`\n> fetch ${missing.map((m) => `${m.name}@${m.version}`).join(", ")} from the npm registry (into ${relative(root, PREBUILT_CACHE)}/)`);
    mkdirSync(PREBUILT_CACHE, { recursive: true });
    const outcomes = await Promise.allSettled(missing.map((m) => fetchPackage(m.name, m.version)));
    /** @type {unknown[]} */
    const errors = outcomes.flatMap((o) => (o.status === "rejected" ? [/** @type {unknown} */ (o.reason)] : []));
    if (errors.some((e) => e instanceof RegistryUnreachableError)) {
      throw new RegistryUnreachableError(errors.filter((e) => e instanceof RegistryUnreachableError).map((e) => e.message).join("\n"));
    }
    if (errors.length > 0) throw new Error(errors.map(errorMessage).join("\n"));
    for (const m of missing) sources.set(m.name, { dir: cachedDir(m.name, m.version), version: m.version });
  }
  return sources;
}

/**
 * The exact version of a native package that an installed parent pins in its optionalDependencies.
 * @param {string} name
 * @returns {string}
 */
function pinnedVersion(name) {
  for (const parent of PINNING_PARENTS) {
    const spec = readJsonIfExists(join(root, "node_modules", parent, "package.json"))?.optionalDependencies?.[name];
    if (spec === undefined) continue;
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(spec)) throw new Error(`${parent} asks for ${name}@${spec}: expected an exact version`);
    return spec;
  }
  throw new Error(`no installed package pins ${name} (looked in the optionalDependencies of ${PINNING_PARENTS.join(", ")}; run npm ci)`);
}

/**
 * @param {string} name
 * @param {string} version
 */
function cachedDir(name, version) {
  return join(PREBUILT_CACHE, `${name.slice(1).replace("/", "-")}-${version}`);
}

/**
 * `npm pack`s one package into the cache (unless its tarball is there) and unpacks it beside it.
 * @param {string} name
 * @param {string} version
 * @returns {Promise<void>}
 */
async function fetchPackage(name, version) {
  const dir = cachedDir(name, version);
  const tarball = `${dir}.tgz`;
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    if (!existsSync(tarball)) {
      const { status, stdout, output } = await npm(["pack", `${name}@${version}`, "--pack-destination", partial, "--json", "--fetch-retries=1"]);
      if (status !== 0) throw await fetchError(name, version, output);
      const [packed] = /** @type {{ filename: string }[]} */ (parseJson(stdout));
      renameSync(join(partial, packed.filename), tarball);
    }
    const unpack = spawnSync("tar", ["-xzf", tarball, "-C", partial], { encoding: "utf8" });
    if (unpack.status !== 0) throw new Error(`could not unpack ${relative(root, tarball)}: ${unpack.stderr || unpack.error}`);
    const manifest = readJson(join(partial, "package", "package.json"));
    if (manifest.name !== name || manifest.version !== version) {
      rmSync(tarball, { force: true });
      throw new Error(`${relative(root, tarball)} holds ${manifest.name}@${manifest.version}, not ${name}@${version}; removed it`);
    }
    try {
      renameSync(join(partial, "package"), dir);
    } catch (error) {
      // Another run unpacked it first.
      if (!existsSync(join(dir, "package.json"))) throw error;
    }
    console.log(`  ${name}@${version}: ${mb(statSync(tarball).size)} MB`);
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}

/**
 * Why `npm pack` failed: the registry is out of reach, or it does not have this version.
 * @param {string} name
 * @param {string} version
 * @param {string} output
 * @returns {Promise<Error>}
 */
async function fetchError(name, version, output) {
  const lines = output.split("\n").filter((l) => /npm (error|ERR!)/.test(l) && !/complete log|In most cases/.test(l)).slice(0, 3).join("\n    ");
  if (/\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ECONNABORTED|ERR_SOCKET_TIMEOUT)\b|npm (error|ERR!) (code )?network/.test(output)) {
    return new RegistryUnreachableError(`cannot reach the npm registry to fetch ${name}@${version}:\n    ${lines}`);
  }
  const view = await npm(["view", name, "versions", "--json"]);
  let known = "";
  try {
    // One version comes as a string, several as an array.
    const versions = [/** @type {string | string[]} */ (parseJson(view.stdout))].flat();
    known = ` (the registry has ${versions.length} versions, the newest ${versions.slice(-4).join(", ")})`;
  } catch {
    // No list: the error lines say enough.
  }
  return new Error(`${name}@${version} could not be fetched${known}. Its parent pins exactly this version ` +
    `(node-llama-cpp loads a binary package only at its own version):\n    ${lines}`);
}

/**
 * Runs npm in the repository (its .npmrc and registry), collecting what it prints (`output`: both streams).
 * @param {string[]} args
 * @returns {Promise<{ status: number | null, stdout: string, output: string }>}
 */
function npm(args) {
  return new Promise((resolvePromise, reject) => {
    const windows = process.platform === "win32";
    const child = spawn(windows ? "npm.cmd" : "npm", args, { cwd: root, shell: windows, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let output = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      output += d;
    });
    child.stderr.on("data", (d) => (output += d));
    child.once("error", reject);
    child.once("close", (status) => resolvePromise({ status, stdout, output }));
  });
}

// ---------------------------------------------------------------------------------------------
// The stage vsce packages each target from.

/** Top-level entries of the repository the stage leaves out: none can ship, some are large. */
const NOT_STAGED = new Set([".git", "node_modules", ".cache", ".test-artifacts", ".bench-results", ".eval-results", "out"]);

/** Removes the work folders of runs that ended without cleaning up (killed, say). */
function removeStaleWork() {
  if (!existsSync(WORK)) return;
  for (const name of readdirSync(WORK)) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    let alive;
    try {
      process.kill(pid, 0);
      alive = Number.isInteger(pid) && pid > 0;
    } catch (error) {
      alive = errorCode(error) === "EPERM";
    }
    if (!alive) rmSync(join(WORK, name), { recursive: true, force: true });
  }
}

/**
 * Hard links to the repository's files and its node_modules, without any native package.
 * @param {string} stage
 */
function stageRepository(stage) {
  mkdirSync(stage, { recursive: true });
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (NOT_STAGED.has(entry.name) || entry.name.endsWith(".vsix")) continue;
    linkTree(join(root, entry.name), join(stage, entry.name), (rel) => rel.endsWith(".vsix"));
  }
  // npm's hidden lockfile would describe the host's native packages, not the stage's. A
  // node_modules that is itself a symbolic link (a git worktree sharing another checkout's) is
  // staged as the folder it points to: linked as a link, the stage's native packages removed
  // below would be removed from that install.
  linkTree(realpathSync(join(root, "node_modules")), join(stage, "node_modules"),
    (rel) => rel === ".package-lock.json" || rel === ".cache" || PLATFORM_PACKAGE.test(`node_modules/${rel}/`));
}

/**
 * Puts exactly the target's native packages into the stage's node_modules.
 * @param {string} stage
 * @param {string} target
 * @param {PackageSources} sources
 */
function useTargetPackages(stage, target, sources) {
  const modules = join(stage, "node_modules");
  // What is removed below must be the stage's own, never a shared node_modules behind a link.
  if (realpathSync(modules) !== join(realpathSync(stage), "node_modules")) throw new Error(`the stage's node_modules (${modules}) leads elsewhere: nothing is removed from it`);
  for (const scope of ["@node-llama-cpp", "@reflink"]) {
    if (!existsSync(join(modules, scope))) continue;
    for (const name of readdirSync(join(modules, scope))) {
      if (PLATFORM_PACKAGE.test(`node_modules/${scope}/${name}/`)) rmSync(join(modules, scope, name), { recursive: true, force: true });
    }
  }
  for (const name of TARGETS[target].packages) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    linkTree(sourceOf(sources, name).dir, join(modules, name));
  }
}

/**
 * Recreates a folder of hard links (copies where linking is refused). Only ever read through:
 * nothing writes into the stage, so the linked files stay as they are.
 * @param {string} from
 * @param {string} to
 * @param {(rel: string) => boolean} [skip] which paths (relative to the top `from`) to leave out
 * @param {string} [rel] `from` relative to the top one
 */
function linkTree(from, to, skip = () => false, rel = "") {
  const stat = lstatSync(from);
  if (stat.isSymbolicLink()) {
    try {
      symlinkSync(readlinkSync(from), to);
    } catch {
      // Symbolic links (node_modules/.bin) never ship; Windows may refuse to make them.
    }
  } else if (stat.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) {
      const childRel = rel ? `${rel}/${name}` : name;
      if (!skip(childRel)) linkTree(join(from, name), join(to, name), skip, childRel);
    }
  } else if (stat.isFile()) {
    try {
      linkSync(from, to);
    } catch (error) {
      if (!["EXDEV", "EPERM", "EMLINK", "ENOTSUP"].includes(errorCode(error) ?? "")) throw error;
      copyFileSync(from, to);
    }
  }
}

/**
 * .vscodeignore with its prebuilt-binary lines redone for the target's binary packages.
 * @param {string} target
 */
function ignoreFileFor(target) {
  const lines = readFileSync(join(root, ".vscodeignore"), "utf8").split(/\r?\n/);
  const binaryLine = /^!node_modules\/@node-llama-cpp\/([^/]+)\/(.+)$/;
  const template = lines.map((l) => binaryLine.exec(l)).find(Boolean);
  if (!template) throw new Error(".vscodeignore has no `!node_modules/@node-llama-cpp/<package>/...` line to take the binaries' rule from");
  const binaries = TARGETS[target].packages.filter((p) => p.startsWith("@node-llama-cpp/"));
  return [
    ...lines.filter((l) => !binaryLine.test(l)),
    `# scripts/package.mjs: the prebuilt binaries for ${target}`,
    ...binaries.map((p) => `!node_modules/${p}/${template[2]}`),
    "",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Reading a package back.

/**
 * Prints a package's size and contents; returns them with what breaks the rules.
 * @param {string} file
 * @param {string} target
 * @param {PackageSources} sources
 */
function inspectPackage(file, target, sources) {
  const zip = readFileSync(file);
  const all = readZipEntries(zip);
  const entries = all
    .filter((e) => e.name.startsWith("extension/") && !e.name.endsWith("/"))
    .map((e) => ({ ...e, name: e.name.slice("extension/".length) }));
  const size = statSync(file).size;
  printSummary(file, size, entries);
  const problems = findProblems(zip, all, entries, target, sources);
  if (size > SIZE_LIMIT_BYTES) problems.push(`${mb(size)} MB: over the ${mb(SIZE_LIMIT_BYTES)} MB limit`);
  return { target, file, size, files: entries.length, problems };
}

/**
 * Prints the package's size, its top-level folders with sizes, and its native packages.
 * @param {string} file
 * @param {number} size
 * @param {ZipEntry[]} entries
 */
function printSummary(file, size, entries) {
  console.log(`\n${relative(process.cwd(), file)}: ${mb(size)} MB (${(size / 2 ** 20).toFixed(1)} MiB), ${entries.length} files`);
  /** @type {Map<string, { files: number, size: number, compressed: number }>} */
  const groups = new Map();
  for (const e of entries) {
    const top = e.name.includes("/") ? `${e.name.split("/")[0]}/` : "(files)";
    const g = groups.get(top) ?? { files: 0, size: 0, compressed: 0 };
    g.files += 1;
    g.size += e.size;
    g.compressed += e.compressed;
    groups.set(top, g);
  }
  for (const [top, g] of [...groups].sort((a, b) => b[1].compressed - a[1].compressed)) {
    console.log(`  ${top.padEnd(16)} ${String(g.files).padStart(5)} files  ${mb(g.size).padStart(7)} MB  (${mb(g.compressed)} MB compressed)`);
  }
  console.log(`  native packages: ${nativePackagesIn(entries).join(", ") || "none"}`);
}

/** @param {ZipEntry[]} entries */
function nativePackagesIn(entries) {
  return [...new Set(entries.map((e) => PLATFORM_PACKAGE.exec(e.name)?.[1]).filter(Boolean))].sort();
}

/**
 * Lists what breaks the packaging rules, with the reason.
 * @param {Buffer} zip
 * @param {ZipEntry[]} all every entry of the zip
 * @param {ZipEntry[]} entries the files under extension/, named without it
 * @param {string} target
 * @param {PackageSources} sources
 */
function findProblems(zip, all, entries, target, sources) {
  const { os, arch, packages } = TARGETS[target];
  const allowed = new Set(packages);
  /** @type {string[]} */
  const problems = [];
  const byName = new Map(entries.map((e) => [e.name, e]));
  /** @param {ZipEntry} entry */
  const text = (entry) => readZipEntry(zip, entry).toString("utf8");

  const vsixManifest = all.find((e) => e.name === "extension.vsixmanifest");
  if (!vsixManifest || !text(vsixManifest).includes(`TargetPlatform="${target}"`)) problems.push(`extension.vsixmanifest: not marked TargetPlatform="${target}"`);

  for (const e of entries) {
    if (FORBIDDEN.some((re) => re.test(e.name))) problems.push(`must not ship: ${e.name}`);
    if (e.name.startsWith("node_modules/node-llama-cpp/llama/") && !LLAMA_FOLDER_ALLOWED.test(e.name)) problems.push(`llama.cpp sources: ${e.name}`);
    if (NATIVE_SOURCES.test(e.name)) problems.push(`native sources: ${e.name}`);
    const pkg = PLATFORM_PACKAGE.exec(e.name)?.[1];
    if (pkg && !allowed.has(pkg)) problems.push(`another platform's package: ${e.name}`);
    const platform = e.size > 0 ? binaryPlatform(readZipEntry(zip, e, BINARY_HEAD_BYTES)) : undefined;
    if (platform && (platform.os !== os || !platform.arch.includes(arch))) {
      problems.push(`built for ${platform.os}-${platform.arch.join("+")}, not ${os}-${arch}: ${e.name}`);
    } else if (platform && !pkg) {
      problems.push(`native binary outside the native packages: ${e.name}`);
    }
  }

  const required = ["package.json", "readme.md", "changelog.md", "LICENSE.txt", "dist/extension.js", "dist/webview.js", "media/icon.png",
    "node_modules/node-llama-cpp/package.json", "node_modules/node-llama-cpp/llama/binariesGithubRelease.json"];
  for (const pkg of packages) {
    required.push(`node_modules/${pkg}/package.json`);
    if (pkg.startsWith("@node-llama-cpp/")) required.push(`node_modules/${pkg}/dist/index.js`, `node_modules/${pkg}/bins/${pkg.split("/")[1]}/llama-addon.node`);
  }
  const lower = new Map(entries.map((e) => [e.name.toLowerCase(), e]));
  for (const r of required) if (!lower.has(r.toLowerCase())) problems.push(`missing: ${r}`);

  // node-llama-cpp loads a binary package only at exactly its own version.
  for (const pkg of packages) {
    const entry = byName.get(`node_modules/${pkg}/package.json`);
    if (!entry) continue; // listed as missing above
    const version = /** @type {PackageManifest} */ (parseJson(text(entry))).version;
    const pinned = sourceOf(sources, pkg).version;
    if (version !== pinned) problems.push(`${pkg} is ${version}, its parent pins ${pinned}`);
  }
  return [...new Set(problems)];
}

/**
 * @param {string} path a package.json
 * @returns {PackageManifest}
 */
function readJson(path) {
  return /** @type {PackageManifest} */ (parseJson(readFileSync(path, "utf8")));
}

/**
 * JSON.parse as `unknown`, for a JSDoc cast to name the shape: typescript-eslint's no-unsafe-*
 * rules do not see a cast applied straight to JSON.parse's `any` in a .mjs file.
 * @param {string} text
 * @returns {unknown}
 */
function parseJson(text) {
  return JSON.parse(text);
}

/** @param {string} path a package.json */
function readJsonIfExists(path) {
  return existsSync(path) ? readJson(path) : undefined;
}

/**
 * A native package's source; platformPackages found one for every target's package, or threw.
 * @param {PackageSources} sources
 * @param {string} name
 */
function sourceOf(sources, name) {
  const source = sources.get(name);
  if (!source) throw new Error(`no source for ${name} (platformPackages should have found it)`);
  return source;
}

/**
 * The `code` of a Node.js system error (EPERM, EXDEV, ...); undefined for anything else.
 * @param {unknown} error
 */
function errorCode(error) {
  return error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : undefined;
}

/** @param {unknown} error */
function errorMessage(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Bytes as decimal megabytes, one decimal.
 * @param {number} bytes
 */
function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

/**
 * @param {number} from
 * @param {number} to
 */
function seconds(from, to) {
  return `${((to - from) / 1000).toFixed(0)} s`;
}

main().catch((/** @type {unknown} */ error) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\nusage: node scripts/package.mjs [--all | --target <target> ...] [--out <file.vsix> | --out-dir <dir>]`);
    process.exit(2);
  }
  console.error(`\n${error instanceof RegistryUnreachableError ? "" : "packaging failed: "}${errorMessage(error)}`);
  process.exit(error instanceof RegistryUnreachableError ? EXIT_REGISTRY_UNREACHABLE : 1);
});
