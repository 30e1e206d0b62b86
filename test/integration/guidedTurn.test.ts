import { test } from "node:test";
import assert from "node:assert/strict";
import { chargeEntry, turnEntry, type SpendTurn } from "../../src/common/spend/spendEntries";
import { SpendTotals } from "../../src/common/spend/spendTotals";
import { DEFAULT_PRICES, priceLookup } from "../../src/common/cost/prices";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { toModelRequest } from "../../src/common/conversation/prompt";
import type { Conversation } from "../../src/common/conversation/conversation";
import { runTurn } from "../../src/common/turn/runTurn";
import type { TurnOptions } from "../../src/common/turn/turnOptions";
import type { TeacherContextOptions } from "../../src/common/teacherView/teacherContext";
import type { TurnEvent } from "../../src/common/turn/turnEvents";
import { loadGptTokenCounter } from "../../src/node/cost/gptTokenCounter";
import { LlamaStudent } from "../../src/node/student/llamaStudent";
import { OpenAITeacher } from "../../src/node/teacher/openaiTeacher";
import { storiesStudent } from "../support/storiesStudent";
import { DEFAULT_TEST_ANSWER, startTestTeacherServer, type TestTeacherServer } from "../support/testTeacherServer";

const LIMIT = { timeout: 120_000 };

/** A turn's events as the spend journal records them, added up. */
function journalled(events: readonly TurnEvent[]): SpendTotals {
  const turn: SpendTurn = { turn: "t", face: "panel", conversationId: "c", origin: "http://127.0.0.1", mode: "guided", model: "gpt-4o-mini" };
  const totals = new SpendTotals();
  for (const e of events) {
    if (e.type === "teacher-charged") totals.add(chargeEntry(turn, e, new Date()));
    if (e.type === "done") totals.add(turnEntry(turn, e.record, new Date()));
  }
  return totals;
}
const price = DEFAULT_PRICES["gpt-4o-mini"];

async function guidedTurn(server: TestTeacherServer, student: Awaited<ReturnType<typeof storiesStudent>>, budget: number, mode: "guided" | "cloud" = "guided") {
  const counter = await loadGptTokenCounter();
  // As the extension builds it: the teacher's text counted as it arrives, to hold the cap.
  const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "test-key", model: "gpt-4o-mini", countTokens: (t) => counter.count(t, "gpt-4o-mini").tokens });
  const events: TurnEvent[] = [];
  const conversation = { id: `c${Math.random()}`.replace(".", ""), messages: [{ role: "user" as const, text: "Tell me a story about a girl." }] };
  for await (const e of runTurn(conversation, { mode, guidanceBudget: budget, cloudMaxTokens: 512, signal: new AbortController().signal }, {
    teacher,
    student: student!,
    counter,
    prices: priceLookup({ overrides: {} }),
    now: () => performance.now(),
  })) {
    events.push(e);
  }
  const done = events.at(-1);
  assert.equal(done?.type, "done");
  return { events, done: done, counter };
}

test("a guided turn: the real student continues the test teacher's opening, and the cost adds up", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer({ cachedTokens: 8 });
  t.after(() => server.close());
  const { events, done, counter } = await guidedTurn(server, student, 12);

  const guidance = events.filter((e) => e.type === "guidance").map((e) => (e as { text: string }).text).join("");
  assert.ok(DEFAULT_TEST_ANSWER.startsWith(guidance), "the guidance is the teacher's text");
  const handoff = events.find((e) => e.type === "handoff") as Extract<TurnEvent, { type: "handoff" }>;
  assert.equal(handoff.kept + handoff.dropped, guidance);
  assert.match(handoff.kept, /\S$/, "cut at the end of a word");
  const studentText = events.filter((e) => e.type === "student").map((e) => (e as { text: string }).text).join("");
  assert.ok(/[a-z]{3}/i.test(studentText), `the student wrote words: ${JSON.stringify(studentText)}`);
  assert.equal(done.answer.text, handoff.kept + studentText);
  assert.ok(done.answer.text.startsWith(handoff.kept));
  assert.equal(done.answer.guidanceLength, handoff.kept.length);

  // The usage the server reported is what the record holds, and the cost follows from it.
  const usage = done.record.teacherUsage!;
  assert.equal(usage.outputTokens, 12);
  assert.equal(usage.cachedInputTokens, 8);
  const expected = ((usage.inputTokens - 8) * price.input + 8 * price.cachedInput + 12 * price.output) / 1e6;
  assert.ok(Math.abs(done.record.cost.actualUsd! - expected) < 1e-12);
  const studentTokens = counter.count(studentText, "gpt-4o-mini").tokens;
  assert.ok(Math.abs(done.record.cost.counterfactualUsd! - (expected + (studentTokens * price.output) / 1e6)) < 1e-12);
  assert.ok(Math.abs(done.record.cost.savingUsd! - done.record.cost.counterfactualUsd! + done.record.cost.actualUsd!) < 1e-12);
  assert.equal(done.record.cost.source, "table");
  assert.equal(done.record.cost.estimated, false);
  assert.ok(done.record.studentStats!.outputTokens > 0);
  assert.notEqual(done.record.timings.handoffGapMs, null);
});

