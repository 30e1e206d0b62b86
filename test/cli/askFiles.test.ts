// `npm run ask --file` as a user meets it: the real process, real files in a temporary folder, the
// test teacher server (TEST DOUBLE) recording what it was sent, and stories260K as the student.
// What cannot be sent as the file's true text is refused before anything is paid; a range of a
// large file goes; a guided answer that lost its teacher says so on stderr and exits 3.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findStoriesModel, noModelMessage } from "../support/testModels";
import { startTestTeacherServer } from "../support/testTeacherServer";
import { runTerminalTool, type ToolRun } from "../support/runTerminalTool";

const dir = mkdtempSync(join(tmpdir(), "headstart-ask-files-"));
const LIMIT = { timeout: 180_000 };

function ask(args: string[]): Promise<ToolRun> {
  return runTerminalTool("src/cli/app/ask.ts", args, { dataDir: join(dir, "data"), cwd: dir });
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test("a Latin-1 file is refused as not UTF-8, naming the line and --encoding; with --encoding it is sent as its true text", LIMIT, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  writeFileSync(join(dir, "latin1.py"), Buffer.from("# Prix en euros\nprix = 3  # café crème\nprint(prix)\n", "latin1"));
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const refused = await ask(["--model", model, "--teacher-url", server.url, "--file", "latin1.py", "What does it print?"]);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /Cannot attach latin1\.py: it is not UTF-8 text \(line 2 has the byte 0xE9, which UTF-8 does not allow there\), so it would be sent garbled\. If you know its encoding, name it: --encoding latin1/);
  assert.equal(server.requests.length, 0, "nothing sent, nothing paid");

  const read = await ask(["--model", model, "--teacher-url", server.url, "--max-answer-tokens", "16", "--encoding", "latin1", "--file", "latin1.py", "What does it print?"]);
  assert.equal(read.code, 0, read.stderr);
  const sent = JSON.stringify(server.requests[0].body);
  assert.ok(sent.includes("café crème"), "the accents as they are in the file");
  assert.ok(!sent.includes("\\ufffd") && !sent.includes("\ufffd"), "no replacement characters");

  const unknown = await ask(["--model", model, "--encoding", "klingon", "--file", "latin1.py", "Hi"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--encoding “klingon” is not an encoding Node\.js knows/);
});

test("a binary file is never sent: refused before the teacher is asked, exiting 2", LIMIT, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  // 4 KB of every byte value: NUL bytes among them, as in any image or archive.
  writeFileSync(join(dir, "blob.bin"), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 151) % 256)));
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  for (const args of [["--file", "blob.bin"], ["--encoding", "latin1", "--file", "blob.bin"], ["--file", "blob.bin:3"]]) {
    const r = await ask(["--model", model, "--teacher-url", server.url, ...args, "What is this?"]);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /Cannot attach blob\.bin(:3)?: it is a binary file \(it holds NUL bytes\), not text: nothing was sent/);
  }
  // /explain reads its file the same way.
  const task = await ask(["--model", model, "--teacher-url", server.url, "--file", "blob.bin:1", "/explain"]);
  assert.equal(task.code, 2, task.stderr);
  assert.match(task.stderr, /it is a binary file/);
  assert.equal(server.requests.length, 0);
});

test("a missing file or a folder is a sentence on stderr, not ENOENT or EISDIR", LIMIT, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  mkdirSync(join(dir, "folder"), { recursive: true });
  const missing = await ask(["--model", model, "--mode", "local", "--file", "nope.py", "Why?"]);
  assert.equal(missing.code, 2);
  assert.equal(missing.stdout, "");
  assert.match(missing.stderr, new RegExp(`Cannot attach nope\\.py: there is no such file \\(looked for ${join(dir, "nope.py").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\)`));
  const folder = await ask(["--model", model, "--mode", "local", "--file", "folder", "Why?"]);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /Cannot attach folder: it is a folder; --file takes a file/);
  const task = await ask(["--model", model, "--mode", "local", "--file", "nope.py:3", "/fix"]);
  assert.equal(task.code, 2);
  assert.match(task.stderr, /Cannot attach nope\.py:3: there is no such file/);
  for (const r of [missing, folder, task]) assert.doesNotMatch(r.stderr, /ENOENT|EISDIR/);
  writeFileSync(join(dir, "one.py"), "x = 1\n");
  const past = await ask(["--model", model, "--mode", "local", "--file", "one.py:5", "Why?"]);
  assert.equal(past.code, 2);
  assert.match(past.stderr, /Cannot attach one\.py:5: it has 1 line, so line 5 is not in it\./);
});

