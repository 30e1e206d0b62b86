// Spending limits in whole turns: the real engine, the real student (stories260K), the teacher
// over the openai SDK against the test teacher server (a TEST DOUBLE, which counts requests), and
// the spend journal in a temporary folder. A request that could cross a limit is never sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatRecord } from "../../src/common/turn/format";
import type { Mode } from "../../src/common/conversation/mode";
import { priceLookup } from "../../src/common/cost/prices";
import { runTurn } from "../../src/common/turn/runTurn";
import { chargeEntry, turnEntry } from "../../src/common/spend/spendEntries";
import type { TurnEvent } from "../../src/common/turn/turnEvents";
import { loadGptTokenCounter } from "../../src/node/cost/gptTokenCounter";
import { JournalGate } from "../../src/node/spend/journalGate";
import { OpenAITeacher } from "../../src/node/teacher/openaiTeacher";
import { SpendJournal } from "../../src/node/spend/spendJournal";
import { storiesStudent } from "../support/storiesStudent";
import { startTestTeacherServer } from "../support/testTeacherServer";

const LIMIT = { timeout: 120_000 };

async function setUp(t: Parameters<typeof storiesStudent>[0], spentUsd: number, model = "gpt-4o-mini") {
  const dir = await mkdtemp(join(tmpdir(), "headstart-limits-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const journal = new SpendJournal(join(dir, "spend-journal.jsonl"));
  const earlier = { turn: "earlier", face: "chat" as const, conversationId: "other-window", origin: "http://127.0.0.1", mode: "guided" as const, model };
  if (spentUsd > 0) await journal.append(chargeEntry(earlier, { type: "teacher-charged", usd: spentUsd, usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 10 } }, new Date()));
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const counter = await loadGptTokenCounter();
  const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "test-key", model, countTokens: (s) => counter.count(s, model).tokens });
  const gate = new JournalGate(journal, () => ({ dailyUsd: 0.001, monthlyUsd: 0 }), "panel", () => "http://127.0.0.1");
  const run = async (mode: Mode) => {
    const student = await storiesStudent(t);
    const events: TurnEvent[] = [];
    const turn = { turn: `t-${mode}`, face: "panel" as const, conversationId: `c-${mode}`, origin: "http://127.0.0.1", mode, model };
    const conversation = { id: turn.conversationId, messages: [{ role: "user" as const, text: "Tell me a story about a dog." }] };
    for await (const e of runTurn(conversation, { mode, guidanceBudget: 16, cloudMaxTokens: 64, signal: new AbortController().signal }, { teacher, student: student!, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now(), gate })) {
      events.push(e);
      if (e.type === "teacher-charged") await journal.append(chargeEntry(turn, e, new Date()));
      if (e.type === "done") await journal.append(turnEntry(turn, e.record, new Date()));
    }
    const done = events.at(-1);
    assert.ok(done?.type === "done");
    return { events, done };
  };
  return { journal, server, run };
}

test("within the limit, the request is held, sent, and its charge settles the hold", LIMIT, async (t) => {
  const { journal, server, run } = await setUp(t, 0);
  const { done } = await run("guided");
  assert.equal(server.requests.length, 1);
  assert.ok(done.record.cost.actualUsd! > 0);
  assert.equal(journal.totals.heldUsd(new Date()), 0, "settled by the charge");
  assert.ok(Math.abs(journal.totals.day(new Date()).teacherUsd - done.record.cost.actualUsd!) < 1e-12);
});

test("a request that could cross the daily limit is not sent: guided answers locally with the notice, cloud stops with it", LIMIT, async (t) => {
  const { server, run } = await setUp(t, 0.00099);
  const guided = await run("guided");
  const notice = guided.events.find((e): e is Extract<TurnEvent, { type: "notice" }> => e.type === "notice");
  assert.equal(notice?.reason, "limit");
  assert.match(notice.message, /^Today's spending limit of \$0\.001000 could be crossed by this request .* so it was not sent\. Raise “headstart\.limits\.dailyUsd” to go on\.$/);
  assert.ok(guided.events.some((e) => e.type === "student"), "the local model answered");
  assert.equal(guided.done.record.cost.actualUsd, 0);
  assert.doesNotMatch(formatRecord(guided.done.record), /saved/, "no saving claimed for the teacher's absence");
  const cloud = await run("cloud");
  const error = cloud.events.find((e): e is Extract<TurnEvent, { type: "error" }> => e.type === "error");
  assert.equal(error?.reason, "limit");
  assert.equal(server.requests.length, 0, "the teacher server got no request");
});

test("with a limit set, a model with no known price is not sent to: it cannot be held to the limit", LIMIT, async (t) => {
  const { server, run } = await setUp(t, 0, "mystery-model-1");
  const { events } = await run("guided");
  const notice = events.find((e): e is Extract<TurnEvent, { type: "notice" }> => e.type === "notice");
  assert.equal(notice?.reason, "limit");
  assert.match(notice.message, /No price is known for mystery-model-1, so a spending limit cannot be kept: add its price to “headstart\.prices”/);
  assert.equal(server.requests.length, 0);
});

test("a provider that ignores the cap is read no further than the worst case held for it: one rule for both", LIMIT, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "headstart-limits-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const journal = new SpendJournal(join(dir, "spend-journal.jsonl"));
  // No usage chunk: the request is closed at the ceiling, and the charge is the tokens read, counted.
  const server = await startTestTeacherServer({ ignoreCap: true, answer: "one two three four five six seven eight nine ten ".repeat(60) });
  t.after(() => server.close());
  const counter = await loadGptTokenCounter();
  const model = "gpt-4o-mini";
  const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "test-key", model, countTokens: (s) => counter.count(s, model).tokens });
  const gate = new JournalGate(journal, () => ({ dailyUsd: 1, monthlyUsd: 0 }), "panel", () => "http://127.0.0.1");
  const student = await storiesStudent(t);
  const spend = { turn: "t-cap", face: "panel" as const, conversationId: "c-cap", origin: "http://127.0.0.1", mode: "cloud" as const, model };
  const conversation = { id: "c-cap", messages: [{ role: "user" as const, text: "Count to six hundred in words." }] };
  const options = { mode: "cloud" as const, guidanceBudget: 16, cloudMaxTokens: 200, signal: new AbortController().signal };
  const notes: string[] = [];
  for await (const e of runTurn(conversation, options, { teacher, student: student!, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now(), gate })) {
    if (e.type === "teacher-charged") await journal.append(chargeEntry(spend, e, new Date()));
    if (e.type === "note") notes.push(e.reason);
  }
  const charge = journal.totals.entries.find((e) => e.kind === "charge");
  assert.ok(charge?.kind === "charge" && charge.usd !== null);
  assert.ok(charge.outputTokens > 200, `the provider went past the cap (${charge.outputTokens} tokens read)`);
  assert.ok(notes.includes("cap-ignored"), "and was told so");
  assert.ok(!notes.includes("charged-over-hold"), "yet the charge stayed within its hold");
  assert.equal(journal.totals.lastOverrun(new Date()), undefined, "no charge above its hold");
});
