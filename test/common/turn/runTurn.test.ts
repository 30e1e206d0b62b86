import { test } from "node:test";
import assert from "node:assert/strict";
import type { Conversation } from "../../../src/common/conversation/conversation";
import { StudentError, TeacherError, type TeacherFailureReason } from "../../../src/common/models/errors";
import { runTurn } from "../../../src/common/turn/runTurn";
import { planTurn } from "../../../src/common/turn/phases/turnPlanner";
import { SYSTEM_PROMPT } from "../../../src/common/conversation/prompt";
import { collectEvents, doneEvent, engineDeps, eventTypes, handTimers, ScriptedStudent, ScriptedTeacher, turnOptions } from "../../support/engineDoubles";

const ask = (text: string, id = "c1"): Conversation => ({ id, messages: [{ role: "user", text }] });
const deps = engineDeps;
const options = turnOptions;

const [collect, done, types] = [collectEvents, doneEvent, eventTypes];

test("guided: guidance streams first, is cut at a word, and the student continues from it", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["The", " list", " is", " rever", "sed"] });
  const student = new ScriptedStudent(["sed", " in", " place."]);
  const events = await collect(runTurn(ask("How?"), options(), deps(teacher, student)));

  assert.deepEqual(types(events), [
    "start", "teacher-request", "guidance", "guidance", "guidance", "guidance", "teacher-charged", "handoff", "student", "student", "student", "done",
  ]);
  assert.deepEqual(events[7], { type: "handoff", kept: "The list is", dropped: " rever" });
  // The charge is announced before the student's part, and is the record's own figure.
  const final = done(events);
  assert.deepEqual(events[6], {
    type: "teacher-charged",
    usd: final.type === "done" ? final.record.cost.actualUsd : NaN,
    outputTokens: 4,
    usage: { inputTokens: 100, cachedInputTokens: 40, outputTokens: 4 },
    priceSource: "table",
  });
  assert.equal(teacher.requests[0].maxTokens, 4);
  assert.equal(student.preloads[0].prefix, "", "the student preloads the prompt while the teacher writes");
  assert.equal(student.continues[0].prefix, "The list is");
  const d = done(events);
  assert.equal(d.answer.text, "The list issed in place.");
  assert.equal(d.answer.guidanceLength, "The list is".length);
  assert.equal(d.answer.partial, undefined);
  assert.equal(d.record.mode, "guided");
  assert.deepEqual(d.record.teacherUsage, { inputTokens: 100, cachedInputTokens: 40, outputTokens: 4 });
  assert.equal(d.record.studentStats?.outputTokens, 3);
  assert.ok(d.record.cost.actualUsd! > 0);
  assert.ok(d.record.cost.savingUsd! > 0);
  assert.notEqual(d.record.timings.handoffGapMs, null);
});

test("the student's cache follows the guidance as it streams, at clean boundaries", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["The", " list", " is", " rever", "sed", " in", " place"], delayMs: 5 });
  const student = new ScriptedStudent([" now."]);
  await collect(runTurn(ask("How?"), options({ guidanceBudget: 6 }), deps(teacher, student)));
  const prefixes = student.preloads.map((p) => p.prefix);
  assert.ok(prefixes.length > 2, `preloaded ${JSON.stringify(prefixes)}`);
  const kept = student.continues[0].prefix;
  assert.equal(kept, "The list is reversed");
  for (let i = 1; i < prefixes.length; i++) {
    assert.ok(prefixes[i].length > prefixes[i - 1].length, "each preload goes further");
    assert.ok(kept.startsWith(prefixes[i]), `${JSON.stringify(prefixes[i])} is a start of the kept guidance`);
    assert.match(prefixes[i], /\S$/, "never a half word or a trailing space");
  }
});

test("the same rendered request goes to both models, with the stable system prompt", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["Hi", " there", " friend"] });
  const student = new ScriptedStudent();
  const conversation: Conversation = {
    id: "c9",
    messages: [{ role: "user", text: "Explain", context: [{ fileName: "a.ts", language: "typescript", kind: "selection", text: "let x = 1;" }] }],
  };
  await collect(runTurn(conversation, options({ guidanceBudget: 2 }), deps(teacher, student)));
  const sent = teacher.requests[0];
  assert.equal(sent.system, SYSTEM_PROMPT);
  assert.match(sent.messages[0].content, /a\.ts/);
  assert.match(sent.messages[0].content, /```typescript\nlet x = 1;\n```/);
  assert.deepEqual(student.continues[0].request.messages, sent.messages);
  assert.equal(student.continues[0].request.system, sent.system);
});

