import { test } from "node:test";
import assert from "node:assert/strict";
import { formatRecord, formatSaving, formatTeacherView } from "../../../src/common/turn/format";
import { formatActualCost, formatPriceSource, formatSpend, formatUsd } from "../../../src/common/cost/money";
import type { TurnRecord } from "../../../src/common/turn/turnRecord";

test("dollars keep small amounts readable and unknown distinct from zero", () => {
  assert.equal(formatUsd(null), "unknown");
  assert.equal(formatUsd(0), "$0");
  assert.equal(formatUsd(0.0000123), "$0.000012");
  assert.equal(formatUsd(0.0345), "$0.0345");
  assert.equal(formatUsd(12.5), "$12.50");
});

test("a guided turn's line names the teacher, its tokens and cost, the student's speed and the saving", () => {
  const r: TurnRecord = {
    mode: "guided",
    plan: { teacher: "opening", student: true },
    teacherModel: "gpt-4o-mini",
    teacherUsage: { inputTokens: 120, cachedInputTokens: 100, outputTokens: 32 },
    studentStats: { inputTokens: 40, outputTokens: 200, tokensPerSecond: 812.4 },
    cost: { actualUsd: 0.0001, counterfactualUsd: 0.0004, savingUsd: 0.0003, source: "table", estimated: false },
    stopped: false,
    timings: { firstTextMs: 1, handoffGapMs: 1, totalMs: 2 },
  };
  assert.equal(
    formatRecord(r),
    "guided · teacher gpt-4o-mini: 120 in (100 cached) / 32 out, $0.000100 · student: 200 tokens at 812 tok/s · teacher-only $0.000400 · saved $0.000300 (75%)",
  );
  assert.match(formatRecord({ ...r, cost: { ...r.cost, actualUsd: null, counterfactualUsd: null, savingUsd: null } }), /unknown.*saving unknown/);
});

const base: TurnRecord = {
  mode: "guided",
  plan: { teacher: "opening", student: true },
  teacherModel: "gpt-4o-mini",
  teacherUsage: { inputTokens: 120, cachedInputTokens: 0, outputTokens: 32 },
  studentStats: { inputTokens: 40, outputTokens: 200, tokensPerSecond: 50 },
  cost: { actualUsd: 0.0001, counterfactualUsd: 0.0004, savingUsd: 0.0003, source: "table", priceSource: "table", priceDate: "2026-11-29", estimated: false, actualEstimated: false },
  stopped: false,
  timings: { firstTextMs: 1, handoffGapMs: 1, totalMs: 2 },
};

test("spend totals count the turns with no known price beside the dollars", () => {
  assert.equal(formatSpend(0.42, 3), "$0.4200 + 3 unpriced");
  assert.equal(formatSpend(0, 1), "$0 + 1 unpriced");
  assert.equal(formatSpend(0.42, 0), "$0.4200");
});

test("the line says where the price came from and how old it is", () => {
  assert.match(formatRecord(base), / · price: built-in table, 2026-11-29$/);
  const routed = { ...base.cost, source: "openrouter", priceSource: "openrouter", priceDate: "2026-11-20" } as const;
  assert.equal(formatPriceSource(routed), "price: OpenRouter, 2026-11-20");
  assert.equal(formatPriceSource({ ...base.cost, source: "override", priceSource: "override", priceDate: undefined }), "price: your settings");
  assert.equal(
    formatPriceSource({ ...base.cost, source: "openai-package", priceSource: "openai-package", priceDate: undefined, priceVersion: "gpt-tokenizer 4.0.0" }),
    "price: OpenAI's list, gpt-tokenizer 4.0.0",
  );
  assert.equal(formatPriceSource({ ...base.cost, source: "provider" }), "cost reported by the provider");
  assert.equal(formatPriceSource({ ...base.cost, actualUsd: null, source: "none", priceSource: undefined, priceDate: undefined }), undefined);
});

