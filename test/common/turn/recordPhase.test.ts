import { test } from "node:test";
import assert from "node:assert/strict";
import type { Conversation } from "../../../src/common/conversation/conversation";
import { TeacherError } from "../../../src/common/models/errors";
import { NOT_TAUGHT, type Taught } from "../../../src/common/turn/phases/taught";
import { NOT_WRITTEN } from "../../../src/common/turn/phases/studentPhase";
import { recordPhase, type TurnReached } from "../../../src/common/turn/phases/recordPhase";
import { setUpTurn } from "../../../src/common/turn/phases/turnSetup";
import { engineDeps, ScriptedStudent, ScriptedTeacher } from "../../support/engineDoubles";

const conversation: Conversation = { id: "r1", messages: [{ role: "user", text: "How do I reverse a list?" }] };
const OPENING = { teacher: "opening", student: true } as const;
const teacher = new ScriptedTeacher({ tokens: [] });
const deps = { ...engineDeps(teacher, new ScriptedStudent()), now: () => 1000 };
const setup = setUpTurn(conversation, OPENING, {}, { teacher, counter: deps.counter });
const usage = { inputTokens: 100, cachedInputTokens: 40, outputTokens: 4 };
const taught: Taught = { ...NOT_TAUGHT, guidance: "Use the list rever", kept: "Use the list", finish: "length", usage, firstTextAt: 110, guidanceEndAt: 150 };
const reached = (over: Partial<TurnReached> = {}): TurnReached => ({
  mode: "guided",
  decided: { plan: OPENING },
  taught,
  written: { text: " reversed.", stats: { inputTokens: 50, outputTokens: 2, tokensPerSecond: 100 }, cutAtLimit: false, handoffGapMs: 30, firstTextAt: null },
  started: 100,
  stopped: false,
  ...over,
});

test("the answer is the kept opening and the student's text; the record has both models' figures", () => {
  const { answer, record } = recordPhase(setup, reached(), deps);
  assert.deepEqual(answer, { role: "assistant", text: "Use the list reversed.", guidanceLength: "Use the list".length });
  assert.deepEqual(record.plan, OPENING);
  assert.equal(record.teacherModel, "gpt-4o-mini");
  assert.deepEqual(record.teacherUsage, usage);
  assert.equal(record.studentStats?.outputTokens, 2);
  assert.equal(record.teacherView?.kind, "full", "the view the teacher was shown, since it was asked");
  assert.ok(record.cost.actualUsd! > 0 && record.cost.savingUsd! > 0);
  assert.deepEqual(record.timings, { firstTextMs: 10, handoffGapMs: 30, totalMs: 900 });
  assert.equal(record.failed, undefined);
});

test("a student that did not finish leaves the answer partial", () => {
  const { answer } = recordPhase(setup, reached({ written: { ...NOT_WRITTEN, text: " rev" } }), deps);
  assert.equal(answer.partial, true);
  assert.equal(answer.text, "Use the list rev");
});

test("a turn that failed early says why, with the phases it reached", () => {
  const hold = { hold: "h1", heldUsd: 0.2 };
  const { answer, record } = recordPhase(setup, reached({ studentHold: hold, taught: NOT_TAUGHT, written: NOT_WRITTEN, failed: "too-long" }), deps);
  assert.equal(answer.text, "");
  assert.equal(answer.partial, true);
  assert.equal(record.failed, "too-long");
  assert.deepEqual(record.studentHold, hold, "a hold taken before the failure is settled by the record");
  assert.equal(record.teacherUsage, undefined);
  assert.equal(record.teacherView, undefined, "a teacher never asked was shown nothing");
  assert.equal(record.timings.firstTextMs, null);
});

test("a teacher that failed its whole answer is the turn's failure, and its cap cut the answer", () => {
  const cloud = { teacher: "answer", student: false } as const;
  const failed = { ...taught, kept: "All of", notice: new TeacherError("unavailable", "closed"), failed: "unavailable" as const };
  const { record } = recordPhase(setUpTurn(conversation, cloud, {}, { teacher, counter: deps.counter }), reached({ mode: "cloud", decided: { plan: cloud }, taught: failed, written: NOT_WRITTEN }), deps);
  assert.equal(record.notice, "unavailable");
  assert.equal(record.failed, "unavailable");
  assert.equal(record.cutAtLimit, true, "it ended at its token cap");
});

test("auto mode's decision and the user's stop are recorded", () => {
  const auto = { asked: false, reason: "sure", confidence: 0.9, threshold: 0.8 } as const;
  const plan = { teacher: "none", student: true } as const;
  const { answer, record } = recordPhase(setup, reached({ mode: "auto", decided: { plan, auto }, taught: NOT_TAUGHT, stopped: true }), deps);
  assert.deepEqual(record.auto, auto);
  assert.equal(record.stopped, true);
  assert.equal(answer.partial, true);
  assert.equal(record.cost.actualUsd, 0, "the teacher was not paid");
});