test("a teacher that finishes inside the budget ends the turn; the student is not asked", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["Use", " reversed()", "."] });
  const student = new ScriptedStudent([], { preloadMs: 50 });
  const events = await collect(runTurn(ask("How?"), options({ guidanceBudget: 32 }), deps(teacher, student)));
  assert.deepEqual(types(events), ["start", "teacher-request", "guidance", "guidance", "guidance", "teacher-charged", "done"]);
  assert.equal(student.continues.length, 0);
  assert.equal(student.preloads[0].signal.aborted, true, "the no longer needed preload was stopped");
  const d = done(events);
  assert.equal(d.answer.text, "Use reversed().");
  assert.equal(d.answer.guidanceLength, d.answer.text.length);
  assert.equal(d.record.cost.savingUsd, 0);
});

const reasons: TeacherFailureReason[] = ["no-key", "auth", "rate-limited", "unavailable", "timeout", "bad-response", "empty-guidance"];
for (const reason of reasons) {
  test(`teacher failure "${reason}" before any text: the student answers alone, with a notice`, async () => {
    const teacher = new ScriptedTeacher({ tokens: ["never"], error: new TeacherError(reason, `failed: ${reason}`) });
    const student = new ScriptedStudent(["Local", " answer."]);
    const events = await collect(runTurn(ask("Q"), options(), deps(teacher, student)));
    assert.deepEqual(types(events), ["start", "teacher-request", "notice", "student", "student", "done"]);
    assert.deepEqual(events[2], { type: "notice", reason, message: `failed: ${reason}` });
    assert.equal(student.continues[0].prefix, "");
    const d = done(events);
    assert.equal(d.answer.text, "Local answer.");
    assert.equal(d.answer.guidanceLength, 0);
    assert.equal(d.record.notice, reason);
    assert.equal(d.record.cost.actualUsd, 0, "a failed request is not billed");
    assert.ok(d.record.cost.savingUsd! > 0);
  });
}

test("no teacher configured: guided turns fall back to the student with a no-key notice", async () => {
  const student = new ScriptedStudent(["Alone."]);
  const events = await collect(runTurn(ask("Q"), options(), deps(undefined, student)));
  assert.deepEqual(types(events), ["start", "notice", "student", "done"]);
  assert.equal((events[1] as { reason: string }).reason, "no-key");
});

test("a stream cut mid-way keeps the guidance so far, cut back, and the student continues it", async () => {
  const teacher = new ScriptedTeacher({
    tokens: ["One", " two", " thr", "ee"],
    error: new TeacherError("unavailable", "cut"),
    failAfter: 3,
  });
  const student = new ScriptedStudent([" three."]);
  const events = await collect(runTurn(ask("Count"), options({ guidanceBudget: 10 }), deps(teacher, student)));
  assert.deepEqual(types(events), ["start", "teacher-request", "guidance", "guidance", "guidance", "notice", "teacher-charged", "handoff", "student", "done"]);
  assert.equal(student.continues[0].prefix, "One two");
  const d = done(events);
  assert.equal(d.answer.text, "One two three.");
  assert.equal(d.record.cost.estimated, true, "no usage came, so the teacher's cost is counted");
  assert.ok(d.record.cost.actualUsd! > 0, "text was streamed, so it is paid for");
});

test("an unexpected teacher exception is a bad-response notice, not a crash", async () => {
  const teacher = new ScriptedTeacher({ tokens: [], error: new TypeError("boom") });
  const events = await collect(runTurn(ask("Q"), options(), deps(teacher, new ScriptedStudent(["ok"]))));
  assert.equal((events.find((e) => e.type === "notice") as { reason: string }).reason, "bad-response");
  assert.equal(done(events).answer.text, "ok");
});

