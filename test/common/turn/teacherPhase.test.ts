import { test } from "node:test";
import assert from "node:assert/strict";
import type { Conversation } from "../../../src/common/conversation/conversation";
import { StudentError, TeacherError } from "../../../src/common/models/errors";
import type { TurnPlan } from "../../../src/common/turn/turnPlan";
import { NOT_TAUGHT } from "../../../src/common/turn/phases/taught";
import { teacherPhase } from "../../../src/common/turn/phases/teacherPhase";
import { setUpTurn } from "../../../src/common/turn/phases/turnSetup";
import { engineDeps, eventTypes, runPhase, ScriptedStudent, ScriptedTeacher, turnOptions } from "../../support/engineDoubles";

const conversation: Conversation = { id: "t1", messages: [{ role: "user", text: "How do I reverse a list?" }] };
const OPENING: TurnPlan = { teacher: "opening", student: true };
const ANSWER: TurnPlan = { teacher: "answer", student: false };

function teach(plan: TurnPlan, teacher: ScriptedTeacher | undefined, student = new ScriptedStudent(), signal = new AbortController().signal) {
  const deps = engineDeps(teacher, student);
  const setup = setUpTurn(conversation, plan, {}, { teacher, counter: deps.counter });
  return runPhase(teacherPhase(setup, plan, setup.whole, turnOptions(), deps, signal));
}

test("an opening streams, is charged, and is cut back to a whole word for the student", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["Use", " the", " list", " rever", "sed"] });
  const student = new ScriptedStudent();
  const { events, result } = await teach(OPENING, teacher, student);
  assert.deepEqual(eventTypes(events), ["teacher-request", "guidance", "guidance", "guidance", "guidance", "teacher-charged", "handoff"]);
  assert.deepEqual(events.at(-1), { type: "handoff", kept: "Use the list", dropped: " rever" });
  assert.equal(result.guidance, "Use the list rever");
  assert.equal(result.kept, "Use the list");
  assert.equal(result.finish, "length");
  assert.equal(result.usage?.outputTokens, 4);
  assert.ok(result.firstTextAt !== null && result.guidanceEndAt !== null && result.guidanceEndAt >= result.firstTextAt);
  assert.equal(teacher.requests[0].maxTokens, 4, "held to the guidance budget");
  assert.equal(student.preloads[0].prefix, "", "the student read the prompt while the teacher wrote");
});

test("a whole answer is kept whole: nothing is cut, nothing handed off", async () => {
  const { events, result } = await teach(ANSWER, new ScriptedTeacher({ tokens: ["All", " of", " it", " here"] }));
  assert.deepEqual(eventTypes(events), ["teacher-request", "guidance", "guidance", "guidance", "guidance", "teacher-charged"]);
  assert.equal(result.kept, "All of it here");
  assert.equal(result.failed, undefined);
});

test("a teacher that fails an opening is a notice: the student goes on alone", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["Use", " the", " list"], error: new TeacherError("rate-limited", "Too many requests"), failAfter: 3 });
  const { events, result } = await teach(OPENING, teacher);
  assert.deepEqual(events.find((e) => e.type === "notice"), { type: "notice", reason: "rate-limited", message: "Too many requests" });
  assert.equal(result.notice?.reason, "rate-limited");
  assert.equal(result.failed, undefined);
  assert.equal(result.guidance, "Use the list");
  assert.equal(result.kept, "Use the", "what arrived before the failure is kept for the student, to its last whole word");
});

test("a teacher that fails a whole answer fails the turn with an error", async () => {
  const { events, result } = await teach(ANSWER, new ScriptedTeacher({ tokens: [], error: new TeacherError("auth", "Bad key") }));
  assert.deepEqual(events.at(-1), { type: "error", reason: "auth", message: "Bad key" });
  assert.equal(result.failed, "auth");
});

test("without a teacher an opening is a notice, and a student that failed to read the prompt is returned", async () => {
  const student = new ScriptedStudent([], { error: new StudentError("load-failed", "no model") });
  const { events, result } = await teach(OPENING, undefined, student);
  assert.equal(events[0].type === "notice" && events[0].reason, "no-key");
  assert.equal(result.preloadError?.reason, "load-failed");
});

test("a plan with no teacher, or a stopped turn, asks none", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["Never"] });
  assert.deepEqual(await teach({ teacher: "none", student: true }, teacher), { events: [], result: NOT_TAUGHT });
  const stopped = new AbortController();
  stopped.abort();
  assert.deepEqual(await teach(OPENING, teacher, new ScriptedStudent(), stopped.signal), { events: [], result: NOT_TAUGHT });
  assert.equal(teacher.requests.length, 0);
});
