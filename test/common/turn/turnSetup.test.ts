import { test } from "node:test";
import assert from "node:assert/strict";
import type { Conversation } from "../../../src/common/conversation/conversation";
import { toModelRequest } from "../../../src/common/conversation/prompt";
import { estimatingCounter, type TokenCounter } from "../../../src/common/conversation/tokenCounter";
import { setUpTurn } from "../../../src/common/turn/phases/turnSetup";
import { ScriptedTeacher } from "../../support/engineDoubles";

const file = { fileName: "big.py", language: "python", kind: "file" as const, text: Array.from({ length: 200 }, (_, i) => `def step_${i}(s):\n    return s + ${i}\n`).join("\n") };
const conversation: Conversation = { id: "u1", messages: [{ role: "user", text: "What does step_7 return?", context: [file] }] };
const OPENING = { teacher: "opening", student: true } as const;

/** The estimating counter, counting how often it is asked. */
function countingCounter(): TokenCounter & { calls: number } {
  const counter = { calls: 0, count: (text: string, model: string) => (counter.calls++, estimatingCounter.count(text, model)) };
  return counter;
}

test("a teacher that writes an opening is sent its budgeted view; the whole conversation stays the student's", () => {
  const setup = setUpTurn(conversation, OPENING, { teacherContext: { kind: "budgeted", budget: 300 } }, { teacher: new ScriptedTeacher({ tokens: [] }), counter: estimatingCounter });
  assert.deepEqual(setup.whole, toModelRequest(conversation));
  assert.ok(setup.view && setup.view.elisions > 0 && setup.shortened);
  assert.deepEqual(setup.teacherRequest, setup.view.request);
  assert.deepEqual(setup.teacherPrompt, [{ role: "user", content: setup.teacherRequest.system }, ...setup.teacherRequest.messages]);
});

test("no view without a teacher, nor for one that writes the whole answer: it is sent everything", () => {
  for (const [plan, teacher] of [[OPENING, undefined], [{ teacher: "answer", student: false }, new ScriptedTeacher({ tokens: [] })]] as const) {
    const setup = setUpTurn(conversation, plan, { teacherContext: { kind: "budgeted", budget: 300 } }, { teacher, counter: estimatingCounter });
    assert.equal(setup.view, undefined);
    assert.equal(setup.shortened, false);
    assert.deepEqual(setup.teacherRequest, setup.whole);
  }
  assert.equal(setUpTurn(conversation, OPENING, {}, { teacher: undefined, counter: estimatingCounter }).countForTeacher("some text"), 0, "nothing is counted for a teacher there is not");
});

test("what the teacher alone would have been sent is counted once, however often it is asked", () => {
  const counter = countingCounter();
  const setup = setUpTurn(conversation, { teacher: "none", student: true }, {}, { teacher: new ScriptedTeacher({ tokens: [] }), counter });
  const first = setup.teacherOnly();
  const calls = counter.calls;
  assert.ok(first.inputTokens > first.cachedInputTokens && first.cachedInputTokens >= 0);
  assert.deepEqual(setup.teacherOnly(), first);
  assert.equal(counter.calls, calls, "the second ask counted nothing");
});