test("stop before the teacher's first token: nothing runs on, the answer is empty and partial", async () => {
  const ac = new AbortController();
  const teacher = new ScriptedTeacher({ tokens: ["late"], delayMs: 10_000 });
  const student = new ScriptedStudent();
  setTimeout(() => ac.abort(), 20);
  const events = await collect(runTurn(ask("Q"), options({ signal: ac.signal }), deps(teacher, student)));
  assert.ok(teacher.aborted);
  assert.equal(student.continues.length, 0);
  assert.equal(student.preloads[0].signal.aborted, true);
  const d = done(events);
  assert.equal(d.answer.text, "");
  assert.equal(d.answer.partial, true);
  assert.equal(d.record.stopped, true);
});

test("stop during guidance keeps the guidance shown so far", async () => {
  const ac = new AbortController();
  const teacher = new ScriptedTeacher({ tokens: ["Keep", " this", " and", " more"], delayMs: 5 });
  const student = new ScriptedStudent();
  const events = await collect(runTurn(ask("Q"), options({ signal: ac.signal, guidanceBudget: 10 }), deps(teacher, student)), (e) => {
    if (e.type === "guidance" && e.text === " this") ac.abort();
  });
  assert.equal(student.continues.length, 0);
  const d = done(events);
  assert.equal(d.answer.text, "Keep this");
  assert.equal(d.answer.partial, true);
  assert.equal(d.record.stopped, true);
});

test("stop during the student's part keeps guidance and student text so far", async () => {
  const ac = new AbortController();
  const teacher = new ScriptedTeacher({ tokens: ["A", " b", " c"] });
  const student = new ScriptedStudent([" one", " two", " three", " four"], { delayMs: 5 });
  const events = await collect(runTurn(ask("Q"), options({ signal: ac.signal, guidanceBudget: 2 }), deps(teacher, student)), (e) => {
    if (e.type === "student" && e.text === " two") ac.abort();
  });
  assert.ok(student.aborted);
  const d = done(events);
  assert.equal(d.answer.text, "A one two");
  assert.equal(d.answer.partial, true);
  assert.equal(d.record.stopped, true);
});

test("a consumer that stops reading aborts both models", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["a", " b", " c", " d"], delayMs: 5 });
  const student = new ScriptedStudent();
  for await (const e of runTurn(ask("Q"), options({ guidanceBudget: 10 }), deps(teacher, student))) {
    if (e.type === "guidance") break;
  }
  assert.equal(student.preloads[0].signal.aborted, true);
});

test("a student that cannot load ends the turn with its error, keeping the guidance", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["Start", " here", " now"] });
  const student = new ScriptedStudent([], { error: new StudentError("model-missing", "Model file /x.gguf not found.", "/x.gguf") });
  const events = await collect(runTurn(ask("Q"), options({ guidanceBudget: 2 }), deps(teacher, student)));
  const error = events.find((e) => e.type === "error");
  assert.deepEqual(error, { type: "error", reason: "model-missing", message: "Model file /x.gguf not found." });
  const d = done(events);
  assert.equal(d.answer.text, "Start");
  assert.equal(d.answer.partial, true);
});

test("local mode never calls the teacher and still prices the teacher-only alternative", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["no"] });
  const student = new ScriptedStudent(["Local", " only."]);
  const events = await collect(runTurn(ask("Q"), options({ mode: "local" }), deps(teacher, student)));
  assert.deepEqual(types(events), ["start", "student", "student", "done"]);
  assert.equal(teacher.requests.length, 0);
  assert.equal(student.preloads.length, 0);
  assert.equal(student.continues[0].prefix, "");
  const d = done(events);
  assert.equal(d.record.cost.actualUsd, 0);
  assert.ok(d.record.cost.counterfactualUsd! > 0);
  assert.equal(d.record.timings.handoffGapMs, null);
  const none = { teacher: "none", student: true };
  assert.deepEqual(events[0].type === "start" && events[0].plan, none, "the turn says from the start that the student writes alone");
  assert.deepEqual(d.record.plan, none);
});

