// The student on a team's server: guided, auto, local and Stop through the OpenAI wire format to
// the test student server (TEST CODE: real stories260K behind it, behaving as vLLM or llama.cpp's
// server do, or as a strict server that is neither), with the test teacher (TEST DOUBLE). The
// server is found on the first guided answer; a server that refuses the field, and one that goes
// away mid-answer, are handled. Each engine's own behaviour: studentServerEngines.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Conversation } from "../../src/common/conversation/conversation";
import { formatRecord } from "../../src/common/turn/format";
import { priceLookup } from "../../src/common/cost/prices";
import { runTurn } from "../../src/common/turn/runTurn";
import { DEFAULT_AUTO, type TurnOptions } from "../../src/common/turn/turnOptions";
import type { TurnEvent } from "../../src/common/turn/turnEvents";
import { loadGptTokenCounter } from "../../src/node/cost/gptTokenCounter";
import { OpenAITeacher } from "../../src/node/teacher/openaiTeacher";
import { FoundServers } from "../../src/node/studentServer/continuationDiscovery";
import { ServerStudent } from "../../src/node/studentServer/serverStudent";
import { StudentLoader } from "../../src/node/student/studentLoader";
import { LINE_ACTIONS } from "../../src/common/panel/lineActions";
import { readSettings } from "../../src/common/settings/readSettings";
import { findStoriesModel, noModelMessage } from "../support/testModels";
import { startTestStudentServer, type StudentServerFlavour, type TestStudentServer } from "../support/testStudentServer";
import { startTestTeacherServer, type TestTeacherServer } from "../support/testTeacherServer";

const LIMIT = { timeout: 240_000 };
const QUESTION: Conversation = { id: "team", messages: [{ role: "user", text: "Tell me a story about a dog." }] };

interface Setup {
  teacher: TestTeacherServer;
  server: TestStudentServer;
  student: ServerStudent;
}

async function setUp(t: { after(fn: () => Promise<void>): void; skip(why: string): void }, flavour: StudentServerFlavour, model: string): Promise<Setup> {
  const teacher = await startTestTeacherServer();
  t.after(() => teacher.close());
  const server = await startTestStudentServer({ modelPath: model, flavour, served: `stories-${flavour}` });
  t.after(() => server.close());
  // Each server is its own origin: what one taught is not taken for another.
  const student = new ServerStudent({ baseURL: server.url, model: `stories-${flavour}`, maxAnswerTokens: 24 });
  return { teacher, server, student };
}

async function turn(s: Setup, mode: TurnOptions["mode"], signal = new AbortController().signal, conversation = QUESTION) {
  const counter = await loadGptTokenCounter();
  const teacher = new OpenAITeacher({ baseURL: s.teacher.url, apiKey: "test-key", model: "gpt-4o-mini", countTokens: (t) => counter.count(t, "gpt-4o-mini").tokens });
  const events: TurnEvent[] = [];
  const options: TurnOptions = { mode, guidanceBudget: 12, cloudMaxTokens: 64, teacherContext: { kind: "budgeted", budget: 768 }, auto: { ...DEFAULT_AUTO, askOnFirstTurn: false }, signal };
  for await (const e of runTurn(conversation, options, { teacher, student: s.student, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now() })) events.push(e);
  const done = events.at(-1);
  assert.ok(done?.type === "done");
  const text = (type: "guidance" | "student") => events.filter((e) => e.type === type).map((e) => (e as { text: string }).text).join("");
  return { events, done, guidance: text("guidance"), written: text("student"), error: events.find((e): e is Extract<TurnEvent, { type: "error" }> => e.type === "error") };
}

async function modelOrSkip(t: { skip(why: string): void }): Promise<string | undefined> {
  const model = await findStoriesModel();
  if (!model) t.skip(noModelMessage());
  return model;
}

// vLLM is told with continue_final_message; llama.cpp's server continues a trailing message as it
// is; a server that is neither and refuses the field is found to take a trailing message.
for (const [flavour, way] of [["vllm", "continue-final-message"], ["llamacpp", "trailing-assistant"], ["refuses-continue", "trailing-assistant"]] as const) {
  test(`guided through a ${flavour} student server: the teacher's opening is continued there by ${way}`, LIMIT, async (t) => {
    const model = await modelOrSkip(t);
    if (!model) return;
    const s = await setUp(t, flavour, model);
    const r = await turn(s, "guided");
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.ok(r.guidance.length > 0 && r.written.trim().length > 0, "the teacher opened and the server continued");
    assert.equal(s.student.way, way);
    const answer = s.server.requests.filter((q) => q.body.stream === true);
    assert.equal(answer.length, 1, "one streamed answer");
    const handoff = r.events.find((e): e is Extract<TurnEvent, { type: "handoff" }> => e.type === "handoff");
    assert.equal(answer[0].continued, handoff?.kept, "the server continued exactly the opening kept at the handoff");
    assert.equal("continue_final_message" in answer[0].body, way === "continue-final-message");
    const shown = r.events.find((e): e is Extract<TurnEvent, { type: "student-request" }> => e.type === "student-request");
    assert.equal(shown?.url, `${s.server.url}/chat/completions`);
    assert.deepEqual(JSON.parse(JSON.stringify(shown.body)), answer[0].body, "“What was sent” shows the body the server received");
    assert.ok(s.server.requests.some((q) => q.body.max_tokens === 1 && q.body.stream !== true), "the prompt was sent ahead to warm the server's cache");
    assert.ok(r.done.record.studentStats && r.done.record.studentStats.outputTokens > 0, "the footer has the student's figures");
    assert.match(formatRecord(r.done.record), /student on 127\.0\.0\.1:\d+: \d+ tokens/);
  });
}

