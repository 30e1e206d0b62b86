// The harness with scripted models (fast, every branch), then once for real: the sample set on
// stories260K and the test teacher (TEST DOUBLE) in all four modes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { TeacherError } from "../../src/common/models/errors";
import type { Mode } from "../../src/common/conversation/mode";
import { priceLookup } from "../../src/common/cost/prices";
import { estimatingCounter } from "../../src/common/conversation/tokenCounter";
import { loadGptTokenCounter } from "../../src/node/cost/gptTokenCounter";
import { configuredTeacher } from "../../src/node/teacher/configuredTeacher";
import type { EvalReport, ModeSummary, QuestionResult } from "../../eval/evalReport";
import { loadQuestionSet, type EvalQuestion } from "../../eval/questionSet";
import { runEval, type EvalDeps, type EvalOptions } from "../../eval/runEval";
import { loadTestTeacherAnswers } from "../../eval/testTeacherAnswers";
import { ScriptedStudent, ScriptedTeacher } from "../support/engineDoubles";
import { storiesStudent } from "../support/storiesStudent";
import { startTestTeacherServer } from "../support/testTeacherServer";

const root = join(__dirname, "..", "..");
const SAMPLE = join(root, "eval", "sample.jsonl");
const ALL: Mode[] = ["local", "guided", "auto", "cloud"];

const questions: EvalQuestion[] = [
  { id: "one", line: 1, question: "Say it works.", expect: { regex: "worked" } },
  { id: "two", line: 2, question: "What is in add.py?", file: { fileName: "src/add.py", language: "python", text: "def add(a, b): return a + b" }, expect: { exact: "Sure and then it worked." } },
];

function options(over: Partial<EvalOptions> = {}): EvalOptions {
  return { setFile: "set.jsonl", questions, modes: ["local", "guided", "cloud"], studentModel: "scripted", guidanceBudget: 2, cloudMaxTokens: 100, signal: new AbortController().signal, ...over };
}

function deps(over: Partial<EvalDeps> = {}): EvalDeps {
  return {
    teacher: new ScriptedTeacher({ tokens: ["Sure", " and", " more"] }),
    student: new ScriptedStudent(),
    counter: estimatingCounter,
    prices: priceLookup({ overrides: {} }),
    now: () => performance.now(),
    ...over,
  };
}

/** The report adds up: every mode's totals are what its question rows sum to. */
function assertAddsUp(report: EvalReport): void {
  for (const m of report.modes) {
    const rows = report.questions.filter((q) => q.mode === m.mode);
    const passed = rows.filter((q) => q.passed).length;
    assert.equal(m.questions, rows.length, `${m.mode}: questions`);
    assert.equal(m.passed, passed, `${m.mode}: passed`);
    assert.equal(m.accuracy, rows.length ? passed / rows.length : null, `${m.mode}: accuracy`);
    assert.equal(m.errors, rows.filter((q) => q.error !== undefined).length, `${m.mode}: errors`);
    const sum = (xs: (number | null)[]) => (xs.includes(null) ? null : (xs as number[]).reduce((a, b) => a + b, 0));
    const cost = sum(rows.map((q) => q.costUsd));
    // Every column's teacher-only figure means the same: cloud mode's cost of the question when it answered them all.
    const cloud = new Map(report.questions.filter((q) => q.mode === "cloud").map((q) => [q.id, q.costUsd]));
    const teacherOnly = sum(rows.map((q) => (report.teacherOnly === "cloud" ? (cloud.get(q.id) ?? null) : q.teacherOnlyUsd)));
    assertClose(m.costUsd, cost, `${m.mode}: cost`);
    assertClose(m.teacherOnlyUsd, teacherOnly, `${m.mode}: teacher-only`);
    assertClose(m.ratio, cost === null || teacherOnly === null || teacherOnly === 0 ? null : cost / teacherOnly, `${m.mode}: ratio`);
    assert.equal(m.askedTeacherShare, rows.length ? rows.filter((q) => q.askedTeacher).length / rows.length : null, `${m.mode}: asked share`);
  }
}

function assertClose(actual: number | null, expected: number | null, what: string): void {
  if (expected === null || actual === null) return assert.equal(actual, expected, what);
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);
}

