// The student holds its turn: a file far larger than its context still gets an answer, and a
// question it cannot hold is refused before the teacher is asked (the test teacher server, a TEST
// DOUBLE speaking the OpenAI wire format, counts the requests). Real stories260K.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Conversation } from "../../src/common/conversation/conversation";
import { formatRecord } from "../../src/common/turn/format";
import { priceLookup } from "../../src/common/cost/prices";
import { runTurn } from "../../src/common/turn/runTurn";
import type { TurnOptions } from "../../src/common/turn/turnOptions";
import type { TurnEvent } from "../../src/common/turn/turnEvents";
import { loadGptTokenCounter } from "../../src/node/cost/gptTokenCounter";
import { OpenAITeacher } from "../../src/node/teacher/openaiTeacher";
import { storiesStudent } from "../support/storiesStudent";
import { startTestTeacherServer, type TestTeacherServer } from "../support/testTeacherServer";

const LIMIT = { timeout: 180_000 };
const FILE = readFileSync(join(__dirname, "..", "..", "..", "shared", "bench", "attached-file.ts"), "utf8");

async function turn(server: TestTeacherServer, student: NonNullable<Awaited<ReturnType<typeof storiesStudent>>>, conversation: Conversation, mode: TurnOptions["mode"]) {
  const counter = await loadGptTokenCounter();
  const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "test-key", model: "gpt-4o-mini", countTokens: (t) => counter.count(t, "gpt-4o-mini").tokens });
  const events: TurnEvent[] = [];
  const options: TurnOptions = { mode, guidanceBudget: 16, cloudMaxTokens: 64, teacherContext: { kind: "budgeted", budget: 768 }, signal: new AbortController().signal };
  for await (const e of runTurn(conversation, options, { teacher, student, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now() })) events.push(e);
  const done = events.at(-1);
  assert.ok(done?.type === "done");
  return { events, done };
}

test("a file far larger than a 2,048-token context: the student reads the part the question names and answers", LIMIT, async (t) => {
  const student = await storiesStudent(t, { contextSize: 2048, maxAnswerTokens: 64 });
  if (!student) return;
  const tokens = await student.countTokens(FILE);
  assert.ok(tokens > 4 * 2048, `the file is ${tokens} of the student's tokens, far more than its context`);
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const conversation: Conversation = {
    id: "big-file",
    messages: [{ role: "user", text: "Why does `ThrottledSave.cancel` clear the timer?", context: [{ fileName: "chatController.ts", language: "typescript", kind: "file", text: FILE }] }],
  };
  const { events, done } = await turn(server, student, conversation, "guided");
  assert.equal(events.find((e) => e.type === "error"), undefined, JSON.stringify(events.find((e) => e.type === "error")));
  const note = events.find((e) => e.type === "note" && e.reason === "attachments-cut") as Extract<TurnEvent, { type: "note" }> | undefined;
  assert.ok(note, "a note says the student reads a part of the file");
  assert.match(note.message, /whole: ThrottledSave\.cancel/);
  const written = events.filter((e) => e.type === "student").map((e) => (e as { text: string }).text).join("");
  assert.ok(written.trim().length > 0, "the student wrote its part");
  assert.equal(server.requests.length, 1, "the teacher was asked once");
  assert.equal(done.record.failed, undefined);
  assert.match(formatRecord(done.record), /saved \$/);
});

test("a question the student cannot hold: the turn stops with a clear error, and the teacher is never asked or paid", LIMIT, async (t) => {
  const student = await storiesStudent(t, { contextSize: 512, maxAnswerTokens: 64 });
  if (!student) return;
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const question = `Summarise this: ${"the quick brown fox jumps over the lazy dog ".repeat(80)}`;
  for (const mode of ["guided", "auto", "local"] as const) {
    const { events, done } = await turn(server, student, { id: `long-${mode}`, messages: [{ role: "user", text: question }] }, mode);
    const error = events.find((e): e is Extract<TurnEvent, { type: "error" }> => e.type === "error");
    assert.equal(error?.reason, "too-long", `${mode}: ${JSON.stringify(events.map((e) => e.type))}`);
    assert.match(error.message, /The question alone .* is more than the local model's context of 512 tokens/);
    assert.equal(done.record.failed, "too-long");
    assert.equal(done.record.cost.actualUsd, 0, `${mode}: nothing paid`);
    assert.doesNotMatch(formatRecord(done.record), /saved/, `${mode}: no saving claimed`);
  }
  assert.equal(server.requests.length, 0, "the teacher server got no request");
});
