import { test } from "node:test";
import assert from "node:assert/strict";
import { Ledger } from "../../src/common/ledger";
import type { TurnRecord } from "../../src/common/turnRecord";

const record = (actualUsd: number | null, counterfactualUsd: number | null): TurnRecord => ({
  mode: "guided",
  teacherModel: "gpt-4o-mini",
  teacherUsage: { inputTokens: 100, cachedInputTokens: 0, outputTokens: 30 },
  studentStats: { inputTokens: 10, outputTokens: 200, tokensPerSecond: 50 },
  cost: {
    actualUsd,
    counterfactualUsd,
    savingUsd: actualUsd !== null && counterfactualUsd !== null ? counterfactualUsd - actualUsd : null,
    source: actualUsd === null ? "none" : "table",
    estimated: false,
  },
  stopped: false,
  timings: { firstTextMs: 10, handoffGapMs: 5, totalMs: 100 },
});

test("totals per conversation, day and month; unknown costs counted apart", () => {
  const l = new Ledger();
  const nov22 = new Date(2026, 10, 22, 10);
  const nov23 = new Date(2026, 10, 23, 10);
  l.add("a", record(0.01, 0.05), nov22);
  l.add("a", record(null, null), nov22);
  l.add("b", record(0.02, 0.1), nov23);
  assert.equal(l.conversation("a").turns, 2);
  assert.equal(l.conversation("a").unknownCostTurns, 1);
  assert.ok(Math.abs(l.conversation("a").teacherUsd - 0.01) < 1e-12);
  assert.ok(Math.abs(l.day(nov23).savingUsd - 0.08) < 1e-12);
  assert.ok(Math.abs(l.month(nov22).teacherUsd - 0.03) < 1e-12);
  assert.equal(l.month(nov22).studentOutputTokens, 600);
  assert.equal(l.day(new Date(2026, 10, 24)).turns, 0);
});

test("survives a round trip through JSON, and a damaged store starts fresh", () => {
  const l = new Ledger();
  const when = new Date(2026, 10, 22);
  l.add("a", record(0.01, 0.05), when);
  const restored = new Ledger(JSON.parse(JSON.stringify(l)));
  assert.deepEqual(restored.month(when), l.month(when));
  assert.equal(new Ledger({ version: 1, conversations: { a: { turns: "x" } }, days: {}, months: {} }).conversation("a").turns, 0);
  assert.equal(new Ledger("garbage").month(when).turns, 0);
});

test("reset clears everything; forgetting a conversation keeps the month's spend", () => {
  const l = new Ledger();
  const when = new Date(2026, 10, 22);
  l.add("a", record(0.01, 0.05), when);
  l.forgetConversation("a");
  assert.equal(l.conversation("a").turns, 0);
  assert.equal(l.month(when).turns, 1);
  l.reset();
  assert.equal(l.month(when).turns, 0);
});

test("a turn the teacher skipped adds no saving; an unpriced one is counted, not added as $0", () => {
  const l = new Ledger();
  const when = new Date(2026, 10, 22);
  const skipped: TurnRecord = {
    ...record(0, 0.05),
    teacherUsage: undefined,
    notice: "rate-limited",
    cost: { actualUsd: 0, counterfactualUsd: 0.05, savingUsd: 0.05, source: "none", estimated: true },
  };
  l.add("a", skipped, when);
  assert.equal(l.day(when).savingUsd, 0);
  assert.equal(l.day(when).counterfactualUsd, 0);
  assert.equal(l.day(when).turns, 1);
  l.add("a", { ...skipped, mode: "local", notice: undefined }, when);
  assert.ok(Math.abs(l.day(when).savingUsd - 0.05) < 1e-12, "local mode, the user's own choice, keeps its saving");
  l.add("a", record(null, null), when);
  assert.equal(l.day(when).unknownCostTurns, 1);
  assert.equal(l.day(when).teacherUsd, 0);
});

test("a teacher charge added as soon as it is known counts once, also when the turn never ends", () => {
  const when = new Date(2026, 10, 29, 12);
  const ledger = new Ledger();
  ledger.addTeacherCharge("c", 0.002, when);
  assert.equal(ledger.month(when).teacherUsd, 0.002, "counted before the turn ends (a reload now keeps it)");
  assert.equal(ledger.month(when).turns, 0);
  const record = {
    mode: "guided" as const,
    teacherModel: "gpt-4o-mini",
    cost: { actualUsd: 0.002, counterfactualUsd: 0.01, savingUsd: 0.008, source: "table" as const, estimated: false },
    stopped: false,
    timings: { firstTextMs: 1, handoffGapMs: 1, totalMs: 2 },
  };
  ledger.add("c", record, when, true);
  assert.equal(ledger.month(when).teacherUsd, 0.002, "not twice");
  assert.equal(ledger.month(when).savingUsd, 0.008);
  assert.equal(ledger.month(when).turns, 1);
  ledger.addTeacherCharge("c", null, when);
  assert.equal(ledger.month(when).unknownCostTurns, 1, "an unpriced charge is counted, not added as $0");
});
