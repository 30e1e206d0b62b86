import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChatMessage, Conversation } from "../../src/common/conversation/conversation";
import { TeacherError } from "../../src/common/models/errors";
import { formatRecord } from "../../src/common/turn/format";
import { runTurn } from "../../src/common/turn/runTurn";
import type { TurnOptions } from "../../src/common/turn/turnOptions";
import { estimatingCounter } from "../../src/common/conversation/tokenCounter";
import type { TurnEvent } from "../../src/common/turn/turnEvents";
import { engineDeps, ScriptedStudent, ScriptedTeacher, turnOptions } from "../support/engineDoubles";

// A second turn, so auto mode probes (a first turn asks the teacher without probing by default).
const secondTurn = (): Conversation => ({
  id: "a1",
  messages: [
    { role: "user", text: "What is a closure?" },
    { role: "assistant", text: "A function with the variables it closes over.", guidanceLength: 10 },
    { role: "user", text: "Show one in Python." },
  ] satisfies ChatMessage[],
});
const deps = engineDeps;
const options = (over: Partial<TurnOptions> = {}): TurnOptions =>
  turnOptions({ mode: "auto", guidanceBudget: 3, auto: { threshold: 0.8, probeTokens: 4, askOnFirstTurn: true }, ...over });
async function run(conversation: Conversation, opts: TurnOptions, teacher: ScriptedTeacher | undefined, student: ScriptedStudent): Promise<TurnEvent[]> {
  const out: TurnEvent[] = [];
  for await (const e of runTurn(conversation, opts, deps(teacher, student))) out.push(e);
  return out;
}
const done = (events: TurnEvent[]) => {
  const last = events.at(-1);
  assert.ok(last?.type === "done");
  return last;
};

test("auto, student sure: no teacher is asked, the student answers from the start, and the saving is kept", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["Never", " sent"] });
  const student = new ScriptedStudent(["def", " f():"], { confidence: 0.91 });
  const events = await run(secondTurn(), options(), teacher, student);
  assert.equal(teacher.requests.length, 0);
  assert.deepEqual(student.probes.map((p) => p.tokens), [4]);
  assert.equal(student.continues[0].prefix, "");
  const { record, answer } = done(events);
  assert.equal(answer.text, "def f():");
  assert.deepEqual(record.auto, { asked: false, reason: "sure", confidence: 0.91, threshold: 0.8 });
  assert.equal(record.cost.actualUsd, 0);
  assert.ok(record.cost.savingUsd! > 0, "the teacher-only alternative was not paid");
  assert.match(formatRecord(record), /student sure \(91% ≥ 80%\): no teacher/);
  assert.doesNotMatch(formatRecord(record), /no saving/);
  assert.deepEqual(record.plan, { teacher: "none", student: true }, "the record says the student wrote it all");
  assert.doesNotMatch(formatRecord(record), /teacher gpt-4o-mini:|no usage reported/, "a teacher never asked is not listed as one that reported nothing");
});

test("auto, student unsure: the teacher writes the opening and the student continues it", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["Here", " is", " one", " more"] });
  const student = new ScriptedStudent([" closure."], { confidence: 0.42 });
  const events = await run(secondTurn(), options(), teacher, student);
  assert.equal(teacher.requests.length, 1);
  assert.equal(student.probes.length, 1);
  assert.ok(events.some((e) => e.type === "handoff"));
  const { record, answer } = done(events);
  assert.ok(answer.guidanceLength > 0);
  assert.ok(answer.text.endsWith(" closure."));
  assert.deepEqual(record.auto, { asked: true, reason: "unsure", confidence: 0.42, threshold: 0.8 });
  assert.match(formatRecord(record), /student unsure \(42% < 80%\): teacher asked/);
});