test("a provider's own figure is never \"est.\"; an inexact count of the student's text makes only the saving an estimate", () => {
  const r: TurnRecord = { ...base, cost: { ...base.cost, source: "provider", estimated: true, actualEstimated: false } };
  assert.equal(formatActualCost(r.cost), "$0.000100");
  assert.equal(formatSaving(r), "saved $0.000300 (75%) est.");
  assert.match(formatRecord(r), /, \$0\.000100 · student/);
  // Counted from the text because no usage came: that cost is an estimate.
  assert.equal(formatActualCost({ ...base.cost, estimated: true, actualEstimated: true }), "$0.000100 est.");
  // Records stored before actualEstimated existed: "estimated" stands for it, except for a provider's figure.
  const { actualEstimated: _gone, ...old } = base.cost;
  assert.equal(formatActualCost({ ...old, estimated: true }), "$0.000100 est.");
  assert.equal(formatActualCost({ ...old, source: "provider", estimated: true }), "$0.000100");
});

test("a turn the teacher skipped claims no saving; local mode keeps its own", () => {
  const skipped: TurnRecord = {
    ...base,
    teacherUsage: undefined,
    notice: "unavailable",
    cost: { actualUsd: 0, counterfactualUsd: 0.0004, savingUsd: 0.0004, source: "none", priceSource: "table", priceDate: "2026-11-29", estimated: true, actualEstimated: false },
  };
  assert.equal(formatSaving(skipped), "no saving: the teacher wrote nothing, the local model answered alone");
  assert.doesNotMatch(formatRecord(skipped), /100%|saved|teacher-only/, "no saving, and no teacher-only price to compare with");
  assert.equal(formatSaving({ ...skipped, mode: "cloud", plan: { teacher: "answer", student: false } }), "no saving: the teacher wrote nothing");
  assert.equal(formatSaving({ ...skipped, mode: "local", plan: { teacher: "none", student: true }, notice: undefined }), "saved $0.000400 (100%) est.");
  assert.equal(formatSaving(base), "saved $0.000300 (75%)", "a guided turn the teacher opened keeps its saving");
});

test("a cloud answer claims no saving: it is the teacher-only answer", () => {
  const r: TurnRecord = {
    mode: "cloud",
    plan: { teacher: "answer", student: false },
    teacherModel: "gpt-4o-mini",
    teacherUsage: { inputTokens: 120, cachedInputTokens: 0, outputTokens: 300 },
    cost: { actualUsd: 0.000216, counterfactualUsd: 0.000216, savingUsd: 0, source: "table", priceSource: "table", priceDate: "2026-11-29", estimated: false },
    stopped: false,
    timings: { firstTextMs: 1, handoffGapMs: null, totalMs: 2 },
  };
  const line = formatRecord(r);
  assert.doesNotMatch(line, /saved|teacher-only/);
  assert.equal(line, "cloud · teacher gpt-4o-mini: 120 in / 300 out, $0.000216 · price: built-in table, 2026-11-29");
});

test("a teacher not asked (a spending limit) or that wrote nothing says so, with no saving and no price to compare", () => {
  const notAsked: TurnRecord = {
    mode: "guided",
    plan: { teacher: "opening", student: true },
    teacherModel: "gpt-4o-mini",
    notice: "limit",
    cost: { actualUsd: 0, counterfactualUsd: 0.0004, savingUsd: 0.0004, source: "none", priceSource: "table", priceDate: "2026-11-29", estimated: true },
    stopped: false,
    timings: { firstTextMs: 1, handoffGapMs: null, totalMs: 2 },
  };
  assert.match(formatRecord(notAsked), /teacher gpt-4o-mini: not asked, \$0 · no saving: the teacher wrote nothing/);
  assert.match(formatRecord({ ...notAsked, notice: "unavailable" }), /teacher gpt-4o-mini: wrote nothing, \$0/);
  assert.doesNotMatch(formatRecord(notAsked), /teacher-only|saved/);
});

test("the teacher's view: what went whole, what went in part, and when the question matched two parts about as well", () => {
  assert.equal(formatTeacherView({ kind: "budgeted", tokens: 700, elisions: 1, whole: ["Lru.get"], partly: ["Lru.put"] }), "budgeted context, 1 cut; sent whole: Lru.get; in part: Lru.put; outline of the rest");
  assert.equal(
    formatTeacherView({ kind: "budgeted", tokens: 700, elisions: 1, whole: ["evict", "expire"], unsure: ["evict", "expire"] }),
    "budgeted context, 1 cut; not sure which part: sent evict and expire; outline of the rest",
  );
  assert.equal(formatTeacherView({ kind: "budgeted", tokens: 90, elisions: 0 }), "budgeted context, nothing left out");
});
