import { test } from "node:test";
import assert from "node:assert/strict";
import { formatRecord, formatUsd } from "../../src/common/format";
import type { TurnRecord } from "../../src/common/turnRecord";

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