test("a provider's own cost figure is what the record charges", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer({ reportCostUsd: 0.00042 });
  t.after(() => server.close());
  const { done } = await guidedTurn(server, student, 10);
  assert.equal(done.record.cost.actualUsd, 0.00042);
  assert.equal(done.record.cost.source, "provider");
});

test("a teacher that answers 401 leaves the real student to answer alone, with the reason", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer({ status: 401 });
  t.after(() => server.close());
  const { events, done } = await guidedTurn(server, student, 10);
  const notice = events.find((e) => e.type === "notice") as Extract<TurnEvent, { type: "notice" }>;
  assert.equal(notice.reason, "auth");
  assert.equal(done.answer.guidanceLength, 0);
  assert.ok(done.answer.text.length > 0);
  assert.equal(done.record.cost.actualUsd, 0);
});

test("a reasoning-only teacher: the student answers alone, and what the provider billed is the turn's cost", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer({ reasoningOnly: true, reportCostUsd: 0.0042 });
  t.after(() => server.close());
  const { events, done } = await guidedTurn(server, student, 16);
  assert.ok(events.some((e) => e.type === "notice" && e.reason === "empty-guidance"));
  assert.equal(done.record.notice, "empty-guidance");
  assert.equal(done.answer.guidanceLength, 0);
  assert.match(done.answer.text, /[a-z]{3}/i, "the student wrote the answer");
  assert.equal(done.record.teacherUsage?.outputTokens, 16, "the billed reasoning tokens");
  assert.equal(done.record.cost.actualUsd, 0.0042, "paid for, though it wrote nothing");
  assert.equal(done.record.cost.source, "provider");
  // The journal's totals add what was charged: the spend does not vanish with the failure.
  assert.equal(journalled(events).month(new Date()).teacherUsd, 0.0042);
});

test("a cloud answer whose stream ends with no finish reason is kept, marked partial, and says why", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer({ noFinishReason: true });
  t.after(() => server.close());
  const { events, done } = await guidedTurn(server, student, 16, "cloud");
  assert.equal(done.answer.text, DEFAULT_TEST_ANSWER);
  assert.equal(done.answer.partial, true);
  const error = events.find((e) => e.type === "error");
  assert.ok(error?.type === "error" && error.reason === "unavailable" && /without finishing/.test(error.message), JSON.stringify(error));
  assert.ok((done.record.cost.actualUsd ?? 0) > 0, "and what it cost is counted");
});

test("a teacher that ignores the cap: the guided turn stops reading at the cap, bills what it read, and says so", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer({ ignoreCap: true, answer: DEFAULT_TEST_ANSWER.repeat(8), dripMs: 5 });
  t.after(() => server.close());
  const { events, done, counter } = await guidedTurn(server, student, 16);
  const guidance = events.filter((e) => e.type === "guidance").map((e) => (e.type === "guidance" ? e.text : "")).join("");
  const read = counter.count(guidance, "gpt-4o-mini").tokens;
  assert.ok(read <= 16 + 5, `${read} teacher tokens read for a budget of 16`);
  assert.ok(events.some((e) => e.type === "note" && e.reason === "cap-ignored"), "the user is told");
  assert.ok(events.some((e) => e.type === "student"), "the student went on from the opening");
  // No usage came (the request was closed): the cost is counted from what arrived, and marked so.
  assert.equal(done.record.teacherUsage, undefined);
  assert.equal(done.record.cost.estimated, true);
  const expected = (done.record.cost.actualUsd ?? 0) > 0;
  assert.ok(expected, "the teacher's part is billed, not $0");
  assert.equal(journalled(events).month(new Date()).teacherUsd, done.record.cost.actualUsd);
});

