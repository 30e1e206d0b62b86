import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffLines } from "../../../src/common/edits/lineDiff";
import { unifiedPatch } from "../../../src/common/edits/unifiedPatch";
import { seeded } from "../../support/generatedSources";

/** The length of a longest common subsequence, by dynamic programming: what a shortest diff keeps. */
function lcs(a: readonly string[], b: readonly string[]): number {
  let row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const next = [0];
    for (let j = 1; j <= b.length; j++) next.push(x === b[j - 1] ? row[j - 1] + 1 : Math.max(row[j], next[j - 1]));
    row = next;
  }
  return row[b.length];
}

test("the line diff gives back both sides and keeps as many lines as any diff could", () => {
  const random = seeded(42);
  for (let run = 0; run < 300; run++) {
    const list = (): string[] => Array.from({ length: Math.floor(random() * 12) }, () => "abcd"[Math.floor(random() * 4)]);
    const a = list();
    const b = list();
    const runs = diffLines(a, b);
    assert.deepEqual(runs.flatMap((r) => (r.kind === "added" ? [] : r.lines)), a);
    assert.deepEqual(runs.flatMap((r) => (r.kind === "removed" ? [] : r.lines)), b);
    assert.equal(runs.filter((r) => r.kind === "same").reduce((n, r) => n + r.lines.length, 0), lcs(a, b), `${a.join("")} → ${b.join("")}`);
  }
});

/** Applies `patch` with git in a fresh repository holding `files` (after `git apply --check`); reads a file after, or throws git's complaint. */
function gitApply(files: Record<string, string>, patch: string): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), "headstart-patch-"));
  execFileSync("git", ["init", "-q", dir]);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "change.patch"), patch);
  execFileSync("git", ["apply", "--check", "change.patch"], { cwd: dir, stdio: "pipe" });
  execFileSync("git", ["apply", "change.patch"], { cwd: dir, stdio: "pipe" });
  return (name) => readFileSync(join(dir, name), "utf8");
}

test("git apply takes the patch and makes the new text: changes far apart, CRLF, no newline at the end, emptied and new files", () => {
  const numbered = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
  const cases: { name: string; before: string | undefined; after: string }[] = [
    { name: "far.txt", before: numbered.join("\n") + "\n", after: numbered.map((l, i) => (i === 2 || i === 25 ? `${l} changed` : l)).join("\n") + "\n" },
    { name: "near.txt", before: numbered.join("\n") + "\n", after: numbered.map((l, i) => (i === 10 || i === 15 ? `${l} changed` : l)).join("\n") + "\n" },
    { name: "crlf.txt", before: "a\r\nb\r\nc\r\n", after: "a\r\nB\r\nc\r\nd\r\n" },
    { name: "no-newline.txt", before: "a\nb\nc", after: "a\nb\nc\nd" },
    { name: "gains-newline.txt", before: "x", after: "x\n" },
    { name: "emptied.txt", before: "a\nb\n", after: "" },
    { name: "new.ts", before: undefined, after: "export const x = 1;\n" },
  ];
  const patches = cases.map((c) => unifiedPatch(c.name, c.before, c.after));
  const read = gitApply(Object.fromEntries(cases.flatMap((c) => (c.before === undefined ? [] : [[c.name, c.before]]))), patches.join(""));
  for (const c of cases) assert.equal(read(c.name), c.after, c.name);
  const hunks = (p: string): string[] => p.split("\n").filter((l) => l.startsWith("@@"));
  assert.deepEqual(hunks(patches[0]), ["@@ -1,6 +1,6 @@", "@@ -23,7 +23,7 @@"], "changes far apart: a hunk each, three lines of context");
  assert.deepEqual(hunks(patches[1]), ["@@ -8,12 +8,12 @@"], "changes within six lines: one hunk");
  assert.match(patches[3], /^-c\n\\ No newline at end of file\n\+c\n\+d\n\\ No newline at end of file\n$/m);
  assert.match(patches[6], /^new file mode 100644\n--- \/dev\/null\n\+\+\+ b\/new\.ts\n@@ -0,0 \+1 @@\n\+export const x = 1;\n$/m);
  assert.equal(unifiedPatch("same.txt", "a\n", "a\n"), "", "no change, no patch");
});
