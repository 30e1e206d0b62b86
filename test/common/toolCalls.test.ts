// Tools through a turn: a teacher that calls one ends the turn with that call, unchanged; a
// teacher that answers in text is continued by the student as usual. On doubles, then once on the
// real teacher adapter, the test server and the real student.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { encode } from "gpt-tokenizer";
import type { Conversation } from "../../src/common/conversation/conversation";
import { DEFAULT_PRICES, priceLookup } from "../../src/common/cost/prices";
import { runTurn } from "../../src/common/turn/runTurn";
import type { TurnOptions } from "../../src/common/turn/turnOptions";
import type { ToolCall, ToolSpec } from "../../src/common/models/teacher";
import { estimatingCounter } from "../../src/common/conversation/tokenCounter";
import type { TurnEvent } from "../../src/common/turn/turnEvents";
import { loadGptTokenCounter } from "../../src/node/cost/gptTokenCounter";
import { OpenAITeacher } from "../../src/node/teacher/openaiTeacher";
import { collectEvents, doneEvent, engineDeps, eventTypes, ScriptedStudent, ScriptedTeacher, turnOptions } from "../support/engineDoubles";
import { storiesStudent } from "../support/storiesStudent";
import { DEFAULT_TEST_ANSWER, startTestTeacherServer } from "../support/testTeacherServer";

const TOOLS: ToolSpec[] = [
  {
    name: "read_file",
    description: "Reads a file of the workspace.",
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  },
];
const CALL: ToolCall = { id: "call_abc123", name: "read_file", arguments: '{"path": "src/app.ts"}' };

const ask = (text: string, id = "c1"): Conversation => ({ id, messages: [{ role: "user", text }] });
const deps = engineDeps;
const options = (over: Partial<TurnOptions> = {}): TurnOptions => turnOptions({ tools: TOOLS, ...over });
const [collect, done, types] = [collectEvents, doneEvent, eventTypes];
const toolCalls = (events: TurnEvent[]) => events.flatMap((e) => (e.type === "tool-call" ? [e.call] : []));

