import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkAnswer, ENV_ANSWER_MAX_BYTES } from "../../eval/checkAnswer";

const posix = process.platform !== "win32";
const posixOnly = { skip: posix ? false : "the checkers here are POSIX shell commands" };

test("exact: the trimmed answer equals the trimmed text; case and inner spaces count", async () => {
  assert.deepEqual(await checkAnswer("  Paris\n", { exact: "Paris" }), { passed: true });
  assert.deepEqual(await checkAnswer("Paris", { exact: " Paris " }), { passed: true });
  assert.equal((await checkAnswer("paris", { exact: "Paris" })).passed, false);
  assert.equal((await checkAnswer("Paris.", { exact: "Paris" })).passed, false);
  assert.equal((await checkAnswer("New  York", { exact: "New York" })).passed, false);
});

test("regex: matches anywhere in the answer, with the set's flags", async () => {
  assert.equal((await checkAnswer("It runs in O(log n) time.", { regex: "O\\(log ?n\\)" })).passed, true);
  assert.equal((await checkAnswer("It runs in o(LOG N) time.", { regex: "O\\(log ?n\\)" })).passed, false);
  assert.equal((await checkAnswer("It runs in o(LOG N) time.", { regex: "O\\(log ?n\\)", flags: "i" })).passed, true);
  assert.equal((await checkAnswer("line one\nline two", { regex: "^line two$", flags: "m" })).passed, true);
});

test("command: passes on exit 0, with the answer on stdin and in $HEADSTART_ANSWER", posixOnly, async () => {
  assert.deepEqual(await checkAnswer("It returns a + b.", { command: "grep -q 'a + b'" }), { passed: true });
  assert.deepEqual(await checkAnswer("It returns a + b.", { command: `test "$HEADSTART_ANSWER" = "It returns a + b."` }), { passed: true });
  // A checker that ignores its stdin still passes.
  assert.deepEqual(await checkAnswer("x".repeat(100), { command: "true" }), { passed: true });
  // An answer too long for the environment is on stdin only.
  const long = "x".repeat(ENV_ANSWER_MAX_BYTES + 1);
  assert.deepEqual(await checkAnswer(long, { command: `test -z "$HEADSTART_ANSWER" && test "$(wc -c)" -eq ${long.length}` }), { passed: true });
});

test("command: a non-zero exit fails, quoting the checker's last line", posixOnly, async () => {
  const r = await checkAnswer("It returns a - b.", { command: "grep -q 'a + b'" });
  assert.deepEqual(r, { passed: false, detail: "checker: exit status 1" });
  const said = await checkAnswer("42", { command: "echo 'wanted 43' >&2; exit 3" });
  assert.deepEqual(said, { passed: false, detail: "checker: exit status 3: wanted 43" });
});

test("command: runs in the folder it is given", posixOnly, async () => {
  const dir = mkdtempSync(join(tmpdir(), "headstart-eval-"));
  try {
    assert.equal((await checkAnswer("hello", { command: "cat > seen.txt" }, { cwd: dir })).passed, true);
    assert.equal(readFileSync(join(dir, "seen.txt"), "utf8"), "hello");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("command: a hung checker is killed at the timeout and the check fails with an error", posixOnly, async () => {
  const dir = mkdtempSync(join(tmpdir(), "headstart-eval-"));
  try {
    // The shell starts a child that would outlive it: the timeout ends the whole group.
    const r = await checkAnswer("x", { command: "sleep 30; touch late.txt" }, { timeoutMs: 300, cwd: dir });
    assert.deepEqual(r, { passed: false, error: "checker timed out after 300 ms" });
    const stopped = new AbortController();
    const pending = checkAnswer("x", { command: "sleep 30" }, { signal: stopped.signal });
    stopped.abort();
    assert.deepEqual(await pending, { passed: false, error: "checker stopped" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("command: a checker that cannot start fails with an error", posixOnly, async () => {
  const r = await checkAnswer("x", { command: "true" }, { cwd: "/nonexistent/headstart-eval-dir" });
  assert.equal(r.passed, false);
  assert.match(r.error ?? "", /^checker could not run: /);
});
