import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_PRICES, DEFAULT_PRICES_DATE, findPrice, priceLookup, TABLE_PRICES, type PriceList } from "../../../src/common/cost/prices";

const table = [TABLE_PRICES];

test("finds a model as providers spell it", () => {
  for (const name of ["gpt-4o-mini", "openai/gpt-4o-mini", "GPT-4o-mini", "gpt-4o-mini-2024-07-18"]) {
    assert.deepEqual(findPrice(name, table), { price: DEFAULT_PRICES["gpt-4o-mini"], source: "table", date: DEFAULT_PRICES_DATE }, name);
  }
  assert.equal(findPrice("claude-sonnet-4-20250514", table)?.price, DEFAULT_PRICES["claude-sonnet-4"]);
});

test("a longer name is not priced as its shorter cousin", () => {
  assert.equal(findPrice("gpt-4o-mini", table)?.price, DEFAULT_PRICES["gpt-4o-mini"]);
  assert.equal(findPrice("gpt-4o-audio-preview", table), undefined);
  assert.equal(findPrice("my-local-model", table), undefined);
});

test("an exact name wins over a shorter name with a date suffix, and a provider-prefixed key names one model", () => {
  const old = { input: 5, cachedInput: 5, output: 15 };
  const now = { input: 2.5, cachedInput: 1.25, output: 10 };
  const list: PriceList = { source: "openrouter", prices: { "gpt-4o": now, "gpt-4o-2024-05-13": old, "openai/gpt-4.1": now } };
  assert.equal(findPrice("gpt-4o-2024-05-13", [list])?.price, old);
  assert.equal(findPrice("gpt-4o-2024-08-06", [list])?.price, now);
  assert.equal(findPrice("openai/gpt-4.1", [list])?.price, now);
  assert.equal(findPrice("azure/gpt-4.1", [list]), undefined, "another provider's gpt-4.1 may cost something else");
});

const mine = { input: 1, cachedInput: 0.5, output: 2 };
const routed = { input: 3, cachedInput: 3, output: 4 };
const packaged = { input: 10, cachedInput: 10, output: 30 };
const openRouter: PriceList = { source: "openrouter", prices: { "openai/gpt-4o": routed, "qwen/qwen3-coder": routed }, date: "2026-11-28" };
const openAiPackage: PriceList = { source: "openai-package", prices: { "gpt-4o": packaged, "gpt-4-turbo": packaged }, version: "gpt-tokenizer 4.0.0" };

test("each source answers for its own models, and says where and how old", () => {
  const find = priceLookup({ overrides: { "my-model": mine }, openRouter, openAiPackage });
  assert.deepEqual(find("my-model"), { price: mine, source: "override" });
  assert.deepEqual(find("qwen/qwen3-coder"), { price: routed, source: "openrouter", date: "2026-11-28" });
  assert.deepEqual(find("gpt-5-mini"), { price: DEFAULT_PRICES["gpt-5-mini"], source: "table", date: "2026-11-29" });
  assert.deepEqual(find("gpt-4-turbo"), { price: packaged, source: "openai-package", version: "gpt-tokenizer 4.0.0" });
});

test("the order of trust: overrides, then OpenRouter's list, then the table, then gpt-tokenizer's catalog", () => {
  // gpt-4o is in all four; each step takes the most trusted source away.
  assert.equal(priceLookup({ overrides: { "gpt-4o": mine }, openRouter, openAiPackage })("openai/gpt-4o")?.source, "override");
  assert.equal(priceLookup({ overrides: {}, openRouter, openAiPackage })("openai/gpt-4o")?.source, "openrouter");
  // The table beats the package: gpt-tokenizer 4.0.0 prices gpt-4o at $10/$30, four times OpenAI's price.
  assert.deepEqual(priceLookup({ overrides: {}, openAiPackage })("openai/gpt-4o")?.price, DEFAULT_PRICES["gpt-4o"]);
  assert.equal(priceLookup({ overrides: {}, openRouter, openAiPackage })("gpt-4o")?.source, "table", "OpenRouter's ids name their provider");
});

test("a model in no source is unknown", () => {
  assert.equal(priceLookup({ overrides: {}, openRouter, openAiPackage })("my-local-model"), undefined);
  assert.deepEqual(priceLookup({ overrides: { "qwen3-coder": mine } })("qwen/qwen3-coder"), { price: mine, source: "override" });
});
