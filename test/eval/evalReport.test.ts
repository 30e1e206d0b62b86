import { test } from "node:test";
import assert from "node:assert/strict";
import type { TurnRecord } from "../../src/common/turn/turnRecord";
import { askedTeacher, skippedMode, sumKnown, summarizeMode, teacherOnlyBasis, teacherOnlyOf, type EvalReport, type QuestionResult } from "../../eval/evalReport";
import { formatReport } from "../../eval/printReport";
import { planTurn } from "../../src/common/turn/phases/turnPlanner";

const result = (over: Partial<QuestionResult>): QuestionResult => ({
  id: "q",
  mode: "guided",
  passed: false,
  answer: "",
  costUsd: 0,
  teacherOnlyUsd: 0,
  askedTeacher: true,
  ...over,
});

const record = (over: Partial<TurnRecord>): TurnRecord => ({
  mode: "guided",
  plan: planTurn(over.mode ?? "guided", over.auto),
  cost: { actualUsd: 0, counterfactualUsd: 0, savingUsd: 0, source: "none", estimated: false },
  stopped: false,
  timings: { firstTextMs: null, handoffGapMs: null, totalMs: 0 },
  ...over,
});

test("a mode's totals: accuracy, errors, summed costs, ratio and the share that asked the teacher", () => {
  const results = [
    result({ id: "a", passed: true, costUsd: 0.001, teacherOnlyUsd: 0.004 }),
    result({ id: "b", passed: false, costUsd: 0.002, teacherOnlyUsd: 0.006, error: "checker timed out after 30 s" }),
    result({ id: "c", passed: true, costUsd: 0.0005, teacherOnlyUsd: 0.002, askedTeacher: false }),
    result({ id: "d", passed: true, costUsd: 0, teacherOnlyUsd: 0.003, askedTeacher: false }),
    // Another mode's row is not counted.
    result({ id: "a", mode: "cloud", passed: true, costUsd: 1, teacherOnlyUsd: 1 }),
  ];
  const s = summarizeMode("guided", results);
  assert.equal(s.mode, "guided");
  assert.equal(s.questions, 4);
  assert.equal(s.passed, 3);
  assert.equal(s.accuracy, 0.75);
  assert.equal(s.errors, 1);
  assert.ok(Math.abs(s.costUsd! - 0.0035) < 1e-15);
  assert.ok(Math.abs(s.teacherOnlyUsd! - 0.015) < 1e-15);
  assert.ok(Math.abs(s.ratio! - 0.0035 / 0.015) < 1e-12);
  assert.equal(s.askedTeacherShare, 0.5);
  assert.equal(s.skipped, undefined);
});

test("one unknown price makes a total unknown, never zero, and the ratio with it", () => {
  assert.equal(sumKnown([0.1, null, 0.2]), null);
  assert.equal(sumKnown([]), 0);
  assert.equal(sumKnown([0.25, 0.5]), 0.75);

  const unknownCost = summarizeMode("guided", [result({ costUsd: 0.001, teacherOnlyUsd: 0.002 }), result({ costUsd: null, teacherOnlyUsd: 0.002 })]);
  assert.equal(unknownCost.costUsd, null);
  assert.equal(unknownCost.teacherOnlyUsd, 0.004);
  assert.equal(unknownCost.ratio, null);

  const unknownTeacherOnly = summarizeMode("local", [result({ mode: "local", costUsd: 0, teacherOnlyUsd: null, askedTeacher: false })]);
  assert.equal(unknownTeacherOnly.costUsd, 0);
  assert.equal(unknownTeacherOnly.teacherOnlyUsd, null);
  assert.equal(unknownTeacherOnly.ratio, null);
});

test("a ratio over a zero teacher-only cost is no figure; a mode with no answers has no accuracy", () => {
  const free = summarizeMode("local", [result({ mode: "local", costUsd: 0, teacherOnlyUsd: 0, askedTeacher: false })]);
  assert.equal(free.ratio, null);
  assert.equal(free.askedTeacherShare, 0);
  const none = summarizeMode("auto", []);
  assert.deepEqual(
    { q: none.questions, p: none.passed, a: none.accuracy, e: none.errors, c: none.costUsd, t: none.teacherOnlyUsd, r: none.ratio, s: none.askedTeacherShare },
    { q: 0, p: 0, a: null, e: 0, c: 0, t: 0, r: null, s: null },
  );
  assert.equal(skippedMode("cloud", "no teacher configured").skipped, "no teacher configured");
});

test("who asked the teacher: guided and cloud always, local never, auto as its decision says", () => {
  assert.equal(askedTeacher(record({ mode: "guided" })), true);
  assert.equal(askedTeacher(record({ mode: "cloud" })), true);
  assert.equal(askedTeacher(record({ mode: "local" })), false);
  assert.equal(askedTeacher(record({ mode: "auto", auto: { asked: true, reason: "unsure", confidence: 0.4, threshold: 0.8 } })), true);
  assert.equal(askedTeacher(record({ mode: "auto", auto: { asked: false, reason: "sure", confidence: 0.9, threshold: 0.8 } })), false);
});

