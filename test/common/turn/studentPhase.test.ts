import { test } from "node:test";
import assert from "node:assert/strict";
import type { ModelRequest } from "../../../src/common/conversation/conversation";
import { StudentError } from "../../../src/common/models/errors";
import type { TurnPlan } from "../../../src/common/turn/turnPlan";
import { NOT_TAUGHT, type Taught } from "../../../src/common/turn/phases/taught";
import { studentPhase } from "../../../src/common/turn/phases/studentPhase";
import { eventTypes, handTimers, runPhase, ScriptedStudent } from "../../support/engineDoubles";

const request: ModelRequest = { conversationId: "s1", system: "S", messages: [{ role: "user", content: "How?" }] };
const OPENING: TurnPlan = { teacher: "opening", student: true };
const opened: Taught = { ...NOT_TAUGHT, guidance: "Use the list rever", kept: "Use the list", finish: "length", firstTextAt: 10, guidanceEndAt: 20 };

/** A clock that moves 5 ms each time it is read. */
function steppingClock(from: number): () => number {
  let t = from;
  return () => (t += 5);
}

function write(plan: TurnPlan, taught: Taught, student: ScriptedStudent, over: { heldUsd?: number; signal?: AbortSignal; setTimer?: (fire: () => void, ms: number) => () => void } = {}) {
  const hold = over.heldUsd === undefined ? undefined : { hold: "h1", heldUsd: over.heldUsd };
  return runPhase(studentPhase(plan, request, taught, hold, { studentStallMs: 1000 }, { student, now: steppingClock(20), ...(over.setTimer ? { setTimer: over.setTimer } : {}) }, over.signal ?? new AbortController().signal));
}

test("the student continues from the kept opening, and its first text measures the handoff", async () => {
  const student = new ScriptedStudent([" reversed", " in", " place."]);
  const { events, result } = await write(OPENING, opened, student);
  assert.deepEqual(eventTypes(events), ["student", "student", "student"]);
  assert.equal(student.continues[0].prefix, "Use the list");
  assert.equal(result.text, " reversed in place.");
  assert.equal(result.stats?.outputTokens, 3);
  assert.equal(result.handoffGapMs, 5, "one clock step after the teacher's request ended");
  assert.equal(result.firstTextAt, null, "the teacher's text came first");
  assert.equal(result.cutAtLimit, false);
});

test("writing alone, the student's first text is the answer's first", async () => {
  const { result } = await write({ teacher: "none", student: true }, NOT_TAUGHT, new ScriptedStudent(["Hi"]));
  assert.equal(result.firstTextAt, 25);
  assert.equal(result.handoffGapMs, null, "no teacher, no handoff");
});

test("a student that fails mid-answer returns its failure with the text before it", async () => {
  const student = new ScriptedStudent(["a", "b"]);
  student.continue = async function* () {
    yield { type: "text", text: "half" };
    await Promise.resolve();
    throw new StudentError("generation-failed", "it broke");
  };
  const { events, result } = await write(OPENING, opened, student);
  assert.deepEqual(eventTypes(events), ["student"]);
  assert.equal(result.text, "half");
  assert.equal(result.stats, undefined);
  assert.ok(result.failure instanceof StudentError && result.failure.reason === "generation-failed");
});

test("its length limit and a stall are noted; a server that billed past its hold is told", async () => {
  const timers = handTimers();
  const student = new ScriptedStudent(["one", " two"], {
    stallAfter: 1,
    // A turn of the event loop first, so the watch has armed its timer for this word.
    onStall: async () => {
      await new Promise(setImmediate);
      timers.fire();
    },
    notes: [{ reason: "length-limit", message: "cut" }],
  });
  const billed = async function* (this: ScriptedStudent, ...args: Parameters<ScriptedStudent["continue"]>) {
    for await (const chunk of ScriptedStudent.prototype.continue.apply(this, args)) yield chunk.type === "end" ? { ...chunk, stats: { ...chunk.stats, server: "srv", serverUsd: 0.5 } } : chunk;
  };
  student.continue = billed;
  const { events, result } = await write(OPENING, opened, student, { heldUsd: 0.1, setTimer: timers.setTimer });
  const notes = events.flatMap((e) => (e.type === "note" ? [e.reason] : []));
  assert.deepEqual(notes, ["length-limit", "stalled", "charged-over-hold"]);
  assert.equal(result.cutAtLimit, true);
  assert.deepEqual(student.eased, [1]);
});

test("nothing is written when the teacher answered, the plan has no student, or the turn is stopped", async () => {
  const student = new ScriptedStudent();
  assert.deepEqual((await write(OPENING, { ...opened, finish: "stop" }, student)).events, []);
  assert.deepEqual((await write({ teacher: "answer", student: false }, opened, student)).events, []);
  const stopped = new AbortController();
  stopped.abort();
  const { result } = await write(OPENING, opened, student, { signal: stopped.signal });
  assert.deepEqual(result, { text: "", cutAtLimit: false, handoffGapMs: null, firstTextAt: null });
  assert.equal(student.continues.length, 0);
});
