import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_PRICES_DATE, priceLookup, type PriceList } from "../../../src/common/cost/prices";
import { computeTurnCost, type TurnCostInput } from "../../../src/common/cost/turnCost";
import { estimatingCounter, type TokenCounter } from "../../../src/common/conversation/tokenCounter";

// One token a word: easy to reason about in assertions.
const wordCounter: TokenCounter = { count: (t) => ({ tokens: t.split(/\s+/).filter(Boolean).length, exact: true }) };
const base: TurnCostInput = {
  teacherModel: "gpt-4o-mini", // $0.15 in, $0.075 cached, $0.60 out per million
  prompt: [{ role: "user", content: "one two three" }],
  teacherCalled: true,
  usage: { inputTokens: 1000, cachedInputTokens: 400, outputTokens: 32 },
  guidanceText: "ignored when usage is reported",
  studentText: "a b c d e f g h i j",
  prices: priceLookup({ overrides: {} }),
  counter: wordCounter,
};
const close = (a: number | null, b: number): void => assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${a} != ${b}`);

test("guided: actual from reported usage, counterfactual adds the student's text at the output price", () => {
  const c = computeTurnCost(base);
  close(c.actualUsd, (600 * 0.15 + 400 * 0.075 + 32 * 0.6) / 1e6);
  close(c.counterfactualUsd, (600 * 0.15 + 400 * 0.075 + 32 * 0.6 + 10 * 0.6) / 1e6);
  close(c.savingUsd, (10 * 0.6) / 1e6);
  assert.equal(c.source, "table");
  assert.equal(c.estimated, false);
  assert.equal(c.actualEstimated, false);
});

test("the record says which list priced the turn and how old it is", () => {
  const c = computeTurnCost(base);
  assert.equal(c.priceSource, "table");
  assert.equal(c.priceDate, DEFAULT_PRICES_DATE);
  const openRouter: PriceList = { source: "openrouter", prices: { "openai/gpt-4o-mini": { input: 1, cachedInput: 1, output: 1 } }, date: "2026-11-20" };
  const routed = computeTurnCost({ ...base, teacherModel: "openai/gpt-4o-mini", prices: priceLookup({ overrides: {}, openRouter }) });
  assert.equal(routed.source, "openrouter");
  assert.equal(routed.priceDate, "2026-11-20");
  close(routed.actualUsd, (600 + 400 + 32) / 1e6);
});

test("a provider-reported cost is believed over the table", () => {
  const c = computeTurnCost({ ...base, usage: { ...base.usage!, providerCostUsd: 0.5 } });
  assert.equal(c.actualUsd, 0.5);
  assert.equal(c.source, "provider");
  close(c.savingUsd, (10 * 0.6) / 1e6);
});

test("the user's own price is believed over the provider's report", () => {
  const mine = { input: 1, cachedInput: 1, output: 1 };
  const c = computeTurnCost({ ...base, usage: { ...base.usage!, providerCostUsd: 0.5 }, prices: priceLookup({ overrides: { "gpt-4o-mini": mine } }) });
  close(c.actualUsd, (1000 + 32) / 1e6);
  assert.equal(c.source, "override");
});

test("a provider-reported cost is not an estimate, though the student's text was counted inexactly", () => {
  const c = computeTurnCost({ ...base, usage: { ...base.usage!, providerCostUsd: 0.5 }, counter: estimatingCounter });
  assert.equal(c.actualEstimated, false);
  assert.equal(c.estimated, true, "the teacher-only figure and the saving are estimates");
});

test("an unknown model's cost is unknown, not zero", () => {
  const c = computeTurnCost({ ...base, teacherModel: "mystery-model" });
  assert.equal(c.actualUsd, null);
  assert.equal(c.counterfactualUsd, null);
  assert.equal(c.savingUsd, null);
  assert.equal(c.source, "none");
  assert.equal(c.priceSource, undefined);
});

test("missing usage is counted from the text and marked estimated", () => {
  const c = computeTurnCost({ ...base, usage: undefined, guidanceText: "x y z" });
  // prompt: 3 words + 4 per message; output: 3 words
  close(c.actualUsd, (7 * 0.15 + 3 * 0.6) / 1e6);
  assert.equal(c.estimated, true);
  assert.equal(c.actualEstimated, true);
});

test("local mode costs nothing and saves what the teacher would have charged", () => {
  const c = computeTurnCost({ ...base, teacherCalled: false, usage: undefined });
  assert.equal(c.actualUsd, 0);
  close(c.counterfactualUsd, (7 * 0.15 + 10 * 0.6) / 1e6);
  close(c.savingUsd, (7 * 0.15 + 10 * 0.6) / 1e6);
  assert.equal(c.estimated, true);
});

test("no teacher configured: nothing spent, nothing to compare against", () => {
  const c = computeTurnCost({ ...base, teacherModel: undefined, teacherCalled: false, usage: undefined });
  assert.equal(c.actualUsd, 0);
  assert.equal(c.counterfactualUsd, null);
});

test("an estimating tokenizer marks the figures estimated", () => {
  assert.equal(computeTurnCost({ ...base, counter: estimatingCounter }).estimated, true);
});

test("cloud mode: no student text, no saving", () => {
  const c = computeTurnCost({ ...base, studentText: "" });
  assert.equal(c.savingUsd, 0);
});

test("a priced student server's charge is kept apart from the teacher's actual and taken from the saving; unknown leaves the saving unknown", () => {
  const plain = computeTurnCost(base);
  assert.equal(plain.studentUsd, undefined, "no price, no charge: nothing shown");
  const priced = computeTurnCost({ ...base, studentUsd: 2e-6 });
  assert.equal(priced.actualUsd, plain.actualUsd, "never mixed into the teacher's");
  assert.equal(priced.studentUsd, 2e-6);
  close(priced.savingUsd, (plain.savingUsd ?? NaN) - 2e-6);
  const unknown = computeTurnCost({ ...base, studentUsd: null });
  assert.equal(unknown.studentUsd, null);
  assert.equal(unknown.savingUsd, null, "a saving is not claimed against an unknown charge");
});
