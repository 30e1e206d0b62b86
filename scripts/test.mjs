// Runs the type checker and ESLint, then every test file under test/ with Node's own test runner
// (TypeScript through tsx, which strips types: the compiler is the only type check).
// Usage: npm test [-- <substring filter on file paths>]; with a filter, only the matching tests run.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const filters = process.argv.slice(2);

/**
 * @param {string} dir
 * @returns {string[]}
 */
function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith(".test.ts") ? [relative(root, path)] : [];
  });
}

const files = testFiles(join(root, "test"))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(", ")}`);
  process.exit(1);
}
if (filters.length === 0) {
  /** @type {[what: string, args: string[]][]} */
  const checks = [
    ["type check (tsc --noEmit)", ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]],
    ["lint (eslint, type-aware rules)", ["node_modules/eslint/bin/eslint.js", "."]],
  ];
  for (const [what, args] of checks) {
    console.log(`▶ ${what}`);
    const check = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
    if (check.status !== 0) {
      console.error(`✖ ${what} failed`);
      process.exit(check.status ?? 1);
    }
    console.log(`✔ ${what}`);
  }
}
// One file at a time: the machines have two cores and llama.cpp tests want one of them each.
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=1", "--test-force-exit", "--test-reporter=spec", ...files],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
