import { test } from "node:test";
import assert from "node:assert/strict";
import { planStudentContext, type StudentContextNeeds } from "../../../src/common/student/studentContextPlan";

const needs = (over: Partial<StudentContextNeeds>): StudentContextNeeds => ({
  historyTokens: [],
  fixedTokens: 100,
  contextSize: 1024,
  maxAnswerTokens: 256,
  previouslyDropped: 0,
  cacheShifts: true,
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

test("too little room drops the fewest oldest whole exchanges that give the answer its room again", () => {
  const n = needs({ historyTokens: [60, 140, 60, 140, 60, 140, 60, 140] });
  const plan = planStudentContext(n)!;
  assert.equal(plan.dropped, 2, "one exchange: 100 + 600 leave 323 of 1,023, more than the 256 wanted");
  assert.equal(plan.answerTokens, 256);
  assert.ok(1023 - used(n, plan.dropped - 2) < 256, "no more than needed");
});

test("a cache that cannot shift drops the oldest whole exchanges until at most half the context is used", () => {
  const n = needs({ historyTokens: [60, 140, 60, 140, 60, 140, 60, 140], cacheShifts: false });
  const plan = planStudentContext(n)!;
  assert.equal(plan.dropped % 2, 0, "whole exchanges");
  assert.ok(used(n, plan.dropped) <= 511, `${used(n, plan.dropped)} used`);
  assert.ok(used(n, plan.dropped - 2) > 511, "no more than needed");
  assert.equal(plan.answerTokens, 256);
});

test("what was dropped stays dropped, so the kept start is the same next turn", () => {
  const history = [60, 140, 60, 140, 60, 140, 60, 140];
  const first = planStudentContext(needs({ historyTokens: history, cacheShifts: false }))!;
  const next = planStudentContext(needs({ historyTokens: [...history, 60, 140], previouslyDropped: first.dropped, cacheShifts: false }))!;
  assert.equal(next.dropped, first.dropped);
  // An odd count from elsewhere is rounded up to a whole exchange.
  assert.equal(planStudentContext(needs({ historyTokens: history, previouslyDropped: 3 }))!.dropped, 4);
});

/** A conversation of `turns` turns whose exchanges are `exchange` tokens each: what each turn keeps and writes. */
function converse(turns: number, exchange: [number, number], over: Partial<StudentContextNeeds>): { dropped: number; kept: number; answer: number }[] {
  const history: number[] = [];
  let dropped = 0;
  const plans = [];
  for (let turn = 0; turn < turns; turn++) {
    const n = needs({ ...over, historyTokens: history, previouslyDropped: dropped });
    const plan = planStudentContext(n)!;
    assert.ok(plan.dropped >= dropped, "the cut never moves back");
    dropped = plan.dropped;
    plans.push({ dropped, kept: used(n, dropped), answer: plan.answerTokens });
    history.push(...exchange);
  }
  return plans;
}

test("with a cache that shifts, every turn after the first cut keeps as much and writes as deep as the last", () => {
  // The long-conversation bench's shape: a 1,016-token context, a 232-token question and system
  // prompt, exchanges of about 80 + 256 tokens, answers of up to 256.
  const plans = converse(12, [80, 256], { fixedTokens: 232, contextSize: 1016 });
  const cut = plans.findIndex((p) => p.dropped > 0);
  assert.equal(cut, 2, JSON.stringify(plans));
  for (const [i, p] of plans.entries()) {
    assert.equal(p.answer, 256, `turn ${i + 1} has room for a whole answer`);
    if (i > cut) assert.equal(p.dropped - plans[i - 1].dropped, 2, `turn ${i + 1} leaves out one more exchange, no more`);
    if (i >= cut) assert.equal(p.kept, plans[cut].kept, `turn ${i + 1} keeps as much history as the turn of the first cut`);
  }
});

test("with a cache that cannot shift, the cut stays put for several turns between blocks", () => {
  const plans = converse(40, [40, 100], { fixedTokens: 100, contextSize: 2048, cacheShifts: false });
  const moves = plans.flatMap((p, i) => (i > 0 && p.dropped !== plans[i - 1].dropped ? [i] : []));
  assert.ok(moves.length >= 2, JSON.stringify(plans));
  for (let k = 1; k < moves.length; k++) assert.ok(moves[k] - moves[k - 1] >= 3, `cuts at turns ${moves.map((i) => i + 1).join(", ")}`);
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
    const cacheShifts = rand(2) === 0;
    const n = needs({ historyTokens: history, fixedTokens: 10 + rand(contextSize), contextSize, maxAnswerTokens: 1 + rand(2000), previouslyDropped: rand(history.length + 1), cacheShifts });
    const plan = planStudentContext(n);
    const least = Math.min(16, n.maxAnswerTokens);
    if (plan === undefined) {
      assert.ok(n.fixedTokens + least > contextSize - 1, JSON.stringify(n));
      continue;
    }
    assert.equal(plan.dropped % 2, 0);
    assert.ok(plan.dropped <= history.length);
    assert.ok(plan.dropped >= n.previouslyDropped, "what was dropped stays dropped");
    if (cacheShifts && plan.dropped > n.previouslyDropped + 1) {
      // Dropping one exchange fewer would have left too little room for the wanted answer.
      const room = Math.max(Math.min(n.maxAnswerTokens, Math.floor((contextSize - 1) / 4)), least);
      assert.ok(contextSize - 1 - used(n, plan.dropped - 2) < room, JSON.stringify({ n, plan }));
    }
    assert.ok(used(n, plan.dropped) + plan.answerTokens <= contextSize - 1, JSON.stringify({ n, plan }));
    assert.ok(plan.answerTokens >= least && plan.answerTokens <= n.maxAnswerTokens);
  }
});
