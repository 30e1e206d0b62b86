// The project's test teacher is a stand-in: named as such, never priced or credited like a real model.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatRecord } from "../../../src/common/turn/format";
import { formatPriceSource } from "../../../src/common/cost/money";
import { noSavingReason } from "../../../src/common/turn/noSavingReason";
import { priceLookup } from "../../../src/common/cost/prices";
import { isTestTeacher, TEST_TEACHER_LABEL, TEST_TEACHER_MODEL } from "../../../src/common/cost/testTeacher";
import { computeTurnCost } from "../../../src/common/cost/turnCost";
import type { TurnRecord } from "../../../src/common/turn/turnRecord";
import { planTurn } from "../../../src/common/turn/phases/turnPlanner";
import { LivePriceSources } from "../../../src/node/cost/livePriceSources";

const wordCounter = { count: (t: string) => ({ tokens: t.split(/\s+/).filter(Boolean).length, exact: true }) };

async function lookupFor(baseUrl: string) {
  const live = new LivePriceSources({ openRouterCacheFile: join(mkdtempSync(join(tmpdir(), "hs-prices-")), "p.json"), log: () => {}, fetch: () => Promise.reject(new Error("offline")) });
  await live.prepare(baseUrl);
  return priceLookup({ overrides: {}, ...live.sources() });
}

test("on this machine the test teacher is $0 from its own list; the same name at a provider has no price", async () => {
  assert.equal(isTestTeacher(TEST_TEACHER_MODEL, "http://127.0.0.1:8787/v1"), true);
  assert.equal(isTestTeacher(TEST_TEACHER_MODEL, "https://api.example.com/v1"), false);
  assert.equal(isTestTeacher("gpt-4o-mini", "http://127.0.0.1:8787/v1"), false);
  const local = (await lookupFor("http://127.0.0.1:8787/v1"))(TEST_TEACHER_MODEL);
  assert.equal(local?.source, "test");
  assert.deepEqual(local?.price, { input: 0, cachedInput: 0, output: 0 });
  assert.equal((await lookupFor("https://api.example.com/v1"))(TEST_TEACHER_MODEL), undefined, "unknown, never free");
  assert.equal((await lookupFor("http://127.0.0.1:8787/v1"))("gpt-4o-mini")?.source, "table", "a real model's name on a local server keeps its price");
});

test("its answers cost $0 whatever the server reports, and claim no saving", async () => {
  const cost = computeTurnCost({
    teacherModel: TEST_TEACHER_MODEL,
    prompt: [{ role: "user", content: "one two" }],
    teacherCalled: true,
    usage: { inputTokens: 90, cachedInputTokens: 0, outputTokens: 32, providerCostUsd: 0.0004 },
    guidanceText: "",
    studentText: "a b c d",
    prices: await lookupFor("http://localhost:8787/v1"),
    counter: wordCounter,
  });
  assert.equal(cost.actualUsd, 0);
  assert.equal(cost.priceSource, "test");
  assert.equal(formatPriceSource(cost), TEST_TEACHER_LABEL);
  const record = { mode: "guided", plan: planTurn("guided"), teacherModel: TEST_TEACHER_MODEL, cost, stopped: false, guidanceTokens: 32 } as unknown as TurnRecord;
  assert.equal(noSavingReason(record), "no saving: the test teacher is not billed");
});

test("a local answer says nothing of a test teacher it did not ask: no saving, no price line", async () => {
  const cost = computeTurnCost({
    teacherModel: TEST_TEACHER_MODEL,
    prompt: [{ role: "user", content: "one two" }],
    teacherCalled: false,
    usage: undefined,
    guidanceText: "",
    studentText: "a b c d",
    prices: await lookupFor("http://localhost:8787/v1"),
    counter: wordCounter,
  });
  const record = { mode: "local", plan: planTurn("local"), teacherModel: TEST_TEACHER_MODEL, cost, stopped: false, studentStats: { inputTokens: 2, outputTokens: 4, tokensPerSecond: 100 }, timings: { firstTextMs: 1, handoffGapMs: null, totalMs: 2 } } as unknown as TurnRecord;
  assert.equal(noSavingReason(record), undefined);
  assert.equal(formatRecord(record), "local · student: 4 tokens at 100 tok/s");
});