test("cloud mode: the teacher writes everything with the cloud budget; a failure is an error, not a silent local answer", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["All", " from", " the", " cloud."] });
  const student = new ScriptedStudent();
  const events = await collect(runTurn(ask("Q"), options({ mode: "cloud" }), deps(teacher, student)));
  assert.equal(teacher.requests[0].maxTokens, 100);
  assert.equal(student.preloads.length + student.continues.length, 0);
  assert.equal(done(events).answer.text, "All from the cloud.");
  const answer = { teacher: "answer", student: false };
  assert.deepEqual(events[0].type === "start" && events[0].plan, answer, "the faces know from the start that the teacher writes it all");
  assert.deepEqual(done(events).record.plan, answer);

  teacher.script = { tokens: [], error: new TeacherError("auth", "bad key") };
  const failed = await collect(runTurn(ask("Q"), options({ mode: "cloud" }), deps(teacher, student)));
  assert.deepEqual(types(failed), ["start", "teacher-request", "error", "done"]);
  assert.equal(done(failed).answer.partial, true);
  assert.equal(student.continues.length, 0);
});

test("multi-turn: the next turn's history holds exactly what the user saw", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["First", " answ", "er"] });
  const student = new ScriptedStudent(["er", " done."]);
  const first = done(await collect(runTurn(ask("One?"), options({ guidanceBudget: 2 }), deps(teacher, student))));
  const conversation: Conversation = {
    id: "c1",
    messages: [{ role: "user", text: "One?" }, first.answer, { role: "user", text: "Two?" }],
  };
  await collect(runTurn(conversation, options({ guidanceBudget: 2 }), deps(teacher, student)));
  const expected = [
    { role: "user", content: "One?" },
    { role: "assistant", content: "Firster done." },
    { role: "user", content: "Two?" },
  ];
  assert.deepEqual(teacher.requests[1].messages, expected);
  assert.deepEqual(student.continues[1].request.messages, expected);
  assert.equal(student.continues[1].request.conversationId, "c1");
});

test("a student that stalls mid-answer is eased to fewer threads and the turn says so once", async () => {
  // The stall is the test's to declare: the watch's timer fires by hand while the student waits.
  const timers = handTimers();
  const student = new ScriptedStudent([" and", " then", " it", " worked."], {
    stallAfter: 2,
    // A turn of the event loop first, so the watch has armed its timer for this word.
    onStall: async () => {
      await new Promise(setImmediate);
      timers.fire();
    },
  });
  const events = await collect(runTurn(ask("Go on"), options({ mode: "local" }), { ...deps(undefined, student), setTimer: timers.setTimer }));
  const notes = events.filter((e) => e.type === "note");
  assert.equal(notes.length, 1);
  assert.equal(notes[0]?.type === "note" && notes[0].reason, "stalled");
  assert.match(notes[0]?.type === "note" ? notes[0].message : "", /goes on with 1 thread\b.*headstart\.student\.threads/);
  assert.deepEqual(student.eased, [1]);
  // Nothing is lost: the whole answer still arrives, after the note.
  const done = events.at(-1);
  assert.equal(done?.type === "done" && done.answer.text, " and then it worked.");
  assert.ok(types(events).indexOf("note") > types(events).indexOf("student"));
});

test("notes from the student reach the turn's events in order, and a quick student raises no stall", async () => {
  const student = new ScriptedStudent([" one", " two"], { notes: [{ reason: "history-trimmed", message: "left out the oldest 2 messages" }] });
  const timers = handTimers();
  const events = await collect(runTurn(ask("Go on"), options({ mode: "local" }), { ...deps(undefined, student), setTimer: timers.setTimer }));
  assert.equal(timers.armed, 0, "no stall timer is left armed");
  assert.deepEqual(
    events.filter((e) => e.type === "note").map((e) => e.type === "note" && e.reason),
    ["history-trimmed"],
  );
  assert.deepEqual(student.eased, []);
});

test("a guided turn whose student cannot run asks (and pays) no teacher: it ends with the student's error", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["The", " answer", " is"] });
  const student = Object.assign(new ScriptedStudent(), {
    check: () => Promise.reject(new StudentError("model-missing", "The local model “/tmp/gone.gguf” was not found.", "/tmp/gone.gguf")),
  });
  const events = await collect(runTurn(ask("Explain closures"), options(), deps(teacher, student)));
  assert.equal(teacher.requests.length, 0, "the teacher was not asked");
  assert.deepEqual(types(events), ["start", "error", "done"]);
  const error = events[1];
  assert.ok(error?.type === "error" && error.reason === "model-missing");
  const last = done(events);
  assert.equal(last.type === "done" && last.record.cost.actualUsd, 0);
});