test("auto: a conversation's first answer asks the teacher without probing, unless told not to", async () => {
  const first: Conversation = { id: "f", messages: [{ role: "user", text: "Hi?" }] };
  const student = new ScriptedStudent([" there."], { confidence: 0.99 });
  const teacher = new ScriptedTeacher({ tokens: ["Hello"] });
  const asked = done(await run(first, options(), teacher, student));
  assert.equal(student.probes.length, 0);
  assert.equal(teacher.requests.length, 1);
  assert.equal(asked.record.auto?.reason, "first-turn");
  const probed = done(await run(first, options({ auto: { threshold: 0.8, probeTokens: 2, askOnFirstTurn: false } }), teacher, student));
  assert.equal(student.probes.length, 1);
  assert.equal(teacher.requests.length, 1, "sure: the teacher was not asked again");
  assert.equal(probed.record.auto?.reason, "sure");
});

test("auto: stop during the probe stops everything; nothing is paid and nothing is written", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["No"] });
  const student = new ScriptedStudent(["no"], { confidence: 0.1, probeMs: 5000 });
  const stop = new AbortController();
  const started = run(secondTurn(), options({ signal: stop.signal }), teacher, student);
  setTimeout(() => stop.abort(), 20);
  const { record, answer } = done(await started);
  assert.equal(student.probes.length, 1);
  assert.equal(teacher.requests.length, 0);
  assert.equal(student.continues.length, 0);
  assert.equal(record.stopped, true);
  assert.equal(answer.text, "");
  assert.equal(answer.partial, true);
  assert.equal(record.cost.actualUsd, 0);
});

test("auto: a teacher failure after an unsure probe is a notice, and the student answers alone without a claimed saving", async () => {
  const teacher = new ScriptedTeacher({ tokens: [], error: new TeacherError("unavailable", "The teacher is down.") });
  const student = new ScriptedStudent(["Alone."], { confidence: 0.3 });
  const events = await run(secondTurn(), options(), teacher, student);
  assert.ok(events.some((e) => e.type === "notice" && e.reason === "unavailable"));
  assert.equal(student.continues[0].prefix, "");
  const { record, answer } = done(events);
  assert.equal(answer.text, "Alone.");
  assert.equal(record.notice, "unavailable");
  assert.equal(record.auto?.asked, true);
  assert.match(formatRecord(record), /no saving: the teacher wrote nothing/);
});

test("auto without a teacher: the student answers alone, without a probe", async () => {
  const student = new ScriptedStudent(["Fine."], { confidence: 0.1 });
  const { record } = done(await run(secondTurn(), options(), undefined, student));
  assert.equal(student.probes.length, 0);
  assert.deepEqual(record.auto, { asked: false, reason: "no-teacher", confidence: null, threshold: 0.8 });
});

test("budgeted context: the teacher gets the shortened view, the student the whole conversation", async () => {
  const file = Array.from({ length: 400 }, (_, i) => (i % 20 === 0 ? `export function f${i}() {` : `  const v${i} = ${i};`)).join("\n");
  const conversation: Conversation = { id: "b", messages: [{ role: "user", text: "Explain f20.", context: [{ fileName: "a.ts", language: "typescript", kind: "file", text: file }] }] };
  const teacher = new ScriptedTeacher({ tokens: ["It", " returns", " nothing", " much"] });
  const student = new ScriptedStudent([" at all."]);
  const events = await run(conversation, options({ mode: "guided", teacherContext: { kind: "budgeted", budget: 300 } }), teacher, student);
  const sent = teacher.requests[0].messages.at(-1)!.content;
  assert.match(sent, /Parts of `a.ts`/);
  assert.match(sent, /not sent/);
  assert.ok(sent.length < file.length / 4);
  assert.ok(student.continues[0].request.messages.at(-1)!.content.includes(file), "the student sees the whole file");
  const { record } = done(events);
  assert.deepEqual({ ...record.teacherView, tokens: 0 }, { kind: "budgeted", tokens: 0, elisions: 1 });
  assert.ok(record.teacherView!.tokens <= 300);
  // Teacher-only would have sent the whole file: its cost is the whole request, not the short one.
  const wholeInput = estimatingCounter.count(file, "gpt-4o-mini").tokens;
  assert.ok(record.cost.counterfactualUsd! > (wholeInput * 0.15) / 1e6, "the teacher-only figure prices the whole file");
});
