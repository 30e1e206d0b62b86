// The turn service's announcements: a listener that throws neither breaks the turn nor the other
// listeners, and its failure is logged rather than lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readSettings } from "../../../src/common/settings/readSettings";
import { estimatingCounter } from "../../../src/common/conversation/tokenCounter";
import { TurnService } from "../../../src/common/compose/turnService";
import { collectEvents, doneEvent, ScriptedStudent, ScriptedTeacher } from "../../support/engineDoubles";

test("a throwing listener is logged, and the turn and the other listeners go on", async () => {
  const logged: string[] = [];
  const settings = { ...readSettings(() => undefined).settings, "teacher.guidanceBudget": 2 };
  const turns = new TurnService({
    settings: () => settings,
    teacher: () => Promise.resolve(new ScriptedTeacher({ tokens: ["Use", " a"] })),
    student: () => Promise.resolve(new ScriptedStudent()),
    counter: () => Promise.resolve(estimatingCounter),
    now: () => performance.now(),
    logError: (line) => logged.push(line),
  });
  const ended: string[] = [];
  turns.onTurnEnded(() => {
    throw new Error("the status bar is gone");
  });
  turns.onTurnEnded((e) => ended.push(e.conversationId));
  const events = await collectEvents(turns.run({ conversation: { id: "c1", messages: [{ role: "user", text: "How?" }] }, mode: "guided", face: "panel", signal: new AbortController().signal }));
  assert.equal(doneEvent(events).record.failed, undefined, "the turn finished");
  assert.deepEqual(ended, ["c1"], "the next listener heard the end");
  assert.deepEqual(logged, ["A listener of the turn service failed: the status bar is gone"]);
});

test("a Stop pressed while the local model is still being fetched reaches that wait, and no teacher is asked", async () => {
  const settings = { ...readSettings(() => undefined).settings, "teacher.guidanceBudget": 2 };
  const teacher = new ScriptedTeacher({ tokens: ["Use", " a"] });
  const stop = new AbortController();
  let fetchSignal: AbortSignal | undefined;
  const turns = new TurnService({
    settings: () => settings,
    teacher: () => Promise.resolve(teacher),
    // A download the user stops: it ends with its error once its signal aborts.
    student: (signal) =>
      new Promise((_, reject) => {
        fetchSignal = signal;
        signal.addEventListener("abort", () => reject(new Error("The download was cancelled.")), { once: true });
        stop.abort();
      }),
    counter: () => Promise.resolve(estimatingCounter),
    now: () => performance.now(),
    logError: assert.fail,
  });
  const events = await collectEvents(turns.run({ conversation: { id: "c1", messages: [{ role: "user", text: "How?" }] }, mode: "guided", face: "panel", signal: stop.signal }));
  assert.equal(fetchSignal?.aborted, true, "the wait for the model saw the Stop");
  assert.equal(teacher.requests.length, 0, "the teacher was not asked");
  const last = doneEvent(events);
  assert.equal(last.record.stopped, true);
  assert.equal(last.record.cost.actualUsd, 0);
});

test("the teacher is built only for a turn whose plan may need one, and the journal names the model the turn started with", async () => {
  const settings = { ...readSettings(() => undefined).settings, "teacher.guidanceBudget": 2, "teacher.model": "gpt-4o-mini" };
  let built = 0;
  const turns = new TurnService({
    settings: () => settings,
    teacher: () => {
      built++;
      return Promise.resolve(new ScriptedTeacher({ tokens: ["Use", " a", " map"] }));
    },
    student: () => Promise.resolve(new ScriptedStudent()),
    counter: () => Promise.resolve(estimatingCounter),
    now: () => performance.now(),
    logError: assert.fail,
  });
  const charged: (string | undefined)[] = [];
  const ended: (string | undefined)[] = [];
  turns.onTeacherCharged((e) => charged.push(e.entry.model));
  turns.onTurnEnded((e) => ended.push(e.entry.model));
  const ask = (mode: "local" | "guided") => collectEvents(turns.run({ conversation: { id: `c-${mode}`, messages: [{ role: "user", text: "How?" }] }, mode, face: "panel", signal: new AbortController().signal }));

  const local = await ask("local");
  assert.equal(built, 0, "a local turn reads no key and builds no teacher");
  assert.equal(local[0].type === "start" && local[0].teacherModel, undefined);
  assert.deepEqual(turns.starting("local"), { plan: { teacher: "none", student: true } }, "what the panel shows first is what the turn started as");
  assert.deepEqual(ended, [undefined]);

  const guided = await ask("guided");
  assert.equal(built, 1);
  const start = guided[0];
  assert.ok(start.type === "start");
  assert.deepEqual(turns.starting("guided"), { plan: start.plan, teacherModel: start.teacherModel });
  assert.deepEqual(charged, ["gpt-4o-mini"]);
  assert.deepEqual(ended, [undefined, "gpt-4o-mini"]);
});
