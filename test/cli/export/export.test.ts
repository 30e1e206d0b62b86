// `npm run export` as a user runs it, on a storage folder holding panel conversations and a Chat
// view rating; then the exported eval set run by `npm run eval` on stories260K and the test
// teacher (TEST DOUBLE).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StoredAssistantMessage, StoredConversation } from "../../../src/common/history/chatHistory";
import { ratedChatAnswer } from "../../../src/common/chatView/ratedChatAnswer";
import { planTurn } from "../../../src/common/turn/phases/turnPlanner";
import type { Mode } from "../../../src/common/conversation/mode";
import type { EvalReport } from "../../../eval/evalReport";
import { record } from "../../webview/support/fixtures";
import { findStoriesModel, noModelMessage } from "../../support/testModels";
import { runTerminalTool, type ToolRun } from "../../support/runTerminalTool";

const LIMIT = { timeout: 240_000 };

function cli(path: string, args: string[], dataDir: string): Promise<ToolRun> {
  return runTerminalTool(path, args, { dataDir });
}

const at = "2026-11-30T10:00:00.000Z";
const answer = (id: string, mode: Mode, text: string, guidanceLength: number, extra: Partial<StoredAssistantMessage> = {}): StoredAssistantMessage => ({
  id,
  role: "assistant",
  mode,
  plan: planTurn(mode),
  text,
  guidanceLength,
  record: record({ mode }),
  ...extra,
});

/** A storage folder as the extension leaves it: the panel's conversations and the Chat view's ratings. */
function storage(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "headstart-export-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const panel: StoredConversation = {
    id: "p1",
    title: "Add",
    createdAt: Date.parse(at),
    updatedAt: Date.parse(at),
    messages: [
      { id: "u1", role: "user", text: "What does the function `add` in the attached file return?", context: [{ fileName: "src/add.py", language: "python", kind: "file", text: "def add(a, b):\n    return a + b\n" }] },
      answer("a1", "guided", "It returns `a + b`, the sum of its arguments.", 12, { rating: { value: "up", reason: "Right", at } }),
      { id: "u2", role: "user", text: "Tell me a story." },
      answer("a2", "guided", "Once upon a time there was a", 9, { rating: { value: "down", at } }),
    ],
  };
  mkdirSync(join(dir, "conversations"));
  writeFileSync(join(dir, "conversations", "p1.json"), JSON.stringify(panel));
  const chat = ratedChatAnswer(
    { answer: "Paris.", guidanceLength: 3, messageId: "r1", messages: [{ role: "user", text: "What is the capital of France? Answer with one word." }], mode: "guided", record: record({ mode: "guided" }) },
    { value: "up", at },
    "shop",
  );
  assert.ok(chat);
  mkdirSync(join(dir, "chat-view-ratings"));
  writeFileSync(join(dir, "chat-view-ratings", `${chat.id}.json`), JSON.stringify(chat));
  return dir;
}

test("npm run export writes the rated-up answers of the panel and the Chat view, and shows what it writes first", LIMIT, async (t) => {
  const from = storage(t);
  const out = join(from, "out", "train.jsonl");
  const r = await cli("src/cli/export/export.ts", ["--from", from, "--out", out], from);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^2 answers, \d+ bytes\.$/m);
  assert.match(r.stderr, /1 had attached files: named, their contents left out/);
  const lines = readFileSync(out, "utf8").trimEnd().split("\n").map((l) => JSON.parse(l) as { messages: { role: string; content: string }[] });
  assert.deepEqual(lines.map((l) => l.messages.at(-1)?.content), ["It returns `a + b`, the sum of its arguments.", "Paris."], "the rated-down answer is not there");
  assert.ok(!readFileSync(out, "utf8").includes("return a + b"), "the file's contents are left out unless asked for");

  const dry = await cli("src/cli/export/export.ts", ["--from", from, "--format", "spans", "--workspace", "shop", "--dry-run"], from);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stderr, /^1 answer, /m);
  assert.match(dry.stderr, /"opening":\{"begin_offset":0,"end_offset":2,"model":"gpt-4o-mini"\}/);

  const bad = await cli("src/cli/export/export.ts", ["--from", from, "--out", out, "--format", "csv"], from);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--format must be one of openai, trl, spans, eval/);
  const none = await cli("src/cli/export/export.ts", ["--from", from, "--out", out, "--since", "2026-12-01"], from);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /Nothing to export/);
});

test("the exported eval set runs in npm run eval on stories260K and the test teacher", LIMIT, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  const from = storage(t);
  const set = join(from, "set", "mine.jsonl");
  const exported = await cli("src/cli/export/export.ts", ["--from", from, "--out", set, "--format", "eval", "--include-files"], from);
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(readFileSync(join(from, "set", "mine-files", "1-add.py"), "utf8"), "def add(a, b):\n    return a + b\n");
  assert.match(exported.stderr, /and 1 attached file beside it\.$/m, "one file, not “1 attached files”");
  const teacher = join(from, "teacher.json");
  writeFileSync(teacher, JSON.stringify([{ when: "function `add`", answer: "It returns `a + b`." }, { when: "capital of France", answer: "Paris." }]));
  const report = join(from, "report.json");
  const r = await cli("eval/run.ts", ["--set", set, "--model", model, "--test-teacher", teacher, "--modes", "local,cloud", "--report", report], from);
  assert.equal(r.code, 0, r.stderr);
  const written = JSON.parse(readFileSync(report, "utf8")) as EvalReport;
  assert.deepEqual(written.modes.map((m) => [m.mode, m.questions]), [["local", 2], ["cloud", 2]]);
  // The test teacher gives back the rated answers' substance, so the exported checks pass it.
  assert.equal(written.modes.find((m) => m.mode === "cloud")?.passed, 2);
});
