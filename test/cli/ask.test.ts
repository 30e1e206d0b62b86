// The CLI as a user runs it: the real process, against the test teacher server (TEST DOUBLE).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { startTestTeacherServer } from "../support/testTeacherServer";

const root = join(__dirname, "..", "..");

function ask(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(root, "src", "cli", "ask.ts"), ...args], {
      cwd: root,
      env: { ...process.env, OPENAI_API_KEY: "", HEADSTART_TEACHER_URL: "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
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
  // A key is needed for a remote teacher: the error says which variable to set.
  const remote = await ask(["--check", "--teacher-url", "https://api.example.invalid/v1"]);
  assert.equal(remote.code, 1);
  assert.match(remote.stdout, /set OPENAI_API_KEY/);
  assert.doesNotMatch(remote.stdout + remote.stderr, /Headstart: Set Teacher API Key/);
  // A model file that is not there: the error says to pass --model.
  const missing = await ask(["--mode", "local", "--model", "/tmp/headstart-no-such-model.gguf", "Hello"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stdout, /--model path\/to\/model\.gguf/);
  assert.doesNotMatch(missing.stdout + missing.stderr, /Headstart: Choose Student Model/);
});
