// `npm run eval` as a user runs it: the real process. With no model, only cloud mode can run, on
// the test teacher (TEST DOUBLE) with the sample's canned answers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { EvalReport } from "../../eval/evalReport";
import { runTerminalTool, type ToolRun } from "../support/runTerminalTool";

/** The spend journal these runs write, apart from the user's own. */
const dataDir = mkdtempSync(join(tmpdir(), "headstart-eval-test-"));
const LIMIT = { timeout: 120_000 };

function evalCli(args: string[]): Promise<ToolRun> {
  return runTerminalTool("eval/run.ts", args, { dataDir });
}

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), "headstart-eval-cli-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("without --set it prints the usage and exits 2; bad flags and modes are named", LIMIT, async () => {
  const none = await evalCli([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /--set FILE is required/);
  assert.match(none.stderr, /Usage: npm run eval -- --set FILE/);
  const modes = await evalCli(["--set", "eval/sample.jsonl", "--modes", "local,fast"]);
  assert.equal(modes.code, 2);
  assert.match(modes.stderr, /--modes takes a comma-separated list of .*not “local,fast”/);
});

test("a set with a bad line is refused before anything runs, naming the line", LIMIT, async (t) => {
  const dir = tempDir(t);
  const set = join(dir, "set.jsonl");
  writeFileSync(set, `{"question": "q", "expect": {"exact": "x"}}\n{"question": "q", "file": "missing.ts", "expect": {"exact": "x"}}\n`);
  const r = await evalCli(["--set", set]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /set\.jsonl line 2: attached file “missing\.ts” cannot be read/);
});

test("with no model and no teacher there is nothing to run, and it says what to pass", LIMIT, async () => {
  const r = await evalCli(["--set", "eval/sample.jsonl"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Nothing to run: local \(no student model\), guided \(no teacher configured\)/);
  assert.match(r.stderr, /--model path\/to\/model\.gguf/);
});

test("the sample set on the test teacher with no model: cloud runs, the rest are skipped, the report is written", LIMIT, async (t) => {
  const report = join(tempDir(t), "out", "report.json");
  const r = await evalCli(["--set", "eval/sample.jsonl", "--test-teacher", "eval/sample-teacher.json", "--report", report]);
  assert.equal(r.code, 0, r.stderr);
  for (const mode of ["local", "guided", "auto"]) assert.match(r.stderr, new RegExp(`^${mode}: skipped \\(no student model\\)$`, "m"));
  assert.match(r.stdout, /^passed\s+–\s+–\s+–\s+4\/5$/m);
  assert.match(r.stdout, /^array-at\s+–\s+–\s+–\s+fail$/m);
  const written = JSON.parse(readFileSync(report, "utf8")) as EvalReport;
  assert.equal(written.set, "eval/sample.jsonl");
  assert.equal(written.teacherModel, "gpt-4o-mini");
  assert.equal(written.studentModel, null);
  assert.deepEqual(written.modes.map((m) => [m.mode, m.questions, m.passed, m.skipped]), [
    ["local", 0, 0, "no student model"],
    ["guided", 0, 0, "no student model"],
    ["auto", 0, 0, "no student model"],
    ["cloud", 5, 4, undefined],
  ]);
  assert.deepEqual(Object.keys(written.questions[0]).sort(), ["answer", "askedTeacher", "costUsd", "id", "mode", "passed", "teacherOnlyUsd"]);
  assert.equal(written.questions.find((q) => q.id === "capital")?.answer, "Paris");
  // The test teacher is paid nothing: its made-up charges stay out of the user's spend journal,
  // in a journal beside the report, and the run says where.
  assert.equal(existsSync(join(dataDir, "spend-journal.jsonl")), false, "nothing in the user's spend journal");
  const own = join(dirname(report), "spend-journal.jsonl");
  const charges = readFileSync(own, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { kind: string });
  assert.equal(charges.filter((c) => c.kind === "charge").length, 5);
  assert.match(r.stdout, /Charges: nothing was paid \(a test teacher\)\. .* are in .*out[/\\]spend-journal\.jsonl, not in your spend journal\./);
  // A second run starts its own journal afresh.
  const again = await evalCli(["--set", "eval/sample.jsonl", "--test-teacher", "eval/sample-teacher.json", "--report", report]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(readFileSync(own, "utf8").split("\n").filter((l) => l.includes('"kind":"charge"')).length, 5);
});

test("one question is “1 question”", LIMIT, async (t) => {
  const dir = tempDir(t);
  const set = join(dir, "one.jsonl");
  writeFileSync(set, `{"question": "What is the capital of France?", "expect": {"regex": "Paris"}}\n`);
  const r = await evalCli(["--set", set, "--modes", "cloud", "--test-teacher", "eval/sample-teacher.json", "--report", join(dir, "report.json")]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^1 question from /m);
});
