import { test } from "node:test";
import assert from "node:assert/strict";
import type { Conversation } from "../../../src/common/conversation/conversation";
import { toModelRequest } from "../../../src/common/conversation/prompt";
import { decidePhase, startingPlan } from "../../../src/common/turn/phases/decidePhase";
import { ScriptedStudent } from "../../support/engineDoubles";

const secondTurn: Conversation = {
  id: "d1",
  messages: [
    { role: "user", text: "What is a closure?" },
    { role: "assistant", text: "A function with its variables.", guidanceLength: 0 },
    { role: "user", text: "Show one." },
  ],
};
const firstTurn: Conversation = { id: "d2", messages: [{ role: "user", text: "What is a closure?" }] };
const rule = { threshold: 0.8, probeTokens: 3, askOnFirstTurn: true };
const signal = new AbortController().signal;
const decide = (conversation: Conversation, mode: "auto" | "guided" | "local" | "cloud", student: ScriptedStudent, hasTeacher = true) =>
  decidePhase(startingPlan(mode), conversation, toModelRequest(conversation), { mode, auto: rule }, hasTeacher, student, signal);

test("a turn starts with what its mode asks for; auto mode may still leave the teacher out", () => {
  assert.deepEqual(startingPlan("guided"), { teacher: "opening", student: true });
  assert.deepEqual(startingPlan("auto"), { teacher: "opening", student: true });
  assert.deepEqual(startingPlan("local"), { teacher: "none", student: true });
  assert.deepEqual(startingPlan("cloud"), { teacher: "answer", student: false });
});

test("outside auto mode the starting plan stands, and the student is not probed", async () => {
  for (const mode of ["guided", "local", "cloud"] as const) {
    const student = new ScriptedStudent([], { confidence: 0.99 });
    assert.deepEqual(await decide(secondTurn, mode, student), { plan: startingPlan(mode) }, mode);
    assert.equal(student.probes.length, 0);
  }
});

test("auto: a sure student writes alone, an unsure one is given an opening", async () => {
  const sure = new ScriptedStudent([], { confidence: 0.9 });
  assert.deepEqual(await decide(secondTurn, "auto", sure), { plan: { teacher: "none", student: true }, auto: { asked: false, reason: "sure", confidence: 0.9, threshold: 0.8 } });
  assert.deepEqual(sure.probes.map((p) => p.tokens), [3], "the probe writes as many tokens as the rule says");
  const unsure = new ScriptedStudent([], { confidence: 0.5 });
  assert.deepEqual(await decide(secondTurn, "auto", unsure), { plan: { teacher: "opening", student: true }, auto: { asked: true, reason: "unsure", confidence: 0.5, threshold: 0.8 } });
});

test("auto: a first turn asks the teacher without a probe; without a teacher the student writes alone", async () => {
  const student = new ScriptedStudent([], { confidence: 0.99 });
  assert.deepEqual(await decide(firstTurn, "auto", student), { plan: { teacher: "opening", student: true }, auto: { asked: true, reason: "first-turn", confidence: null, threshold: 0.8 } });
  assert.deepEqual(await decide(secondTurn, "auto", student, false), { plan: { teacher: "none", student: true }, auto: { asked: false, reason: "no-teacher", confidence: null, threshold: 0.8 } });
  assert.equal(student.probes.length, 0);
});

test("auto: a student with no probe is unsure", async () => {
  const student = new ScriptedStudent();
  assert.deepEqual(await decide(secondTurn, "auto", student), { plan: { teacher: "opening", student: true }, auto: { asked: true, reason: "unsure", confidence: null, threshold: 0.8 } });
});