test("local mode: the server answers alone and the teacher is not asked", LIMIT, async (t) => {
  const model = await modelOrSkip(t);
  if (!model) return;
  const s = await setUp(t, "vllm", model);
  const r = await turn(s, "local");
  assert.equal(r.error, undefined);
  assert.ok(r.written.trim().length > 0);
  assert.equal(s.teacher.requests.length, 0);
  assert.equal(s.server.requests.at(-1)?.continued, "", "nothing to continue: a new answer");
  assert.equal(r.done.record.cost.actualUsd, 0);
});

test("auto mode asks the server how sure it is (logprobs), then follows the rule", LIMIT, async (t) => {
  const model = await modelOrSkip(t);
  if (!model) return;
  const s = await setUp(t, "llamacpp", model);
  const r = await turn(s, "auto");
  assert.equal(r.error, undefined);
  assert.ok(s.server.requests.some((q) => q.body.logprobs === true), "the probe asked for logprobs");
  const auto = r.done.record.auto;
  assert.ok(auto && typeof auto.confidence === "number" && auto.confidence > 0 && auto.confidence <= 1, JSON.stringify(auto));
  assert.equal(auto.asked, auto.confidence < auto.threshold, "asked the teacher exactly when unsure");
  assert.equal(s.teacher.requests.length, auto.asked ? 1 : 0);
});

test("Stop while the server writes keeps what it wrote; the turn is stopped, not failed", LIMIT, async (t) => {
  const model = await modelOrSkip(t);
  if (!model) return;
  const s = await setUp(t, "vllm", model);
  const stop = new AbortController();
  const counter = await loadGptTokenCounter();
  const teacher = new OpenAITeacher({ baseURL: s.teacher.url, apiKey: "k", model: "gpt-4o-mini", countTokens: (x) => counter.count(x, "gpt-4o-mini").tokens });
  let written = "";
  let done: Extract<TurnEvent, { type: "done" }> | undefined;
  for await (const e of runTurn(QUESTION, { mode: "local", guidanceBudget: 12, cloudMaxTokens: 64, teacherContext: { kind: "budgeted", budget: 768 }, signal: stop.signal }, { teacher, student: s.student, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now() })) {
    if (e.type === "student") {
      written += e.text;
      stop.abort();
    }
    if (e.type === "done") done = e;
  }
  assert.ok(written.length > 0);
  assert.equal(done?.record.stopped, true);
  assert.equal(done.record.failed, undefined, "Stop is not a failure");
});

test("a server that goes away mid-answer: an error line with its actions, and what it wrote is kept; no saving claimed", LIMIT, async (t) => {
  const model = await modelOrSkip(t);
  if (!model) return;
  const s = await setUp(t, "vllm", model);
  s.server.set({ cutAfterChunks: 3 });
  const r = await turn(s, "guided");
  assert.equal(r.error?.reason, "server-unavailable", JSON.stringify(r.events.map((e) => e.type)));
  assert.match(r.error.message, /went away mid-answer: what it wrote is kept\. Retry, or clear “headstart\.student\.server”/);
  assert.equal(r.written.length > 0, true, "the three chunks it sent are kept");
  assert.equal(r.done.record.failed, "server-unavailable");
  assert.doesNotMatch(formatRecord(r.done.record), /saved/);
});

