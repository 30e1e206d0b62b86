import { test } from "node:test";
import assert from "node:assert/strict";
import { planStudentContext, type StudentContextNeeds } from "../../src/common/studentContextPlan";

const needs = (over: Partial<StudentContextNeeds>): StudentContextNeeds => ({
  historyTokens: [],
  fixedTokens: 100,
  contextSize: 1024,
  maxAnswerTokens: 256,
  previouslyDropped: 0,
  ...over,
});
const used = (n: StudentContextNeeds, dropped: number): number => n.fixedTokens + n.historyTokens.slice(dropped).reduce((a, b) => a + b, 0);

test("a conversation that fits keeps everything and gets the whole answer it may write", () => {
  assert.deepEqual(planStudentContext(needs({ historyTokens: [50, 150, 50, 150] })), { dropped: 0, answerTokens: 256 });
});

test("the answer is capped to the room left in the context", () => {
  // 100 + 600 used of 1,023: 323 left, more than a quarter, so nothing is dropped; the answer gets 256.
  assert.deepEqual(planStudentContext(needs({ historyTokens: [100, 500] })), { dropped: 0, answerTokens: 256 });
  // With a larger allowance the cap is the room left.
  assert.deepEqual(planStudentContext(needs({ historyTokens: [100, 500], maxAnswerTokens: 4096 })), { dropped: 0, answerTokens: 323 });
});

test("too little room drops the oldest whole exchanges until at most half the context is used", () => {
  const n = needs({ historyTokens: [60, 140, 60, 140, 60, 140, 60, 140] });
  const plan = planStudentContext(n)!;
  assert.equal(plan.dropped % 2, 0, "whole exchanges");
  assert.ok(used(n, plan.dropped) <= 511, `${used(n, plan.dropped)} used`);
  assert.ok(used(n, plan.dropped - 2) > 511, "no more than needed");
  assert.equal(plan.answerTokens, 256);
});

test("what was dropped stays dropped, so the kept start is the same next turn", () => {
  const history = [60, 140, 60, 140, 60, 140, 60, 140];
  const first = planStudentContext(needs({ historyTokens: history }))!;
  const next = planStudentContext(needs({ historyTokens: [...history, 60, 140], previouslyDropped: first.dropped }))!;
  assert.equal(next.dropped, first.dropped);
  // An odd count from elsewhere is rounded up to a whole exchange.
  assert.equal(planStudentContext(needs({ historyTokens: history, previouslyDropped: 3 }))!.dropped, 4);
});

test("a very short answer allowance is honoured, not refused", () => {
  assert.deepEqual(planStudentContext(needs({ maxAnswerTokens: 4 })), { dropped: 0, answerTokens: 4 });
});

test("a message that leaves no room for an answer is refused", () => {
  assert.equal(planStudentContext(needs({ fixedTokens: 1020 })), undefined);
  assert.ok(planStudentContext(needs({ fixedTokens: 900, historyTokens: [500, 500] })), "history goes before refusing");
});

test("over generated conversations: whole exchanges, within the context, the question always kept", () => {
  let seed = 7;
  const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  for (let i = 0; i < 2000; i++) {
    const contextSize = 256 + rand(8000);
    const history = Array.from({ length: 2 * rand(20) }, () => 5 + rand(600));
    const n = needs({ historyTokens: history, fixedTokens: 10 + rand(contextSize), contextSize, maxAnswerTokens: 1 + rand(2000), previouslyDropped: rand(history.length + 1) });
    const plan = planStudentContext(n);
    const least = Math.min(16, n.maxAnswerTokens);
    if (plan === undefined) {
      assert.ok(n.fixedTokens + least > contextSize - 1, JSON.stringify(n));
      continue;
    }
    assert.equal(plan.dropped % 2, 0);
    assert.ok(plan.dropped <= history.length);
    assert.ok(used(n, plan.dropped) + plan.answerTokens <= contextSize - 1, JSON.stringify({ n, plan }));
    assert.ok(plan.answerTokens >= least && plan.answerTokens <= n.maxAnswerTokens);
  }
});