test("the table puts the modes side by side, unknown stays unknown, and skipped modes say why", () => {
  const questions = [
    result({ id: "a", mode: "local", passed: false, costUsd: 0, teacherOnlyUsd: 0.0004, askedTeacher: false }),
    result({ id: "b", mode: "local", passed: true, costUsd: 0, teacherOnlyUsd: 0.0004, askedTeacher: false }),
    result({ id: "a", mode: "guided", passed: true, costUsd: 0.0001, teacherOnlyUsd: 0.0004 }),
    result({ id: "b", mode: "guided", passed: false, costUsd: null, teacherOnlyUsd: null, error: "The teacher failed" }),
  ];
  const report: EvalReport = {
    set: "set.jsonl",
    startedAt: "2026-01-01T00:00:00.000Z",
    teacherModel: "gpt-4o-mini",
    studentModel: "m.gguf",
    teacherOnly: "estimate",
    modes: [summarizeMode("local", questions), summarizeMode("guided", questions), skippedMode("cloud", "no teacher configured")],
    questions,
  };
  const lines = formatReport(report);
  const row = (label: string) => lines.find((l) => l.startsWith(label))?.split(/\s{2,}/).slice(1);
  assert.deepEqual(lines[0].trim().split(/\s+/), ["local", "guided", "cloud"]);
  assert.deepEqual(row("passed"), ["1/2", "1/2", "–"]);
  assert.deepEqual(row("accuracy"), ["50%", "50%", "–"]);
  assert.deepEqual(row("errors"), ["0", "1", "–"]);
  assert.deepEqual(row("cost /"), ["0.000", "unknown", "–"]);
  assert.deepEqual(row("teacher alone*"), ["$0.000800", "unknown", "–"]);
  assert.ok(lines.some((l) => l.startsWith("* teacher alone: estimated, each answer priced as if the teacher had written all of it")));
  assert.deepEqual(row("asked the teacher"), ["0%", "100%", "–"]);
  assert.ok(lines.includes("cloud: skipped (no teacher configured)"));
  assert.deepEqual(row("a "), ["fail", "pass", "–"]);
  assert.deepEqual(row("b "), ["pass", "error", "–"]);
});

test("teacher-only means one thing in every column: cloud mode's own cost for the same questions, once it answered them all", () => {
  // The student's long answer makes guided's own estimate large; cloud mode, really run, cost less.
  const questions = [
    result({ id: "a", mode: "guided", costUsd: 0.0001, teacherOnlyUsd: 0.0008 }),
    result({ id: "b", mode: "guided", costUsd: 0.0001, teacherOnlyUsd: 0.0008 }),
    result({ id: "a", mode: "local", costUsd: 0, teacherOnlyUsd: 0.0009, askedTeacher: false }),
    result({ id: "b", mode: "local", costUsd: 0, teacherOnlyUsd: 0.0009, askedTeacher: false }),
    result({ id: "a", mode: "cloud", costUsd: 0.00012, teacherOnlyUsd: 0.00012 }),
    result({ id: "b", mode: "cloud", costUsd: 0.00013, teacherOnlyUsd: 0.00013 }),
  ];
  assert.equal(teacherOnlyBasis(questions), "cloud");
  const of = teacherOnlyOf("cloud", questions);
  const modes = (["local", "guided", "cloud"] as const).map((m) => summarizeMode(m, questions, of));
  for (const m of modes) assert.ok(Math.abs(m.teacherOnlyUsd! - 0.00025) < 1e-15, `${m.mode}: the same teacher-only figure in every column`);
  assert.ok(Math.abs(modes[1].ratio! - 0.0002 / 0.00025) < 1e-12, "guided against what cloud mode cost");
  assert.equal(modes[2].ratio, 1);
  const lines = formatReport({ set: "s", startedAt: "2026-01-01T00:00:00.000Z", teacherModel: "m", studentModel: "s", teacherOnly: "cloud", modes, questions });
  const row = (label: string) => lines.find((l) => l.startsWith(label))?.split(/\s{2,}/).slice(1);
  assert.deepEqual(row("teacher alone*"), ["$0.000250", "$0.000250", "$0.000250"]);
  assert.deepEqual(row("cost / teacher alone"), ["0.000", "0.800", "1.000"]);
  assert.ok(lines.includes("* teacher alone: what cloud mode (the teacher answering by itself) cost for the same questions."));

  // Cloud mode missing a question (or failing one): every column estimates instead, and says so.
  assert.equal(teacherOnlyBasis(questions.slice(0, 5)), "estimate");
  assert.equal(teacherOnlyBasis([...questions.slice(0, 5), result({ id: "b", mode: "cloud", costUsd: 0, error: "The teacher is down." })]), "estimate");
  assert.equal(teacherOnlyBasis(questions.filter((q) => q.mode !== "cloud")), "estimate");
  assert.equal(summarizeMode("guided", questions, teacherOnlyOf("estimate", questions)).teacherOnlyUsd, 0.0016);
});
