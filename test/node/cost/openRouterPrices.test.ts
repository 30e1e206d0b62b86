// OpenRouter's prices from its models endpoint, against a local TEST DOUBLE of that endpoint:
// fetched once a day, cached with the fetch's date, and used stale (and said so) when offline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatRecord } from "../../../src/common/turn/format";
import { dayKey } from "../../../src/common/util/calendarKeys";
import { priceLookup } from "../../../src/common/cost/prices";
import { computeTurnCost } from "../../../src/common/cost/turnCost";
import type { TurnRecord } from "../../../src/common/turn/turnRecord";
import { estimatingCounter } from "../../../src/common/conversation/tokenCounter";
import { LivePriceSources } from "../../../src/node/cost/livePriceSources";
import { isOpenRouterUrl, OpenRouterPrices, parseOpenRouterModels } from "../../../src/node/cost/openRouterPrices";
import { startTestOpenRouterModelsServer, type TestOpenRouterModel } from "../../support/testOpenRouterModelsServer";

// Not the table's price for gpt-4o-mini ($0.15/$0.075/$0.60), so a figure shows which source priced it.
const MODELS: TestOpenRouterModel[] = [
  { id: "openai/gpt-4o-mini", pricing: { prompt: "0.0000002", completion: "0.0000008", input_cache_read: "0.0000001" } },
  { id: "meta-llama/llama-3.1-8b-instruct", pricing: { prompt: "0.00000002", completion: "0.00000005" } },
  { id: "openrouter/auto", pricing: { prompt: "-1", completion: "-1" } },
];
const NOW = new Date(2026, 10, 29, 12);
const HOUR = 3_600_000;

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "headstart-prices-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A base URL where nothing listens: the network is down. */
async function deadUrl(): Promise<string> {
  const server = await startTestOpenRouterModelsServer([]);
  await server.close();
  return server.url;
}

/** What a guided turn on this model would record, priced by these sources. */
function turn(model: string, openRouter: ReturnType<OpenRouterPrices["list"]>): TurnRecord {
  const cost = computeTurnCost({
    teacherModel: model,
    prompt: [{ role: "user", content: "hi" }],
    teacherCalled: true,
    usage: { inputTokens: 1_000_000, cachedInputTokens: 0, outputTokens: 0 },
    guidanceText: "",
    studentText: "",
    prices: priceLookup({ overrides: {}, ...(openRouter ? { openRouter } : {}) }),
    counter: estimatingCounter,
  });
  return { mode: "guided", plan: { teacher: "opening", student: true }, teacherModel: model, cost, stopped: false, timings: { firstTextMs: 1, handoffGapMs: 1, totalMs: 2 } };
}

test("reads OpenRouter's list: USD a token as strings, to USD per million; no real price, no entry", () => {
  const prices = parseOpenRouterModels({ data: MODELS });
  assert.deepEqual(prices, {
    "openai/gpt-4o-mini": { input: 0.2, cachedInput: 0.1, output: 0.8 },
    "meta-llama/llama-3.1-8b-instruct": { input: 0.02, cachedInput: 0.02, output: 0.05 },
  });
  assert.throws(() => parseOpenRouterModels({ error: { message: "down" } }), /no list of models/);
});

test("only OpenRouter's own host gets its list", () => {
  assert.equal(isOpenRouterUrl("https://openrouter.ai/api/v1"), true);
  assert.equal(isOpenRouterUrl("https://api.openai.com/v1"), false);
  assert.equal(isOpenRouterUrl("https://openrouter.ai.example.com/v1"), false);
  assert.equal(isOpenRouterUrl("not a url"), false);
});

test("fetches the list from {baseUrl}/models, prices a turn from it and dates the price by the fetch", async (t) => {
  const dir = await tempDir(t);
  const server = await startTestOpenRouterModelsServer(MODELS);
  t.after(() => server.close());
  const logs: string[] = [];
  const prices = new OpenRouterPrices({ baseUrl: server.url, cacheFile: join(dir, "prices.json"), log: (l) => logs.push(l), now: () => NOW });
  assert.equal(prices.list(), undefined);
  await prices.refresh();
  assert.equal(server.modelRequests, 1);
  const r = turn("openai/gpt-4o-mini", prices.list());
  assert.equal(r.cost.source, "openrouter");
  assert.equal(r.cost.actualUsd, 0.2, "a million input tokens at OpenRouter's $0.20, not the table's $0.15");
  assert.equal(r.cost.priceDate, dayKey(NOW));
  assert.match(formatRecord(r), /price: OpenRouter, 2026-11-29$/);
  const cached = JSON.parse(await readFile(join(dir, "prices.json"), "utf8")) as { fetchedAt: string; prices: object };
  assert.equal(cached.fetchedAt, NOW.toISOString());
  assert.ok("openai/gpt-4o-mini" in cached.prices);
  assert.deepEqual(logs, []);
});

