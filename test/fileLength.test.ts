import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// A file a newcomer can read in one sitting: one concept, named after what it exports.
const MOST_LINES = 300;

/**
 * Files known to be longer, each with the step that will split it. An entry is removed with that
 * step: the test fails while a listed file is gone or already short enough.
 */
const KNOWN_LONGER: Record<string, string> = {};

const root = join(__dirname, "..");

/** Every file under `dir`, with its line count (as `wc -l` counts them). */
function lineCounts(dir: string): { path: string; lines: number }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return lineCounts(path);
    const text = readFileSync(path, "utf8");
    return [{ path: relative(root, path).split("\\").join("/"), lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0) }];
  });
}

test(`no file in src/ is over ${MOST_LINES} lines`, () => {
  const files = lineCounts(join(root, "src"));
  assert.ok(files.some((f) => f.path === "src/extension.ts"), "found the sources");
  const over = files.filter((f) => f.lines > MOST_LINES && !(f.path in KNOWN_LONGER)).map((f) => `${f.path}: ${f.lines} lines`);
  assert.deepEqual(over, [], "split each into files of one concept each (docs/ARCHITECTURE.md)");
});

test("each file listed as known to be longer still is", () => {
  const files = new Map(lineCounts(join(root, "src")).map((f) => [f.path, f.lines]));
  for (const [path, step] of Object.entries(KNOWN_LONGER)) {
    const lines = files.get(path);
    assert.ok(lines !== undefined && lines > MOST_LINES, `${path} is ${lines === undefined ? "gone" : `${lines} lines`}: take it off the list (${step})`);
  }
});
