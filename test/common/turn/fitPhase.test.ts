import { test } from "node:test";
import assert from "node:assert/strict";
import type { Conversation, EditorContext, ModelRequest } from "../../../src/common/conversation/conversation";
import { toModelRequest } from "../../../src/common/conversation/prompt";
import { promptTokens } from "../../../src/common/conversation/promptTokens";
import { StudentError } from "../../../src/common/models/errors";
import { fitPhase } from "../../../src/common/turn/phases/fitPhase";
import { runPhase, ScriptedStudent } from "../../support/engineDoubles";

const wordCount = (text: string): number => text.match(/\w+|[^\s\w]/g)?.length ?? 0;
const size = (r: ModelRequest): number => promptTokens([{ role: "user", content: r.system }, ...r.messages], wordCount);
const file: EditorContext = {
  fileName: "big.py",
  language: "python",
  kind: "file",
  text: Array.from({ length: 120 }, (_, i) => `def step_${i}(state):\n    return state.get(${i}) + ${i}\n`).join("\n"),
};
const conversation: Conversation = { id: "f1", messages: [{ role: "user", text: "Why does step_90 add 90?", context: [file] }] };
const whole = toModelRequest(conversation);
const OPENING = { teacher: "opening", student: true } as const;

/** A student whose context holds `promptTokens` of prompt, recording what the phase asked of it in order. */
function studentWithRoom(promptTokens: number) {
  const asked: string[] = [];
  return Object.assign(new ScriptedStudent(), {
    asked,
    check: (_request?: ModelRequest, openingTokens?: number): Promise<void> => {
      asked.push(`check ${openingTokens}`);
      return Promise.resolve();
    },
    room: () => {
      asked.push("room");
      return Promise.resolve({ promptTokens, contextTokens: promptTokens * 2, count: wordCount });
    },
  });
}

test("a conversation the student's context holds goes whole, after the student is checked for the opening", async () => {
  const student = studentWithRoom(size(whole) + 1000);
  const { events, result } = await runPhase(fitPhase(conversation, whole, OPENING, 8, student, new AbortController().signal));
  assert.deepEqual(events, []);
  assert.deepEqual(result, whole);
  assert.deepEqual(student.asked, ["check 8", "room"], "checked before anyone is paid");
});

test("attachments larger than the context are cut, with a note saying so", async () => {
  const student = studentWithRoom(Math.floor(size(whole) / 3));
  const { events, result } = await runPhase(fitPhase(conversation, whole, { teacher: "none", student: true }, 8, student, new AbortController().signal));
  assert.deepEqual(student.asked, ["room"], "a local turn has no opening to check for");
  assert.ok(size(result) < size(whole));
  assert.equal(events.length, 1);
  assert.equal(events[0].type === "note" && events[0].reason, "attachments-cut");
  assert.match(events[0].type === "note" ? events[0].message : "", /whole: step_90/);
});

test("a question the context cannot hold throws before anyone is paid", async () => {
  const student = studentWithRoom(3);
  await assert.rejects(runPhase(fitPhase(conversation, whole, OPENING, 0, student, new AbortController().signal)), (e: unknown) => e instanceof StudentError && e.reason === "too-long");
});

test("a student that cannot say its room, or does not write, is sent the whole conversation", async () => {
  const silent = new ScriptedStudent();
  assert.deepEqual((await runPhase(fitPhase(conversation, whole, OPENING, 8, silent, new AbortController().signal))).result, whole);
  const student = studentWithRoom(3);
  const cloud = await runPhase(fitPhase(conversation, whole, { teacher: "answer", student: false }, 8, student, new AbortController().signal));
  assert.deepEqual(cloud.result, whole);
  assert.deepEqual(student.asked, [], "the teacher writes it all: the student is neither checked nor fitted");
});
