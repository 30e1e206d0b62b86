// Builds the production bundles and packages the extension as a linux-x64 .vsix with vsce.
// Usage: node scripts/package.mjs [--out <file.vsix>]
// What ships is decided by .vscodeignore; this script then reads the package back, prints its size
// and contents, and fails if it holds anything that must never ship (sources, tests, source maps,
// llama.cpp sources, CUDA or other platforms' binaries).
import { spawnSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const TARGET = "linux-x64";
const SIZE_GOAL_BYTES = 40_000_000; // 40 MB (vsce prints MiB)
/** Packages of prebuilt llama.cpp binaries that may ship for this target. */
const ALLOWED_BINARY_PACKAGES = new Set([`@node-llama-cpp/${TARGET}`, `@node-llama-cpp/${TARGET}-vulkan`]);
/** Paths (inside the package's `extension/` folder) that must never ship. */
const FORBIDDEN = [
  /^(src|test|scripts|bench|eval|\.ci|\.cache|\.test-artifacts)\//,
  /\.(map|ts|cts|mts)$/,
  /^node_modules\/node-llama-cpp\/llama\/(gitRelease\.bundle|addon|cmake|toolchains|xpack|patches)/,
  /^node_modules\/(typescript|@typescript)\//,
];

function main() {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const outArg = process.argv.indexOf("--out");
  if (outArg > 0 && !process.argv[outArg + 1]) {
    console.error("usage: node scripts/package.mjs [--out <file.vsix>]");
    process.exit(2);
  }
  const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, `${manifest.name}-${manifest.version}-${TARGET}.vsix`);

  run("build (production)", process.execPath, [join(root, "scripts/build.mjs"), "--production"]);
  run("vsce package", process.execPath, [
    join(root, "node_modules/@vscode/vsce/vsce"),
    "package",
    "--target", TARGET,
    "--allow-missing-repository",
    // The marketplace page is written for users; README.md is for developers of Headstart.
    "--readme-path", "docs/README.marketplace.md",
    "--no-rewrite-relative-links",
    "--out", out,
  ]);

  const entries = readZipEntries(readFileSync(out))
    .filter((e) => e.name.startsWith("extension/"))
    .map((e) => ({ ...e, name: e.name.slice("extension/".length) }));
  printSummary(out, entries);
  const problems = findProblems(entries);
  if (problems.length > 0) {
    console.error(`\nThe package holds what must never ship:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
}

/** Runs a command in the repository root with inherited output; exits the script if it fails. */
function run(label, command, args) {
  console.log(`\n> ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

/** Prints the package's size, its top-level folders with sizes, and its prebuilt binary packages. */
function printSummary(out, entries) {
  const size = statSync(out).size;
  console.log(`\n${relative(process.cwd(), out)}: ${mb(size)} MB (${(size / 2 ** 20).toFixed(1)} MiB), ${entries.length} files`);
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
  const binaries = [...new Set(entries.map((e) => /^node_modules\/(@node-llama-cpp\/[^/]+)\//.exec(e.name)?.[1]).filter(Boolean))];
  console.log(`  prebuilt llama.cpp binaries: ${binaries.join(", ") || "none"}`);
  if (size > SIZE_GOAL_BYTES) console.warn(`  warning: over the ${mb(SIZE_GOAL_BYTES)} MB goal`);
}

/** Lists the entries that break the packaging rules, with the reason. */
function findProblems(entries) {
  const names = entries.map((e) => e.name);
  const problems = names.filter((n) => FORBIDDEN.some((re) => re.test(n)));
  for (const n of names) {
    const pkg = /^node_modules\/(@node-llama-cpp\/[^/]+)\//.exec(n)?.[1];
    if (pkg && !ALLOWED_BINARY_PACKAGES.has(pkg)) problems.push(n);
  }
  const required = ["package.json", "readme.md", "changelog.md", "LICENSE.txt", "dist/extension.js", "dist/webview.js", "media/icon.png",
    "node_modules/node-llama-cpp/package.json", "node_modules/node-llama-cpp/llama/binariesGithubRelease.json",
    `node_modules/@node-llama-cpp/${TARGET}/package.json`];
  const lower = new Set(names.map((n) => n.toLowerCase()));
  for (const r of required) if (!lower.has(r.toLowerCase())) problems.push(`missing: ${r}`);
  return [...new Set(problems)];
}

/** Reads a zip's central directory: each entry's name and sizes. */
function readZipEntries(zip) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("not a zip file (no end of central directory)");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** Bytes as decimal megabytes, one decimal. */
function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

main();
