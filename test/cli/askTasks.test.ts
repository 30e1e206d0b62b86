// The terminal's task commands and --diff as a user runs them: the real process, against the test
// teacher server (TEST DOUBLE) with the demo's canned answers, in cloud mode (the teacher writes the
// whole answer, so no student model is loaded), and the patch checked by git itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DEMO_ANSWERS, FIX_SAMPLE, FIXED_TOTAL_CENTS } from "../../scripts/demoAnswers";
import { startTestTeacherServer, type TestTeacherServer } from "../support/testTeacherServer";
import { runTerminalTool, type ToolRun } from "../support/runTerminalTool";

const root = join(__dirname, "..", "..");
const CART = "docs/demo-workspace/cart.ts";
const TYPE_ERROR = "Property 'price' does not exist on type 'Item'.";
const dataDir = mkdtempSync(join(tmpdir(), "headstart-ask-tasks-"));

function ask(args: string[], cwd = root): Promise<ToolRun> {
  return runTerminalTool("src/cli/app/ask.ts", args, { dataDir, cwd });
}

const cloud = (server: TestTeacherServer): string[] => ["--mode", "cloud", "--model", "/no/model/needed.gguf", "--teacher-url", server.url, "--teacher-model", "test-teacher"];

/** A git repository holding `files`; `git apply --check` then `git apply` of `patch` in it; reads a file after. */
function applyInRepo(files: Record<string, string>, patch: string): (path: string) => string {
  const dir = mkdtempSync(join(tmpdir(), "headstart-ask-patch-"));
  execFileSync("git", ["init", "-q", dir]);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, "answer.patch"), patch);
  execFileSync("git", ["apply", "--check", "answer.patch"], { cwd: dir, stdio: "pipe" });
  execFileSync("git", ["apply", "answer.patch"], { cwd: dir, stdio: "pipe" });
  return (path) => readFileSync(join(dir, path), "utf8");
}

test("/fix --error --diff: the teacher is told the problem, and stdout is a patch git applies that fixes the function and nothing else", { timeout: 120_000 }, async () => {
  const server = await startTestTeacherServer({ answers: DEMO_ANSWERS });
  try {
    const before = readFileSync(join(root, CART), "utf8");
    const r = await ask(["/fix", "--file", `${CART}:${FIX_SAMPLE.line}`, "--error", TYPE_ERROR, "--diff", ...cloud(server), "It used to add up."]);
    assert.equal(r.code, 0, r.stderr);
    const sent = (server.requests[0].body as { messages: { role: string; content: string }[] }).messages.at(-1)!.content;
    assert.ok(sent.includes(`Fix the error in \`${CART}\`, in \`totalCents\`:\n- error at ${FIX_SAMPLE.line}:1: ${TYPE_ERROR}`), sent);
    assert.ok(sent.endsWith("It used to add up."), "the user's words after the task's");
    assert.match(r.stderr, /`Item` has no `price` field/, "the answer on stderr");
    assert.match(r.stderr, /Patch: replaces `totalCents` \(lines 10-16\) in docs\/demo-workspace\/cart\.ts\./);
    assert.match(r.stdout, /^diff --git a\/docs\/demo-workspace\/cart\.ts b\/docs\/demo-workspace\/cart\.ts\n/, "stdout is the patch alone");
    const start = before.indexOf("export function totalCents");
    const expected = before.slice(0, start) + FIXED_TOTAL_CENTS + before.slice(before.indexOf("}\n", before.indexOf("return sum;", start)) + 2);
    assert.equal(applyInRepo({ [CART]: before }, r.stdout)(CART), expected);
    const changed = r.stdout.split("\n").filter((l) => /^[-+](?![-+])/.test(l));
    assert.deepEqual(changed, ["-    sum += item.price * item.quantity;", "+    sum += item.priceCents * item.quantity;"]);
  } finally {
    await server.close();
  }
});

test("--diff with an answer that has no code block says so and exits 1; a task needs a file", { timeout: 120_000 }, async () => {
  const server = await startTestTeacherServer();
  try {
    const story = await ask(["/explain", "--file", `${CART}:3`, "--diff", ...cloud(server)]);
    assert.equal(story.code, 1);
    assert.equal(story.stdout, "");
    assert.match(story.stderr, /The answer has no code block to make a patch of\./);
    const fileless = await ask(["/fix", ...cloud(server), "why?"]);
    assert.equal(fileless.code, 2);
    assert.match(fileless.stderr, /\/fix is about a place in a file: pass --file FILE:LINE\./);
    const stray = await ask(["--error", "x", "--file", CART, ...cloud(server), "why?"]);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /--error goes with \/fix/);
  } finally {
    await server.close();
  }
});

test("/tests in a project: its framework and an existing test's style are sent, and the patch creates the test file where the project keeps them", { timeout: 120_000 }, async () => {
  const answer = "These cover the sum and an empty cart.\n\n```ts\nimport { expect, it } from \"vitest\";\nimport { totalCents } from \"../src/cart\";\n\nit(\"adds\", () => expect(totalCents([])).toBe(0));\n```\n";
  const server = await startTestTeacherServer({ answer });
  const project = mkdtempSync(join(tmpdir(), "headstart-ask-project-"));
  const files = {
    "package.json": JSON.stringify({ devDependencies: { vitest: "^3.2.0" } }),
    "src/cart.ts": readFileSync(join(root, CART), "utf8"),
    "test/format.test.ts": 'import { it } from "vitest";\nit("formats", () => {});\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), text);
  }
  try {
    const r = await ask(["/tests", "--file", "src/cart.ts:11", "--diff", ...cloud(server)], project);
    assert.equal(r.code, 0, r.stderr);
    const sent = (server.requests[0].body as { messages: { content: string }[] }).messages.at(-1)!.content;
    assert.match(sent, /Write tests for `totalCents` in `src\/cart\.ts` with vitest, for the new file `test\/cart\.test\.ts`: give the whole file, in the style of `test\/format\.test\.ts` \(shown\)/);
    assert.ok(sent.includes('it("formats"'), "the example test is attached");
    assert.match(r.stderr, /Patch: creates test\/cart\.test\.ts\./);
    assert.equal(applyInRepo(files, r.stdout)("test/cart.test.ts"), answer.slice(answer.indexOf("import {"), answer.lastIndexOf("```")));
  } finally {
    await server.close();
  }
});