describe("a turn with tools, on doubles", () => {
  test("guided: the teacher's call ends the turn unchanged; the student does not go on; the answer is whole", async () => {
    const teacher = new ScriptedTeacher({ tokens: [], toolCalls: [CALL] });
    const student = new ScriptedStudent(["never"], { preloadMs: 50 });
    const events = await collect(runTurn(ask("What does app.ts export?"), options(), deps(teacher, student)));

    assert.deepEqual(types(events), ["start", "teacher-request", "tool-call", "teacher-charged", "done"]);
    assert.deepEqual(toolCalls(events), [CALL]);
    assert.equal(student.continues.length, 0);
    assert.equal(student.preloads[0].signal.aborted, true, "the preload is stopped: no continuation will need it");
    // The tools went to the teacher, with room for a call's arguments beyond the guidance budget.
    assert.deepEqual(teacher.requests[0].tools, TOOLS);
    assert.equal(teacher.requests[0].maxTokens, 4);
    assert.equal(teacher.requests[0].toolCallMaxTokens, 100);
    const d = done(events);
    assert.deepEqual(d.answer, { role: "assistant", text: "", guidanceLength: 0 });
    assert.equal(d.record.stopped, false);
    assert.equal(d.record.notice, undefined);
    assert.equal(d.record.studentStats, undefined);
    // What the provider reported is what was billed, and the charge was announced as usual.
    assert.deepEqual(d.record.teacherUsage, { inputTokens: 100, cachedInputTokens: 40, outputTokens: CALL.arguments.length });
    assert.ok(d.record.cost.actualUsd! > 0);
    assert.equal(d.record.cost.savingUsd, 0);
    assert.deepEqual(events[3], {
      type: "teacher-charged",
      usd: d.record.cost.actualUsd,
      outputTokens: CALL.arguments.length,
      usage: { inputTokens: 100, cachedInputTokens: 40, outputTokens: CALL.arguments.length },
      priceSource: "table",
    });
    assert.notEqual(d.record.timings.firstTextMs, null);
  });

  test("text before the call is the whole answer: not cut back, no handoff, not partial", async () => {
    const second: ToolCall = { id: "call_def456", name: "read_file", arguments: '{"path":"README.md"}' };
    const teacher = new ScriptedTeacher({ tokens: ["Let", " me", " look"], toolCalls: [CALL, second] });
    const student = new ScriptedStudent();
    const events = await collect(runTurn(ask("Q"), options(), deps(teacher, student)));
    assert.deepEqual(types(events), ["start", "teacher-request", "guidance", "guidance", "guidance", "tool-call", "tool-call", "teacher-charged", "done"]);
    assert.deepEqual(toolCalls(events), [CALL, second]);
    assert.equal(student.continues.length, 0);
    const d = done(events);
    assert.equal(d.answer.text, "Let me look");
    assert.equal(d.answer.guidanceLength, "Let me look".length);
    assert.equal(d.answer.partial, undefined);
  });

  test("guided: tools offered but answered in text, the guidance is cut and the student continues as usual", async () => {
    const teacher = new ScriptedTeacher({ tokens: ["The", " list", " is", " rever", "sed"], toolCalls: [] });
    const student = new ScriptedStudent(["sed", " in", " place."]);
    const events = await collect(runTurn(ask("How?"), options(), deps(teacher, student)));
    assert.deepEqual(types(events), [
      "start", "teacher-request", "guidance", "guidance", "guidance", "guidance", "teacher-charged", "handoff", "student", "student", "student", "done",
    ]);
    assert.deepEqual(teacher.requests[0].tools, TOOLS);
    assert.equal(student.continues[0].prefix, "The list is");
    const d = done(events);
    assert.equal(d.answer.text, "The list issed in place.");
    assert.equal(d.answer.partial, undefined);
  });

  test("cloud: the tools go with the cloud cap, and a call is the answer, not an error", async () => {
    const teacher = new ScriptedTeacher({ tokens: [], toolCalls: [CALL] });
    const student = new ScriptedStudent();
    const events = await collect(runTurn(ask("Q"), options({ mode: "cloud" }), deps(teacher, student)));
    assert.deepEqual(types(events), ["start", "teacher-request", "tool-call", "teacher-charged", "done"]);
    assert.deepEqual(teacher.requests[0].tools, TOOLS);
    assert.equal(teacher.requests[0].maxTokens, 100);
    assert.equal(student.preloads.length + student.continues.length, 0);
    assert.equal(done(events).answer.partial, undefined);
  });

  test("auto: the tools go to the teacher when it is asked; the student answering alone ignores them", async () => {
    const teacher = new ScriptedTeacher({ tokens: [], toolCalls: [CALL] });
    const asked = await collect(runTurn(ask("Q"), options({ mode: "auto" }), deps(teacher, new ScriptedStudent())));
    assert.deepEqual(toolCalls(asked), [CALL]);
    assert.deepEqual(teacher.requests[0].tools, TOOLS);
    assert.equal(done(asked).record.auto?.reason, "first-turn");

    const sure = new ScriptedStudent(["Alone."], { confidence: 0.95 });
    const later: Conversation = {
      id: "c1",
      messages: [{ role: "user", text: "Q" }, { role: "assistant", text: "A", guidanceLength: 1 }, { role: "user", text: "Q2" }],
    };
    const alone = await collect(runTurn(later, options({ mode: "auto" }), deps(teacher, sure)));
    assert.equal(teacher.requests.length, 1, "the teacher is not asked");
    assert.deepEqual(toolCalls(alone), []);
    assert.equal(done(alone).answer.text, "Alone.");
  });

  test("local: the tools are ignored, the teacher is not asked, the student answers", async () => {
    const teacher = new ScriptedTeacher({ tokens: [], toolCalls: [CALL] });
    const events = await collect(runTurn(ask("Q"), options({ mode: "local" }), deps(teacher, new ScriptedStudent(["Local."]))));
    assert.deepEqual(types(events), ["start", "student", "done"]);
    assert.equal(teacher.requests.length, 0);
  });

  test("without tools the teacher's request has neither tools nor a tool cap", async () => {
    for (const tools of [undefined, []]) {
      const teacher = new ScriptedTeacher({ tokens: ["A", " b"], toolCalls: [CALL] });
      const events = await collect(runTurn(ask("Q"), options({ tools }), deps(teacher, new ScriptedStudent())));
      assert.ok(!("tools" in teacher.requests[0]) && !("toolCallMaxTokens" in teacher.requests[0]), JSON.stringify(teacher.requests[0]));
      assert.deepEqual(toolCalls(events), []);
    }
  });

  test("with no usage reported, the call's name and arguments are counted as what the teacher wrote", async () => {
    const costOf = async (teacher: ScriptedTeacher) => done(await collect(runTurn(ask("Q"), options(), deps(teacher, new ScriptedStudent())))).record.cost;
    const called = await costOf(new ScriptedTeacher({ tokens: [], toolCalls: [CALL], noUsage: true }));
    // The same request answered with nothing at all: its input alone.
    const silent = await costOf(new ScriptedTeacher({ tokens: [], finish: "stop", noUsage: true }));
    const written = estimatingCounter.count(CALL.name + CALL.arguments, "gpt-4o-mini").tokens;
    assert.equal(called.actualEstimated, true);
    assert.ok(Math.abs(called.actualUsd! - silent.actualUsd! - (written * DEFAULT_PRICES["gpt-4o-mini"].output) / 1e6) < 1e-12);
  });
});