test("a missing student model: the guided turn never calls the teacher, so nothing is paid for an answer that cannot be finished", LIMIT, async (t) => {
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const student = new LlamaStudent({ modelPath: "/tmp/headstart-no-such-model.gguf", gpu: false });
  t.after(() => student.dispose());
  const { events, done } = await guidedTurn(server, student, 16);
  assert.equal(server.requests.length, 0);
  assert.ok(events.some((e) => e.type === "error" && e.reason === "model-missing"));
  assert.equal(done.record.cost.actualUsd, 0);
});

/** The real teacher adapter on the test server, and a runner of whole turns with it and the real student. */
async function realTurns(server: TestTeacherServer, student: NonNullable<Awaited<ReturnType<typeof storiesStudent>>>) {
  const counter = await loadGptTokenCounter();
  const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "test-key", model: "gpt-4o-mini", countTokens: (x) => counter.count(x, "gpt-4o-mini").tokens });
  const turn = async (conversation: Conversation, options: Partial<TurnOptions>) => {
    let done: Extract<TurnEvent, { type: "done" }> | undefined;
    const deps = { teacher, student, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now() };
    for await (const e of runTurn(conversation, { mode: "guided", guidanceBudget: 8, cloudMaxTokens: 64, signal: new AbortController().signal, ...options }, deps)) if (e.type === "done") done = e;
    assert.ok(done, "the turn ended with done");
    return done;
  };
  return { teacher, turn };
}

test("full context sends the very body the teacher sends for the whole conversation; budgeted sends the outline", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const { teacher, turn: run } = await realTurns(server, student);
  const file = readFileSync(join(__dirname, "../../../shared/bench/attached-file.ts"), "utf8");
  const conversation = { id: "ctx", messages: [{ role: "user" as const, text: "Why can two sends start two turns?", context: [{ fileName: "chatController.ts", language: "typescript", kind: "file" as const, text: file }] }] };
  const turn = async (teacherContext?: TeacherContextOptions) => (await run(conversation, { mode: "guided", ...(teacherContext ? { teacherContext } : {}) })).record;
  // What the teacher itself sends for the whole conversation, outside any turn.
  for await (const chunk of teacher.guide({ ...toModelRequest(conversation), maxTokens: 8 }, new AbortController().signal)) void chunk;
  await turn({ kind: "full", budget: 768 });
  await turn();
  const [direct, full, unset] = server.requests.map((r) => r.body);
  assert.deepEqual(full, direct, "full: byte for byte the whole request");
  assert.deepEqual(unset, direct, "no setting: the whole request, as before");

  const record = await turn({ kind: "budgeted", budget: 768 });
  const budgeted = server.requests.at(-1)!.body as { messages: { content: string }[] };
  const sent = budgeted.messages.at(-1)!.content;
  assert.match(sent, /Parts of `chatController.ts`/);
  assert.match(sent, /… lines \d+-\d+ not sent …/);
  assert.ok(record.teacherUsage!.inputTokens < 800, `${record.teacherUsage!.inputTokens} prompt tokens reported`);
  assert.ok(record.teacherView!.tokens <= 768);
});

test("auto mode end to end on the real student: it probes, decides by the threshold, and answers", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const { turn: run } = await realTurns(server, student);
  const conversation = {
    id: "auto",
    messages: [
      { role: "user" as const, text: "Tell me a story." },
      { role: "assistant" as const, text: "Once upon a time, there was a cat.", guidanceLength: 0 },
      { role: "user" as const, text: "Tell me another one." },
    ],
  };
  const turn = (threshold: number) => run(conversation, { mode: "auto", auto: { threshold, probeTokens: 4, askOnFirstTurn: true } });
  // A threshold of 0 is always met, one above 1 never: both branches on the same real probe.
  const sure = await turn(0);
  assert.equal(sure.record.auto?.reason, "sure");
  assert.ok(sure.record.auto.confidence! > 0 && sure.record.auto.confidence! <= 1);
  assert.equal(server.requests.length, 0, "no teacher request");
  assert.ok(sure.answer.text.length > 0 && sure.answer.guidanceLength === 0);
  const unsure = await turn(1.01);
  assert.equal(unsure.record.auto?.reason, "unsure");
  assert.equal(server.requests.length, 1);
  assert.ok(unsure.answer.guidanceLength > 0, "the teacher wrote the opening");
  assert.ok(unsure.answer.text.length > unsure.answer.guidanceLength, "the student continued it");
});