test("a range of a file over the attachment cap goes with the lines around it; the whole file is refused, naming --max-chars and FILE:LINE", LIMIT, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  // About 5 MB: 50,000 lines of about 100 characters.
  const lines = Array.from({ length: 50_000 }, (_, i) => `value_${i + 1} = ${i + 1}  # ${"padding ".repeat(11)}`);
  writeFileSync(join(dir, "big.py"), `${lines.join("\n")}\n`);
  const server = await startTestTeacherServer();
  t.after(() => server.close());

  const ranged = await ask(["--model", model, "--teacher-url", server.url, "--context", "full", "--max-answer-tokens", "16", "--file", "big.py:100-140", "What is value_120?"]);
  assert.equal(ranged.code, 0, ranged.stderr);
  const sent = JSON.stringify(server.requests[0].body);
  for (const n of [100, 120, 140]) assert.ok(sent.includes(`value_${n} = ${n} `), `line ${n} sent`);
  assert.ok(!sent.includes("value_40000 ="), "not the whole file");
  assert.match(sent, /big\.py:\d+-\d+/);
  assert.match(ranged.stderr, /big\.py is 5,\d{3},\d{3} characters, over the 24,000 attached \(--max-chars raises the cap\): lines \d+-\d+, around lines 100-140, go instead\./);

  const whole = await ask(["--model", model, "--teacher-url", server.url, "--file", "big.py", "What is value_120?"]);
  assert.equal(whole.code, 2);
  assert.match(whole.stderr, /Cannot attach big\.py: it is 5,\d{3},\d{3} characters; at most 24,000 characters are attached \(--max-chars raises the cap\)\. Or attach the lines the question is about: --file big\.py:LINE or --file big\.py:START-END/);
  const tooLong = await ask(["--model", model, "--teacher-url", server.url, "--file", "big.py:1-1000", "Sum them"]);
  assert.equal(tooLong.code, 2);
  assert.match(tooLong.stderr, /Cannot attach big\.py:1-1000: lines 1-1000 are over the limit: at most 24,000 characters are attached \(--max-chars raises the cap\)/);
  const raised = await ask(["--model", model, "--teacher-url", server.url, "--mode", "local", "--max-chars", "200000", "--max-answer-tokens", "16", "--file", "big.py:1-1000", "Sum them"]);
  assert.equal(raised.code, 0, raised.stderr);
  assert.equal(server.requests.length, 1, "the refusals sent nothing");
});

test("a guided answer whose teacher failed exits 3 with the notice on stderr naming the URL; the answer alone on stdout", LIMIT, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  const server = await startTestTeacherServer({ status: 401 });
  t.after(() => server.close());
  const rejected = await ask(["--model", model, "--teacher-url", server.url, "--max-answer-tokens", "16", "Once upon a time"]);
  assert.equal(rejected.code, 3, rejected.stderr);
  assert.match(rejected.stderr, new RegExp(`\\[teacher skipped \\(${server.url.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\): The teacher rejected the API key \\(401\\)`));
  assert.doesNotMatch(rejected.stdout, /teacher skipped|\[/);
  assert.match(rejected.stdout, /— /, "the answer and its summary line");

  // Nothing listens on a port just closed: the teacher cannot be reached.
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  const unreachable = await ask(["--model", model, "--teacher-url", `http://127.0.0.1:${port}/v1`, "--max-answer-tokens", "16", "Once upon a time"]);
  assert.equal(unreachable.code, 3, unreachable.stderr);
  assert.match(unreachable.stderr, new RegExp(`teacher skipped \\(http://127\\.0\\.0\\.1:${port}/v1\\): Could not reach the teacher`));

  // Cloud mode has no answer without its teacher: 1. Local mode never needs one: 0.
  const cloud = await ask(["--model", model, "--teacher-url", server.url, "--mode", "cloud", "Once upon a time"]);
  assert.equal(cloud.code, 1);
  assert.match(cloud.stderr, /error \(teacher http:\/\/127\.0\.0\.1:\d+\/v1\): The teacher rejected the API key/);
  const local = await ask(["--model", model, "--teacher-url", server.url, "--mode", "local", "--max-answer-tokens", "16", "Once upon a time"]);
  assert.equal(local.code, 0, local.stderr);
  // A teacher mode named with no teacher configured is answered locally, and says it is not what was asked.
  const none = await ask(["--model", model, "--mode", "guided", "--max-answer-tokens", "16", "Once upon a time"]);
  assert.equal(none.code, 3, none.stderr);
  assert.match(none.stderr, /No teacher configured .*: answering in local mode, not guided\./);
  const unnamed = await ask(["--model", model, "--max-answer-tokens", "16", "Once upon a time"]);
  assert.equal(unnamed.code, 0, "no mode named: local is the documented fallback");
});

test("--auto-threshold is a percentage, as headstart.auto.threshold is, and the footer says the decision in percent", LIMIT, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const refused = await ask(["--model", model, "--teacher-url", server.url, "--mode", "auto", "--auto-threshold", "150", "Hi"]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /--auto-threshold must be a percentage from 0 to 100, such as 80 \(as headstart\.auto\.threshold\)/);
  // 100%: no probe is ever that sure, so the teacher is asked; the footer gives both figures in percent.
  const r = await ask(["--model", model, "--teacher-url", server.url, "--mode", "auto", "--auto-threshold", "100", "--max-answer-tokens", "16", "Once upon a time"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /student unsure \(\d{1,2}% < 100%\): teacher asked/);
  assert.equal(server.requests.length, 1);
});
