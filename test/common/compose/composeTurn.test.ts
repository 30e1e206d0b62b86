// One way to compose a turn for every face: the journal entries each face records come from here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { composeTurn, type TurnCharged, type TurnFinished } from "../../../src/common/compose/composeTurn";
import { collectEvents, engineDeps, ScriptedStudent, ScriptedTeacher, turnOptions } from "../../support/engineDoubles";

function follower() {
  const heard: string[] = [];
  const charges: TurnCharged[] = [];
  const ends: TurnFinished[] = [];
  return {
    heard,
    charges,
    ends,
    // Slow on purpose: the turn must wait for each before it goes on.
    charged: async (c: TurnCharged) => {
      await new Promise((r) => setTimeout(r, 5));
      charges.push(c);
      heard.push("charged");
    },
    finished: async (f: TurnFinished) => {
      await new Promise((r) => setTimeout(r, 5));
      ends.push(f);
      heard.push("finished");
    },
  };
}

const question = { id: "c7", messages: [{ role: "user" as const, text: "How do I sort a map by value?" }] };

test("a guided turn's charge and end reach the follower as journal entries of one turn, each before the turn goes on", async () => {
  const spend = follower();
  const deps = engineDeps(new ScriptedTeacher({ tokens: ["Use", " sorted"] }), new ScriptedStudent());
  const events = await collectEvents(composeTurn(question, turnOptions({ mode: "guided", guidanceBudget: 2 }), deps, { face: "cli", origin: "https://api.openai.com", mode: "guided" }, spend), (e) => {
    if (e.type === "teacher-charged") spend.heard.push("event teacher-charged");
    if (e.type === "done") spend.heard.push("event done");
  });
  assert.deepEqual(spend.heard, ["charged", "event teacher-charged", "finished", "event done"]);
  const [charge] = spend.charges;
  const [end] = spend.ends;
  assert.ok(charge && end);
  assert.equal(charge.entry.kind, "charge");
  assert.equal(charge.entry.turn, end.entry.turn, "both entries name the same turn");
  assert.deepEqual(
    { face: charge.entry.face, origin: charge.entry.origin, mode: charge.entry.mode, conversationId: charge.entry.conversationId, model: charge.entry.model },
    { face: "cli", origin: "https://api.openai.com", mode: "guided", conversationId: "c7", model: new ScriptedTeacher({ tokens: [] }).model },
  );
  assert.equal(end.teacherCharged, true);
  const last = events.at(-1);
  assert.ok(last?.type === "done" && end.record === last.record, "the end carries the turn's own record");
});

test("a local turn has no charge: only its end, naming no teacher model", async () => {
  const spend = follower();
  const teacher = new ScriptedTeacher({ tokens: ["Use"] });
  await collectEvents(composeTurn(question, turnOptions({ mode: "local" }), engineDeps(teacher, new ScriptedStudent()), { face: "eval", origin: "", mode: "local" }, spend));
  assert.deepEqual(spend.heard, ["finished"]);
  assert.equal(teacher.requests.length, 0);
  assert.equal(spend.ends[0]?.teacherCharged, false);
  assert.equal(spend.ends[0]?.entry.face, "eval");
});
