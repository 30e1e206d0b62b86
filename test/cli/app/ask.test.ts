// The CLI as a user runs it: the real process, against the test teacher server (TEST DOUBLE).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { terminalAdvice } from "../../../src/cli/app/terminalAdvice";
import { findStoriesModel, noModelMessage } from "../../support/testModels";
import { startTestTeacherServer } from "../../support/testTeacherServer";
import { runTerminalTool, type ToolRun } from "../../support/runTerminalTool";

const root = join(__dirname, "..", "..", "..");
/** The spend journal these runs write, apart from the user's own. */
const dataDir = mkdtempSync(join(tmpdir(), "headstart-ask-test-"));

function ask(args: string[], env: Record<string, string> = {}): Promise<ToolRun> {
  return runTerminalTool("src/cli/app/ask.ts", args, { dataDir, env });
}

test("an unknown flag names itself and prints the usage, exiting 2", { timeout: 60_000 }, async () => {
  const r = await ask(["--modle", "x.gguf", "hi"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--modle/);
  assert.match(r.stderr, /Usage: npm run ask/);
});

test("a teacher URL that is not a URL is refused up front, exiting 2", { timeout: 60_000 }, async () => {
  const r = await ask(["--teacher-url", "not-a-url", "--model", "x.gguf", "hi"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--teacher-url must be an http\(s\) URL.*not “not-a-url”/);
});

test("--check reports a refused parameter and the retry, with no key for a server on this machine", { timeout: 60_000 }, async () => {
  const server = await startTestTeacherServer({ refuse: { parameters: ["stream_options"], style: "azure" }, alwaysUsage: true, reportCostUsd: 0.00002 });
  try {
    const r = await ask(["--check", "--teacher-url", server.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^OK: gpt-4o-mini answered\./m);
    assert.match(r.stdout, /Refused “stream_options”; asked again without it, which worked\./);
    assert.match(r.stdout, /Cost: \$0\.000020 \(cost reported by the provider\)\./);
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[0].headers.authorization, "Bearer local");
  } finally {
    await server.close();
  }
});

test("--check against a failing server exits 1 and says why", { timeout: 60_000 }, async () => {
  const server = await startTestTeacherServer({ status: 401 });
  try {
    const r = await ask(["--check", "--teacher-url", server.url]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^Failed: The teacher rejected the API key \(401\)/m);
  } finally {
    await server.close();
  }
});

test("in a terminal, advice names flags and variables, not VS Code's commands", { timeout: 120_000 }, async () => {
  // A key is needed for a remote teacher: the error says which variable to set, as a shell sets it.
  const remote = await ask(["--check", "--teacher-url", "https://api.example.invalid/v1"]);
  assert.equal(remote.code, 1);
  assert.match(remote.stdout, /export OPENAI_API_KEY=/);
  assert.doesNotMatch(remote.stdout + remote.stderr, /Headstart: Set Teacher API Key/);
  // A model file that is not there: the error says to pass --model.
  const missing = await ask(["--mode", "local", "--model", "/tmp/headstart-no-such-model.gguf", "Hello"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /--model path\/to\/model\.gguf/);
  assert.doesNotMatch(missing.stdout + missing.stderr, /Headstart: Choose Student Model/);
});

test("every VS Code setting or command the engine's messages quote has a terminal equivalent", () => {
  const dirs = ["common", "node"].map((d) => join(root, "src", d));
  const quoted = new Set<string>();
  for (const dir of dirs) {
    for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((n) => n.endsWith(".ts"))) {
      for (const m of readFileSync(join(dir, name), "utf8").matchAll(/“((?:headstart\.|Headstart: )[^”]+)”/g)) quoted.add(m[1]);
    }
  }
  assert.ok(quoted.size >= 8, `${quoted.size} quoted names found`);
  for (const name of quoted) assert.doesNotMatch(terminalAdvice(`Raise “${name}”.`), /“(?:headstart\.|Headstart: )/, `${name} has no terminal equivalent`);
});

test("the student's own limits are flags: a short answer limit and a small context name --max-answer-tokens and --context-size", { timeout: 120_000 }, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  const limited = await ask(["--mode", "local", "--model", model, "--max-answer-tokens", "16", "Once upon a time"]);
  assert.equal(limited.code, 0, limited.stderr);
  assert.match(limited.stderr, /Cut at the length limit \(16 tokens\)\. Raise “--max-answer-tokens”/);
  const long = await ask(["--mode", "local", "--model", model, "--context-size", "256", `Summarise: ${"the cat sat on the mat ".repeat(60)}`]);
  assert.equal(long.code, 1);
  assert.match(long.stderr, /raise “--context-size”/);
  assert.doesNotMatch(long.stderr + limited.stderr, /headstart\.student/);
});

test("--file FILE:LINE: the function at that line goes to the teacher whole, and a wrong line is refused", { timeout: 120_000 }, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  const server = await startTestTeacherServer();
  try {
    const file = join(root, "bench", "file-questions", "shlex.py");
    const lines = readFileSync(file, "utf8").split("\n");
    const start = lines.indexOf("def quote(s):");
    const end = lines.findIndex((l, i) => i > start && l.startsWith(`    return "'" + s.replace(`));
    assert.ok(start > 0 && end > start, "shlex.py is the file this test was written for");
    const r = await ask(["--model", model, "--teacher-url", server.url, "--file", `${file}:${start + 3}`, "--max-answer-tokens", "16", "What does it return for an empty string?"]);
    assert.equal(r.code, 0, r.stderr);
    const sent = JSON.stringify(server.requests[0].body);
    assert.ok(sent.includes(JSON.stringify(lines.slice(start, end + 1).join("\n")).slice(1, -1)), "the function at the cursor, whole");
    assert.match(r.stdout, /sent whole: quote/);
    const wrong = await ask(["--model", model, "--teacher-url", server.url, "--file", `${file}:9999`, "Why?"]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /Cannot attach .*shlex\.py:9999: it has \d+ lines, so line 9999 is not in it\./);
  } finally {
    await server.close();
  }
});

test("the test teacher is named as such and costs $0 in the terminal and the journal, even when its server reports a cost", { timeout: 120_000 }, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  const server = await startTestTeacherServer({ alwaysUsage: true, reportCostUsd: 0.0004 });
  try {
    const r = await ask(["--model", model, "--teacher-url", server.url, "--teacher-model", "test-teacher", "--max-answer-tokens", "16", "Tell me a story"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.requests.length, 1, "the test teacher was asked");
    const footer = r.stdout.split("\n").find((l) => l.includes("teacher test-teacher:")) ?? "";
    assert.match(footer, /teacher test-teacher: \d+ in \/ \d+ out, \$0 · /);
    assert.match(footer, /no saving: the test teacher is not billed · test teacher \(canned answers\), not billed$/);
    assert.doesNotMatch(footer, /teacher-only|saved/);
    const journal = readdirSync(dataDir).filter((f) => f.endsWith(".jsonl")).map((f) => readFileSync(join(dataDir, f), "utf8")).join("");
    const charges = journal.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { kind: string; model?: string; usd?: number | null });
    assert.ok(charges.some((c) => c.kind === "charge" && c.model === "test-teacher" && c.usd === 0), "journalled at $0, not the server's report");
  } finally {
    await server.close();
  }
});
