// OpenAI's prices as the gpt-tokenizer package ships them, read from the real installed package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { formatPriceSource } from "../../../src/common/cost/money";
import { DEFAULT_PRICES, priceLookup } from "../../../src/common/cost/prices";
import { computeTurnCost } from "../../../src/common/cost/turnCost";
import { estimatingCounter } from "../../../src/common/conversation/tokenCounter";
import { loadOpenAiPackagePrices, openAiCatalogPrices } from "../../../src/node/cost/openAiPackagePrices";

test("reads gpt-tokenizer's catalog for OpenAI models the table lacks, labelled with the package's version", async () => {
  const list = await loadOpenAiPackagePrices();
  const tokenizerPackage = (await import("gpt-tokenizer/package.json")) as { version: string };
  assert.equal(list.version, `gpt-tokenizer ${tokenizerPackage.version}`);
  const catalog = (await import("gpt-tokenizer/models")) as unknown as Record<string, { price_data?: { main?: { input: number; output: number } } }>;
  const main = catalog["gpt-4-turbo"]?.price_data?.main;
  assert.ok(main, "gpt-tokenizer prices gpt-4-turbo");
  assert.equal(DEFAULT_PRICES["gpt-4-turbo"], undefined, "the table does not");

  const cost = computeTurnCost({
    teacherModel: "gpt-4-turbo",
    prompt: [],
    teacherCalled: true,
    usage: { inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 1_000_000 },
    guidanceText: "",
    studentText: "",
    prices: priceLookup({ overrides: {}, openAiPackage: list }),
    counter: estimatingCounter,
  });
  assert.equal(cost.source, "openai-package");
  assert.equal(cost.actualUsd, main.input + main.output);
  assert.equal(formatPriceSource(cost), `price: OpenAI's list, gpt-tokenizer ${tokenizerPackage.version}`);
  // Where both have the model, the table is believed (gpt-tokenizer 4.0.0 says gpt-4o costs $10/$30).
  assert.equal(priceLookup({ overrides: {}, openAiPackage: list })("gpt-4o")?.source, "table");
});

test("keeps chat prices only: no output price, no entry; gpt-oss is not OpenAI's to price", () => {
  const prices = openAiCatalogPrices({
    "gpt-x": { price_data: { main: { input: 2, output: 8, cached_input: 0.5 } } },
    "gpt-y": { price_data: { main: { input: 3, output: 6 } } },
    "text-embedding-z": { price_data: { main: { input: 0.02 } } },
    "gpt-oss-120b": { price_data: { main: { input: 0.0005, output: 0.0015 } } },
    "dall-e-9": { name: "dall-e-9" },
  });
  assert.deepEqual(prices, { "gpt-x": { input: 2, cachedInput: 0.5, output: 8 }, "gpt-y": { input: 3, cachedInput: 3, output: 6 } });
});
