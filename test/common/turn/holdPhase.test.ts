import { test } from "node:test";
import assert from "node:assert/strict";
import type { ModelRequest } from "../../../src/common/conversation/conversation";
import { StudentError } from "../../../src/common/models/errors";
import type { SpendGate } from "../../../src/common/holds/spendGate";
import { holdPhase } from "../../../src/common/turn/phases/holdPhase";
import { ScriptedStudent } from "../../support/engineDoubles";

const whole: ModelRequest = { conversationId: "c1", system: "S", messages: [{ role: "user", content: "Q" }] };
const OPENING = { teacher: "opening", student: true } as const;

/** A student server that bills: its worst case grows with the opening it is sent. */
function billingStudent() {
  const billed: number[] = [];
  return Object.assign(new ScriptedStudent(), {
    billed,
    bill: (_request: ModelRequest, openingTokens: number) => {
      billed.push(openingTokens);
      return { model: "srv-model", origin: "http://srv.test", worstUsd: 0.5 + openingTokens / 16 };
    },
  });
}

/** Spending limits that hold up to `limitUsd`, recording each hold asked. */
function gateUpTo(limitUsd: number): SpendGate & { asked: { model: string; worstUsd: number | null; origin?: string }[] } {
  const asked: { model: string; worstUsd: number | null; origin?: string }[] = [];
  return {
    asked,
    hold: (request) => {
      asked.push(request);
      return Promise.resolve((request.worstUsd ?? Infinity) > limitUsd ? { refused: "over the daily limit" } : { hold: `h${asked.length}` });
    },
    release: () => Promise.resolve(),
  };
}

test("a student server's worst case is held, counting the opening it will be sent", async () => {
  const student = billingStudent();
  const gate = gateUpTo(2);
  const held = await holdPhase(student, whole, OPENING, 8, gate);
  assert.deepEqual(student.billed, [8]);
  assert.deepEqual(gate.asked, [{ model: "srv-model", worstUsd: 1, origin: "http://srv.test" }]);
  assert.deepEqual(held, { hold: "h1", heldUsd: 1 }, "without a figure from the gate, what was asked is what is held");
});

test("a local turn holds the student's answer alone: no opening", async () => {
  const student = billingStudent();
  await holdPhase(student, whole, { teacher: "none", student: true }, 8, gateUpTo(2));
  assert.deepEqual(student.billed, [0]);
});

test("a hold the limits refuse throws before anything is sent", async () => {
  await assert.rejects(holdPhase(billingStudent(), whole, OPENING, 8, gateUpTo(0.1)), (e: unknown) => e instanceof StudentError && e.reason === "limit" && /daily limit/.test(e.message));
});

test("nothing is held for a free student, without limits, or when the student does not write", async () => {
  const gate = gateUpTo(2);
  assert.equal(await holdPhase(new ScriptedStudent(), whole, OPENING, 8, gate), undefined, "a free student has no bill");
  assert.equal(await holdPhase(billingStudent(), whole, OPENING, 8, undefined), undefined, "no limits to hold against");
  const cloud = billingStudent();
  assert.equal(await holdPhase(cloud, whole, { teacher: "answer", student: false }, 8, gate), undefined);
  assert.deepEqual(cloud.billed, [], "the teacher writes it all: the student is not billed");
  assert.deepEqual(gate.asked, []);
});
