import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_PRICES, findPrice } from "../../src/common/prices";

test("finds a model as providers spell it", () => {
  for (const name of ["gpt-4o-mini", "openai/gpt-4o-mini", "GPT-4o-mini", "gpt-4o-mini-2024-07-18"]) {
    assert.deepEqual(findPrice(name), { price: DEFAULT_PRICES["gpt-4o-mini"], source: "table" }, name);
  }
  assert.equal(findPrice("claude-sonnet-4-20250514")?.price, DEFAULT_PRICES["claude-sonnet-4"]);
});

test("a longer name is not priced as its shorter cousin", () => {
  assert.equal(findPrice("gpt-4o-mini")?.price, DEFAULT_PRICES["gpt-4o-mini"]);
  assert.equal(findPrice("gpt-4o-audio-preview"), undefined);
  assert.equal(findPrice("my-local-model"), undefined);
});

test("overrides win over the table and add new models", () => {
  const mine = { input: 1, cachedInput: 0.5, output: 2 };
  assert.deepEqual(findPrice("gpt-4o", { "gpt-4o": mine }), { price: mine, source: "override" });
  assert.deepEqual(findPrice("qwen/qwen3-coder", { "qwen3-coder": mine }), { price: mine, source: "override" });
});