test("a server that stops sending mid-answer, its connection left open: the answer ends after the idle time with what it wrote and an error, never hangs", LIMIT, async (t) => {
  const model = await modelOrSkip(t);
  if (!model) return;
  const s = await setUp(t, "vllm", model);
  assert.equal((await turn(s, "guided")).error, undefined, "the server answers (its model loaded) before it is made to stall");
  // A short idle time, so the test does not wait a minute; nothing here measures it.
  s.student = new ServerStudent({ baseURL: s.server.url, model: "stories-vllm", maxAnswerTokens: 24, timeoutMs: 3_000 });
  s.server.set({ stallAfterChunks: 3 });
  const r = await turn(s, "guided");
  assert.equal(r.error?.reason, "server-unavailable", JSON.stringify(r.events.map((e) => e.type)));
  assert.match(r.error.message, /sent nothing for 3 s mid-answer: what it wrote is kept\. Retry/);
  assert.ok(r.written.length > 0, "the three chunks it sent are kept");
  assert.equal(r.done.record.failed, "server-unavailable");
  assert.doesNotMatch(formatRecord(r.done.record), /saved/, "a failed turn claims no saving");

  s.server.set({ stallAfterChunks: 0 });
  const silent = await turn(s, "guided", undefined, { id: "team-2", messages: [{ role: "user", text: "Tell me a story about a cat." }] });
  assert.match(silent.error?.message ?? "", /sent nothing for 3 s before writing anything/);
});

test("a server that cannot be reached fails before the teacher is paid", LIMIT, async (t) => {
  const teacher = await startTestTeacherServer();
  t.after(() => teacher.close());
  const gone = await startTestTeacherServer();
  const url = gone.url;
  await gone.close();
  const s = { teacher, student: new ServerStudent({ baseURL: url, model: "nowhere" }) } as unknown as Setup;
  const r = await turn(s, "guided");
  assert.equal(r.error?.reason, "server-unavailable");
  assert.match(r.error.message, /could not be reached/);
  assert.equal(teacher.requests.length, 0, "the teacher was never asked");
  assert.equal(r.done.record.cost.actualUsd, 0);
});

test("what is found of a server is kept by whoever owns the FoundServers: a student made again with the same one does not ask the server again; one with its own does", LIMIT, async (t) => {
  const model = await modelOrSkip(t);
  if (!model) return;
  const server = await startTestStudentServer({ modelPath: model, flavour: "vllm", served: "stories-found" });
  t.after(() => server.close());
  const servers = new FoundServers();
  const made = (found: FoundServers): ServerStudent => new ServerStudent({ baseURL: server.url, model: "stories-found", maxAnswerTokens: 24, servers: found });
  await made(servers).check();
  const asked = server.calls.length;
  assert.ok(asked > 0, "the first check asked the server how it continues");
  const again = made(servers);
  await again.check();
  assert.equal(server.calls.length, asked, "found already: nothing asked");
  assert.equal(again.way, "continue-final-message");
  await made(new FoundServers()).check();
  assert.ok(server.calls.length > asked, "a cache of its own finds the server again");
});