const row = (report: EvalReport, mode: Mode, id: string): QuestionResult => {
  const found = report.questions.find((q) => q.mode === mode && q.id === id);
  assert.ok(found, `${mode}/${id} answered`);
  return found;
};

test("each question in each mode: a fresh conversation, the file attached, judged and priced", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["Sure", " and", " more"] });
  const seen: string[] = [];
  const report = await runEval(options({ onResult: (r) => seen.push(`${r.mode}/${r.id}`) }), deps({ teacher }));
  assert.deepEqual(seen, ["local/one", "local/two", "guided/one", "guided/two", "cloud/one", "cloud/two"]);
  assert.deepEqual(report.modes.map((m) => m.mode), ["local", "guided", "cloud"]);
  assert.equal(report.teacherModel, "gpt-4o-mini");
  assert.equal(report.stopped, undefined);
  assert.equal(report.teacherOnly, "cloud", "cloud mode answered every question");
  // Guided: the teacher's two tokens, then the student; cloud: the teacher alone.
  assert.equal(row(report, "guided", "two").answer, "Sure and then it worked.");
  assert.equal(row(report, "guided", "two").passed, true);
  assert.equal(row(report, "cloud", "one").answer, "Sure and more");
  assert.equal(row(report, "cloud", "one").passed, false);
  assert.equal(row(report, "local", "one").passed, true);
  // One conversation each, with one message; the attached file is sent as a whole file.
  assert.equal(teacher.requests.length, 4);
  assert.ok(teacher.requests.every((r) => r.messages.length === 1));
  assert.equal(new Set(teacher.requests.map((r) => r.conversationId)).size, 4);
  assert.match(teacher.requests[1].messages[0].content, /^File `src\/add\.py`:\n\n```python\ndef add/);
  assert.equal(row(report, "local", "one").costUsd, 0);
  assert.ok(report.questions.every((q) => q.costUsd !== null && q.teacherOnlyUsd !== null));
  assertAddsUp(report);
});

test("modes that need a teacher, or a student, are skipped with the reason", async () => {
  const skips: string[] = [];
  const noTeacher = await runEval(options({ modes: ALL, onSkip: (m, why) => skips.push(`${m}: ${why}`) }), deps({ teacher: undefined }));
  assert.deepEqual(skips, ["guided: no teacher configured", "auto: no teacher configured", "cloud: no teacher configured"]);
  assert.deepEqual(noTeacher.modes.map((m) => [m.mode, m.questions, m.skipped]), [
    ["local", 2, undefined],
    ["guided", 0, "no teacher configured"],
    ["auto", 0, "no teacher configured"],
    ["cloud", 0, "no teacher configured"],
  ]);
  // With no teacher, nothing prices the teacher-only answer: unknown, not zero.
  assert.equal(noTeacher.modes[0].teacherOnlyUsd, null);
  assertAddsUp(noTeacher);

  const noStudent = await runEval(options({ modes: ALL }), deps({ student: undefined }));
  assert.deepEqual(noStudent.modes.map((m) => [m.mode, m.questions, m.skipped]), [
    ["local", 0, "no student model"],
    ["guided", 0, "no student model"],
    ["auto", 0, "no student model"],
    ["cloud", 2, undefined],
  ]);
  assertAddsUp(noStudent);
});

test("a turn that fails is an error and a failed question, with its cost still counted", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["Sure"], error: new TeacherError("unavailable", "The teacher is down."), failAfter: 0 });
  const report = await runEval(options({ modes: ["cloud", "guided"] }), deps({ teacher }));
  const cloud = row(report, "cloud", "one");
  assert.equal(cloud.passed, false);
  assert.equal(cloud.error, "The teacher is down.");
  assert.equal(cloud.costUsd, 0);
  // Guided mode goes on with the student alone: no error, the reason noted.
  const guided = row(report, "guided", "one");
  assert.equal(guided.passed, true);
  assert.equal(guided.error, undefined);
  assert.equal(guided.notice, "unavailable");
  assert.equal(report.modes[0].errors, 2);
  assertAddsUp(report);
});

test("stopping leaves the question in progress out and reports what was done", async () => {
  const controller = new AbortController();
  const student = new ScriptedStudent([" slow", " words"]);
  // Stop while the second question is being answered: as its answer starts, not after a delay a
  // busy machine could outlast.
  const answer = student.continue.bind(student);
  student.continue = (request, prefix, signal) => {
    if (student.continues.length === 1) controller.abort();
    return answer(request, prefix, signal);
  };
  const report = await runEval(options({ signal: controller.signal }), deps({ student }));
  assert.equal(report.stopped, true);
  assert.equal(student.aborted, true, "the answer in progress was stopped");
  assert.deepEqual(report.questions.map((q) => `${q.mode}/${q.id}`), ["local/one"]);
  assert.deepEqual(report.modes.map((m) => [m.mode, m.questions, m.skipped]), [
    ["local", 1, undefined],
    ["guided", 0, "stopped before this mode"],
    ["cloud", 0, "stopped before this mode"],
  ]);
  assertAddsUp(report);
});

test("the sample set on stories260K and the test teacher, all four modes: the report adds up", { timeout: 300_000 }, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer({ answers: loadTestTeacherAnswers(join(root, "eval", "sample-teacher.json")) });
  t.after(() => server.close());
  const counter = await loadGptTokenCounter();
  const teacher = configuredTeacher({ baseURL: server.url, apiKey: undefined, model: "gpt-4o-mini", counter });
  const set = loadQuestionSet(SAMPLE);
  const report = await runEval(
    { setFile: SAMPLE, questions: set, modes: ALL, studentModel: "stories260K", guidanceBudget: 32, cloudMaxTokens: 512, signal: new AbortController().signal, checkCwd: dirname(SAMPLE) },
    { teacher, student, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now() },
  );

  assert.deepEqual(report.modes.map((m) => [m.mode, m.questions, m.skipped]), ALL.map((m) => [m, 5, undefined]));
  assert.equal(report.questions.length, 20);
  assert.deepEqual(report.questions.filter((q) => q.error !== undefined).map((q) => `${q.mode}/${q.id}: ${q.error}`), []);
  // gpt-4o-mini is in the price table: every figure is known.
  assert.ok(report.questions.every((q) => q.costUsd !== null && q.teacherOnlyUsd !== null));
  assertAddsUp(report);

  const mode = (m: Mode): ModeSummary => report.modes.find((s) => s.mode === m)!;
  const passedIds = (m: Mode) => report.questions.filter((q) => q.mode === m && q.passed).map((q) => q.id);
  // The student alone pays nothing and never asks; its teacher-only figure is the prompt and its answer.
  assert.equal(mode("local").costUsd, 0);
  assert.equal(mode("local").askedTeacherShare, 0);
  assert.ok(mode("local").teacherOnlyUsd! > 0);
  // Cloud: the canned answers, whole; the teacher is wrong on purpose about `.at(-1)`.
  assert.deepEqual(passedIds("cloud"), ["capital", "binary-search", "add-returns", "story"]);
  assert.equal(row(report, "cloud", "capital").answer, "Paris");
  assert.equal(mode("cloud").askedTeacherShare, 1);
  assertClose(mode("cloud").ratio, 1, "cloud: the teacher wrote it all");
  // One teacher-only figure, cloud mode's own cost, in every column.
  assert.equal(report.teacherOnly, "cloud");
  for (const m of ALL) assertClose(mode(m).teacherOnlyUsd, mode("cloud").costUsd, `${m}: teacher-only is what cloud mode cost`);
  // Guided: short canned answers end within the opening; the others' openings hold what is checked.
  assert.deepEqual(passedIds("guided"), ["capital", "binary-search", "add-returns", "story"]);
  assert.equal(mode("guided").askedTeacherShare, 1);
  assert.ok(mode("guided").costUsd! > 0 && mode("guided").ratio! < 1);
  // Auto: the probe decides each question; whichever way, the figures add up (checked above).
  const auto = mode("auto");
  assert.ok(auto.askedTeacherShare! >= 0 && auto.askedTeacherShare! <= 1);
  // The report survives its JSON form.
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
});