test("fetches at most once a day: later lookups, and later sessions, use the cache", async (t) => {
  const dir = await tempDir(t);
  const server = await startTestOpenRouterModelsServer(MODELS);
  t.after(() => server.close());
  const cacheFile = join(dir, "prices.json");
  const session = (now: Date): OpenRouterPrices => new OpenRouterPrices({ baseUrl: server.url, cacheFile, log: () => {}, now: () => now });
  const first = session(NOW);
  await Promise.all([first.refresh(), first.refresh()]);
  await first.refresh();
  assert.equal(server.modelRequests, 1, "one fetch for three lookups");
  const restarted = session(new Date(NOW.getTime() + 23 * HOUR));
  await restarted.refresh();
  assert.equal(server.modelRequests, 1, "a new session within the day reads the cache");
  assert.equal(restarted.list()?.prices["openai/gpt-4o-mini"]?.input, 0.2);
  const nextDay = session(new Date(NOW.getTime() + 25 * HOUR));
  await nextDay.refresh();
  assert.equal(server.modelRequests, 2, "a day later it asks again");
});

test("offline with a cache days old: the old prices are used and show their date", async (t) => {
  const dir = await tempDir(t);
  const baseUrl = await deadUrl();
  const cacheFile = join(dir, "prices.json");
  const fetchedAt = new Date(2026, 10, 24, 9);
  await writeFile(cacheFile, JSON.stringify({ version: 1, baseUrl, fetchedAt: fetchedAt.toISOString(), prices: { "openai/gpt-4o-mini": { input: 0.2, cachedInput: 0.1, output: 0.8 } } }));
  const logs: string[] = [];
  const prices = new OpenRouterPrices({ baseUrl, cacheFile, log: (l) => logs.push(l), now: () => NOW });
  await prices.refresh();
  assert.equal(logs.length, 1, "the failed fetch is reported");
  assert.match(logs[0], /Could not fetch OpenRouter's prices .*Using the list fetched on 2026-11-24/);
  const r = turn("openai/gpt-4o-mini", prices.list());
  assert.equal(r.cost.source, "openrouter");
  assert.equal(r.cost.priceDate, "2026-11-24");
  assert.match(formatRecord(r), /price: OpenRouter, 2026-11-24$/);
});

test("no cache and no network: this source has nothing, and an unknown model stays unknown", async (t) => {
  const dir = await tempDir(t);
  const logs: string[] = [];
  const prices = new OpenRouterPrices({ baseUrl: await deadUrl(), cacheFile: join(dir, "prices.json"), log: (l) => logs.push(l), now: () => NOW });
  await prices.refresh();
  assert.equal(prices.list(), undefined);
  assert.match(logs[0], /priced from the other sources/);
  const unknown = turn("meta-llama/llama-3.1-8b-instruct", prices.list());
  assert.equal(unknown.cost.actualUsd, null, "unknown, not $0");
  assert.equal(turn("openai/gpt-4o-mini", prices.list()).cost.source, "table", "the next source answers");
});

test("the host's loader asks OpenRouter only while the teacher is on OpenRouter", async (t) => {
  const dir = await tempDir(t);
  const server = await startTestOpenRouterModelsServer(MODELS);
  t.after(() => server.close());
  const OPENROUTER = "https://openrouter.ai/api/v1";
  // Requests for OpenRouter go to the test double instead.
  const toDouble: typeof fetch = (input, init) => fetch(typeof input === "string" ? input.replace(OPENROUTER, server.url) : input, init);
  const live = new LivePriceSources({ openRouterCacheFile: join(dir, "prices.json"), log: () => {}, fetch: toDouble, now: () => NOW });
  await live.prepare("https://api.openai.com/v1");
  assert.equal(server.modelRequests, 0);
  assert.equal(live.sources().openRouter, undefined);
  assert.equal(live.sources().openAiPackage?.source, "openai-package");
  await live.prepare(OPENROUTER);
  assert.equal(server.modelRequests, 1);
  assert.equal(live.sources().openRouter?.date, "2026-11-29");
  await live.prepare("http://127.0.0.1:11434/v1");
  assert.equal(live.sources().openRouter, undefined, "another teacher is not priced from OpenRouter's list");
});