test("a Stop pressed before the turn begins (while a model loads) asks and pays no teacher, and the student writes nothing", async () => {
  const teacher = new ScriptedTeacher({ tokens: ["The", " answer", " is"] });
  const student = new ScriptedStudent();
  const stop = new AbortController();
  stop.abort();
  for (const mode of ["guided", "cloud", "auto", "local"] as const) {
    const events = await collect(runTurn(ask("Explain closures"), options({ mode, signal: stop.signal }), deps(teacher, student)));
    const last = done(events);
    assert.equal(last.record.stopped, true, mode);
    assert.equal(last.answer.text, "", mode);
    assert.equal(last.record.cost.actualUsd, 0, mode);
  }
  assert.equal(teacher.requests.length, 0, "the teacher was never asked");
  assert.equal(student.continues.length, 0, "the student never wrote");
});

test("each mode's plan: who writes the opening or the answer, and whether the student writes", () => {
  assert.deepEqual(planTurn("guided"), { teacher: "opening", student: true });
  assert.deepEqual(planTurn("cloud"), { teacher: "answer", student: false });
  assert.deepEqual(planTurn("local"), { teacher: "none", student: true });
  assert.deepEqual(planTurn("auto"), { teacher: "opening", student: true }, "before its probe auto may ask");
  assert.deepEqual(planTurn("auto", { asked: false, reason: "sure", confidence: 0.9, threshold: 0.5 }), { teacher: "none", student: true });
  assert.deepEqual(planTurn("auto", { asked: true, reason: "unsure", confidence: 0.1, threshold: 0.5 }), { teacher: "opening", student: true });
});

test("a teacher given as a way to get one is asked for only when the turn's plan may need it", async () => {
  let asked = 0;
  const lazy = (teacher: ScriptedTeacher) => () => {
    asked++;
    return Promise.resolve(teacher);
  };
  const local = await collect(runTurn(ask("Hi"), options({ mode: "local" }), { ...deps(undefined, new ScriptedStudent()), teacher: lazy(new ScriptedTeacher({ tokens: ["Never"] })) }));
  assert.equal(asked, 0);
  assert.equal(done(local).record.teacherModel, undefined, "a local turn without a teacher prices none");
  const teacher = new ScriptedTeacher({ tokens: ["The", " list", " is"] });
  const guided = await collect(runTurn(ask("How?"), options(), { ...deps(undefined, new ScriptedStudent()), teacher: lazy(teacher) }));
  assert.equal(asked, 1);
  assert.equal(guided[0].type === "start" && guided[0].teacherModel, "gpt-4o-mini");
  assert.equal(teacher.requests.length, 1);
  assert.equal(done(guided).record.teacherModel, "gpt-4o-mini");
});

test("an answer cut at a length limit says so in its record: the student's note, or the teacher's cap when it writes everything", async () => {
  const cut = await collect(runTurn(ask("Tell me everything"), options(), deps(new ScriptedTeacher({ tokens: ["Once", " upon", " a", " time", " there"] }), new ScriptedStudent([" a", " ti"], { notes: [{ reason: "length-limit", message: "Cut at the length limit (16 tokens)." }] }))));
  const d = done(cut);
  assert.equal(d.type === "done" && d.record.cutAtLimit, true);
  const whole = done(await collect(runTurn(ask("Tell me"), options(), deps(new ScriptedTeacher({ tokens: ["Once", " upon", " a", " time", " there"] }), new ScriptedStudent([" a", " time."])))));
  assert.equal(whole.type === "done" && whole.record.cutAtLimit, undefined);
  const capped = done(await collect(runTurn(ask("Tell me"), options({ mode: "cloud" }), deps(new ScriptedTeacher({ tokens: ["Once", " up"], finish: "length" }), new ScriptedStudent()))));
  assert.equal(capped.type === "done" && capped.record.cutAtLimit, true);
});