describe("a turn with tools, on the real teacher adapter, the test server and the real student", { timeout: 120_000 }, () => {
  // Longer than the guidance budget of 32 tokens: a cap of 32 would cut it.
  const ARGS = '{"path": "src/stories/lily.md",  "note": "Lily found a shiny red ball under a big tree and ran to show it to her mom; read the whole file."}';
  const run = async (server: Awaited<ReturnType<typeof startTestTeacherServer>>, student: NonNullable<Awaited<ReturnType<typeof storiesStudent>>>) => {
    const counter = await loadGptTokenCounter();
    // As the extension builds it: the teacher's text counted as it arrives, to hold the cap.
    const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "test-key", model: "gpt-4o-mini", countTokens: (t) => counter.count(t, "gpt-4o-mini").tokens });
    const events: TurnEvent[] = [];
    const conversation = ask("Tell me a story about a girl.", `tools${Math.random()}`.replace(".", ""));
    const turn = { mode: "guided" as const, guidanceBudget: 32, cloudMaxTokens: 512, signal: new AbortController().signal, tools: TOOLS };
    for await (const e of runTurn(conversation, turn, { teacher, student, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now() })) events.push(e);
    return { events, done: done(events) };
  };

  test("the teacher answers with a tool call: that call, unchanged, and no student text", async (t) => {
    const student = await storiesStudent(t);
    if (!student) return;
    assert.ok(encode(ARGS).length > 32);
    const server = await startTestTeacherServer({ toolCall: { id: "call_lily", name: "read_file", arguments: ARGS } });
    t.after(() => server.close());
    const { events, done } = await run(server, student);

    const body = server.requests[0].body as Record<string, unknown>;
    assert.deepEqual(body["tools"], [{ type: "function", function: TOOLS[0] }]);
    assert.equal(body["max_completion_tokens"], 512);
    assert.deepEqual(toolCalls(events), [{ id: "call_lily", name: "read_file", arguments: ARGS }]);
    assert.ok(!events.some((e) => e.type === "student" || e.type === "guidance" || e.type === "handoff" || e.type === "notice" || e.type === "error"), JSON.stringify(types(events)));
    assert.deepEqual(done.answer, { role: "assistant", text: "", guidanceLength: 0 });
    const usage = done.record.teacherUsage;
    assert.ok(usage, "the usage the server reported");
    assert.equal(usage.outputTokens, encode(ARGS).length, "the arguments' tokens, as the server billed them");
    const price = DEFAULT_PRICES["gpt-4o-mini"];
    assert.ok(Math.abs(done.record.cost.actualUsd! - (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1e6) < 1e-12);
    assert.equal(done.record.cost.estimated, false);
  });

  test("the teacher answers in text: its opening, cut at a word, then the student's continuation", async (t) => {
    const student = await storiesStudent(t);
    if (!student) return;
    const server = await startTestTeacherServer({ answer: DEFAULT_TEST_ANSWER.repeat(2) });
    t.after(() => server.close());
    const { events, done } = await run(server, student);

    assert.ok(Array.isArray((server.requests[0].body as Record<string, unknown>)["tools"]), "the tools were offered");
    assert.deepEqual(toolCalls(events), []);
    const guidance = events.map((e) => (e.type === "guidance" ? e.text : "")).join("");
    assert.ok(DEFAULT_TEST_ANSWER.startsWith(guidance), "the guidance is the teacher's text");
    assert.equal(encode(guidance).length, 32, "held to the guidance budget, although the cap sent was higher");
    const handoff = events.find((e) => e.type === "handoff");
    assert.ok(handoff?.type === "handoff");
    assert.equal(handoff.kept + handoff.dropped, guidance);
    const studentText = events.map((e) => (e.type === "student" ? e.text : "")).join("");
    assert.match(studentText, /[a-z]{3}/i, "the student wrote words");
    assert.equal(done.answer.text, handoff.kept + studentText);
    assert.equal(done.answer.guidanceLength, handoff.kept.length);
    assert.equal(done.answer.partial, undefined);
    // Read no further than the budget, the request was closed before its usage: the cost is counted.
    assert.equal(done.record.teacherUsage, undefined);
    assert.ok(done.record.cost.actualUsd! > 0);
    assert.equal(done.record.cost.actualEstimated, true);
  });
});