test("a server that wants a key: without one, an error that says so before the teacher is paid; the key set, the next answer goes", LIMIT, async (t) => {
  const model = await modelOrSkip(t);
  if (!model) return;
  const teacher = await startTestTeacherServer();
  t.after(() => teacher.close());
  const server = await startTestStudentServer({ modelPath: model, flavour: "vllm", requireKey: "team-key", served: "stories-keyed" });
  t.after(() => server.close());
  // The key as VS Code's secret storage holds it for the server's origin: none yet.
  let stored: string | undefined;
  const asked: string[] = [];
  const loader = new StudentLoader({
    settings: () => ({ ...readSettings(() => undefined).settings, "student.server": server.url, "student.serverModel": "stories-keyed", "student.maxAnswerTokens": 24 }),
    modelsDir: "/nonexistent",
    download: () => Promise.reject(new Error("nothing to download")),
    serverKey: (url) => {
      asked.push(url);
      return Promise.resolve(stored);
    },
    onStatus: () => undefined,
    info: () => undefined,
    error: () => undefined,
  });
  const s = { teacher, server } as unknown as Setup;
  const refused = await turn({ ...s, student: (await loader.get()) as ServerStudent }, "guided");
  assert.equal(refused.error?.reason, "server-key");
  assert.match(refused.error.message, /wants a key \(HTTP 401.*Run “Headstart: Set Student Server Key”/);
  assert.deepEqual(LINE_ACTIONS["server-key"].map((a) => a.action), ["set-server-key", "open-settings"]);
  assert.equal(teacher.requests.length, 0, "the teacher was never asked");

  stored = "wrong-key";
  const wrong = await turn({ ...s, student: (await loader.get()) as ServerStudent }, "guided");
  assert.match(wrong.error?.message ?? "", /refused its key \(HTTP 401/);

  stored = "team-key";
  const keyed = await turn({ ...s, student: (await loader.get()) as ServerStudent }, "guided");
  assert.equal(keyed.error, undefined, JSON.stringify(keyed.error));
  assert.ok(keyed.written.length > 0, "the server wrote the rest");
  assert.match(formatRecord(keyed.done.record), new RegExp(`student on ${new URL(server.url).host}: \\d+ tokens`), "the line names the server");
  assert.ok(asked.every((url) => url === server.url) && asked.length >= 3, "the key is asked for the server's own address, answer by answer");
});

test("a student server with a price: every token it reported for the answer is charged apart from the teacher, taken from the saving; the opening is not preloaded piece by piece; a stopped answer's charge is unknown", LIMIT, async (t) => {
  const model = await modelOrSkip(t);
  if (!model) return;
  const s = await setUp(t, "vllm", model);
  const PRICE = 2; // US dollars per million tokens
  s.student = new ServerStudent({ baseURL: s.server.url, model: "stories-vllm", maxAnswerTokens: 24, pricePerMillion: PRICE });
  const r = await turn(s, "guided");
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  const reported = s.server.requests.reduce((n, q) => n + (q.usage ? q.usage.prompt_tokens + q.usage.completion_tokens : 0), 0);
  assert.ok(reported > 0 && s.server.requests.every((q) => q.usage !== undefined), "every request was answered with its usage");
  const cost = r.done.record.cost;
  assert.ok(cost.studentUsd !== undefined && cost.studentUsd !== null);
  assert.ok(Math.abs(cost.studentUsd - (reported * PRICE) / 1e6) < 1e-12, `${cost.studentUsd} charged for ${reported} tokens`);
  assert.ok(cost.actualUsd !== null && cost.counterfactualUsd !== null && cost.savingUsd !== null);
  assert.ok(Math.abs(cost.savingUsd - (cost.counterfactualUsd - cost.actualUsd - cost.studentUsd)) < 1e-12, "the server's charge comes out of the saving");
  const preloads = s.server.requests.filter((q) => q.body.stream !== true && q.body.logprobs !== true && q.body.max_tokens === 1);
  const way = preloads.filter((q) => (q.body.messages as { content: string }[])[0]?.content === "Continue the list.");
  assert.ok(preloads.length > way.length, "the prompt was preloaded");
  assert.deepEqual(preloads.filter((q) => !way.includes(q) && q.continued !== "").length, 0, "no preload of the opening so far: each would pay for the prompt again");
  assert.match(formatRecord(r.done.record), /student server \$0\.000\d+/);
  // At $2 a million tokens this server costs more than gpt-4o-mini would have for the rest: said as a loss.
  if (cost.savingUsd < 0) assert.match(formatRecord(r.done.record), /cost \$0\.000\d+ more than the teacher alone/);

  const stop = new AbortController();
  const counter = await loadGptTokenCounter();
  const teacher = new OpenAITeacher({ baseURL: s.teacher.url, apiKey: "k", model: "gpt-4o-mini", countTokens: (x) => counter.count(x, "gpt-4o-mini").tokens });
  let done: Extract<TurnEvent, { type: "done" }> | undefined;
  const again: Conversation = { id: "team-stopped", messages: [{ role: "user", text: "Tell me a story about a bird." }] };
  for await (const e of runTurn(again, { mode: "local", guidanceBudget: 12, cloudMaxTokens: 64, signal: stop.signal }, { teacher, student: s.student, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now() })) {
    if (e.type === "student") stop.abort();
    if (e.type === "done") done = e;
  }
  assert.equal(done?.record.cost.studentUsd, null, "the stream was cut before its usage: unknown, never $0");
  assert.match(formatRecord(done.record), /student server unknown/);
});

test("a server that stops at its own cap, short of the tokens asked for, finishes with “length”: the answer says it was cut, and where", LIMIT, async (t) => {
  const model = await modelOrSkip(t);
  if (!model) return;
  const teacher = await startTestTeacherServer();
  t.after(() => teacher.close());
  const server = await startTestStudentServer({ modelPath: model, flavour: "vllm", served: "stories-capped", answerCap: 8 });
  t.after(() => server.close());
  const s: Setup = { teacher, server, student: new ServerStudent({ baseURL: server.url, model: "stories-capped", maxAnswerTokens: 64 }) };
  const r = await turn(s, "guided");
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  const notes = r.events.filter((e): e is Extract<TurnEvent, { type: "note" }> => e.type === "note" && e.reason === "length-limit");
  assert.deepEqual(notes.map((n) => n.message), ["Cut at the student server's own length limit, after 8 of the 64 tokens asked for (its answer cap, or its context is full)."]);
  assert.equal(r.done.record.cutAtLimit, true);
  // Asked for fewer than its cap, it stops at what was asked: the note names the setting that raises it.
  const asked = await turn({ ...s, student: new ServerStudent({ baseURL: server.url, model: "stories-capped", maxAnswerTokens: 4 }) }, "guided");
  assert.match(asked.events.filter((e) => e.type === "note").map((e) => (e as { message: string }).message).join("\n"), /Cut at the length limit \(4 tokens\)\. Raise “headstart\.student\.maxAnswerTokens”/);
});
