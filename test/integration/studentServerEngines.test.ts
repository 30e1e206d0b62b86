// The student server as each engine really behaves: the test student server (TEST CODE, real
// stories260K behind it) as vLLM, SGLang, TGI, llama.cpp's server and Ollama, each as its source
// shows (test/support/studentServers/), with the test teacher (TEST DOUBLE, counting its requests)
// and a spend journal in a temporary folder. A guided answer continues the teacher's opening on
// every engine; every way a server would not finish it is found before the teacher is asked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Conversation } from "../../src/common/conversation/conversation";
import { LINE_ACTIONS } from "../../src/common/panel/lineActions";
import { priceLookup } from "../../src/common/cost/prices";
import { toModelRequest } from "../../src/common/conversation/prompt";
import { runTurn } from "../../src/common/turn/runTurn";
import { PREFIX_TOKENS_PER_TEACHER_TOKEN } from "../../src/common/models/openingSpace";
import { chargeEntry, turnEntry } from "../../src/common/spend/spendEntries";
import { limitSpend } from "../../src/common/spend/spendLimits";
import type { TurnEvent } from "../../src/common/turn/turnEvents";
import { loadGptTokenCounter } from "../../src/node/cost/gptTokenCounter";
import { JournalGate } from "../../src/node/spend/journalGate";
import { OpenAITeacher } from "../../src/node/teacher/openaiTeacher";
import { ServerStudent, type ServerStudentOptions } from "../../src/node/studentServer/serverStudent";
import { FRAMING_TOKENS_PER_MESSAGE } from "../../src/node/studentServer/serverRendering";
import { SpendJournal } from "../../src/node/spend/spendJournal";
import { findStoriesModel, noModelMessage } from "../support/testModels";
import { startTestStudentServer, type StudentServerFlavour, type TestStudentServer, type TestStudentServerOptions } from "../support/testStudentServer";
import { startTestTeacherServer, tokenPieces, type TestTeacherServer } from "../support/testTeacherServer";

const LIMIT = { timeout: 240_000 };
const SERVED = "team-model";
const BUDGET = 12;
const QUESTION: Conversation = { id: "team", messages: [{ role: "user", text: "Tell me a story about a dog." }] };

interface Turn {
  events: TurnEvent[];
  done: Extract<TurnEvent, { type: "done" }>;
  error?: Extract<TurnEvent, { type: "error" }>;
  kept: string;
  written: string;
  /** Requests the teacher got during the turn. */
  teacherAsked: number;
  /** What the spend journal holds for the day after the turn. */
  spentUsd: number;
}

let n = 0;

/** One guided turn, its charges journaled as the extension journals them. */
async function guided(teacherServer: TestTeacherServer, student: ServerStudent, conversation = QUESTION, mode: "guided" | "local" = "guided"): Promise<Turn> {
  const dir = await mkdtemp(join(tmpdir(), "headstart-engines-"));
  try {
    const journal = new SpendJournal(join(dir, "spend-journal.jsonl"));
    const gate = new JournalGate(journal, () => ({ dailyUsd: 0, monthlyUsd: 0 }), "panel", () => "http://127.0.0.1");
    const counter = await loadGptTokenCounter();
    const teacher = new OpenAITeacher({ baseURL: teacherServer.url, apiKey: "test-key", model: "gpt-4o-mini", countTokens: (t) => counter.count(t, "gpt-4o-mini").tokens });
    const before = teacherServer.requests.length;
    const spend = { turn: `t${++n}`, face: "panel" as const, conversationId: conversation.id, origin: "http://127.0.0.1", mode, model: "gpt-4o-mini" };
    const events: TurnEvent[] = [];
    const options = { mode, guidanceBudget: BUDGET, cloudMaxTokens: 64, signal: new AbortController().signal };
    for await (const e of runTurn(conversation, options, { teacher, student, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now(), gate })) {
      events.push(e);
      if (e.type === "teacher-charged") await journal.append(chargeEntry(spend, e, new Date()));
      if (e.type === "done") await journal.append(turnEntry(spend, e.record, new Date()));
    }
    journal.refresh();
    const done = events.at(-1);
    assert.ok(done?.type === "done");
    const text = (type: "student") => events.filter((e) => e.type === type).map((e) => (e as { text: string }).text).join("");
    const handoff = events.find((e): e is Extract<TurnEvent, { type: "handoff" }> => e.type === "handoff");
    return {
      events,
      done,
      error: events.find((e): e is Extract<TurnEvent, { type: "error" }> => e.type === "error"),
      kept: handoff?.kept ?? "",
      written: text("student"),
      teacherAsked: teacherServer.requests.length - before,
      spentUsd: limitSpend(journal.totals.day(new Date())),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function setUp(
  t: { after(fn: () => Promise<void>): void; skip(why: string): void },
  server: Omit<TestStudentServerOptions, "modelPath">,
  student: Partial<ServerStudentOptions> = {},
): Promise<{ teacher: TestTeacherServer; server: TestStudentServer; student: ServerStudent; said: string[] } | undefined> {
  const model = await findStoriesModel();
  if (!model) {
    t.skip(noModelMessage());
    return undefined;
  }
  const teacher = await startTestTeacherServer();
  t.after(() => teacher.close());
  const running = await startTestStudentServer({ modelPath: model, served: SERVED, ...server });
  t.after(() => running.close());
  const said: string[] = [];
  return { teacher, server: running, said, student: new ServerStudent({ baseURL: running.url, model: SERVED, maxAnswerTokens: 24, info: (l) => said.push(l), ...student }) };
}

const ENGINES: { flavour: StudentServerFlavour; name: RegExp; settings?: Partial<TestStudentServerOptions> }[] = [
  { flavour: "vllm", name: /vLLM, continues the opening by continue_final_message; context 2,048 tokens \(max_model_len\)/ },
  { flavour: "sglang", name: /SGLang, continues the opening by continue_final_message/ },
  { flavour: "tgi", name: /TGI, continues the opening by a trailing assistant message; context 2,048 tokens \(max_total_tokens\)/ },
  // Thinking on by default, as Qwen3's template has it: Headstart's enable_thinking: false lets it continue.
  { flavour: "llamacpp", name: /llama\.cpp's server, continues the opening by a trailing assistant message/, settings: { thinking: true } },
  { flavour: "ollama", name: /Ollama, continues the opening by a trailing assistant message; context 8,192 tokens \(num_ctx\)/, settings: { context: 8192, numCtxSet: true } },
];

for (const engine of ENGINES) {
  test(`${engine.flavour}: a guided answer continues the teacher's opening, with no second reply`, LIMIT, async (t) => {
    const s = await setUp(t, { flavour: engine.flavour, ...engine.settings });
    if (!s) return;
    const r = await guided(s.teacher, s.student);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.ok(r.kept.length > 0 && r.written.trim().length > 0, "the teacher opened and the server wrote the rest");
    assert.ok(r.done.answer.text.startsWith(r.kept), "the answer starts with the opening");
    const answer = s.server.requests.filter((q) => q.body.stream === true);
    assert.equal(answer.length, 1, "one streamed answer");
    assert.equal(answer[0].continued, engine.flavour === "tgi" ? r.kept.trimEnd() : r.kept, "the server continued the opening, not a new reply");
    // The prompt ends with the opening: no closing mark after it, no second assistant header.
    assert.ok(answer[0].rendered.endsWith(answer[0].continued), answer[0].rendered.slice(-80));
    assert.equal(answer[0].rendered.split("<|im_start|>assistant").length - 1, 1, "one assistant message, the one continued");
    assert.match(s.said.join("\n"), engine.name, "the log says what the server is and how it continues");
    if (engine.flavour === "llamacpp" || engine.flavour === "vllm" || engine.flavour === "sglang") {
      assert.deepEqual(answer[0].body.chat_template_kwargs, { enable_thinking: false }, "the thinking switch is sent where the engine takes it");
    } else assert.equal("chat_template_kwargs" in answer[0].body, false);
    assert.equal(r.teacherAsked, 1);
  });
}

interface Refusal {
  name: string;
  server: Omit<TestStudentServerOptions, "modelPath">;
  student?: Partial<ServerStudentOptions>;
  conversation?: Conversation;
  reason: string;
  advice: RegExp;
}

const LONG: Conversation = { id: "long", messages: [{ role: "user", text: `Summarise this: ${"the quick brown fox jumps over the lazy dog ".repeat(120)}` }] };

const REFUSALS: Refusal[] = [
  { name: "vLLM, a model it does not serve", server: { flavour: "vllm" }, student: { model: "not-served" }, reason: "server-refused", advice: /serves “team-model”, not “not-served” \(vLLM answers only to the names its \/v1\/models lists\)\. Set “headstart\.student\.serverModel”/ },
  { name: "vLLM, a model it does not serve, the way set by hand", server: { flavour: "vllm" }, student: { model: "not-served", continuation: "continue-final-message" }, reason: "server-refused", advice: /not “not-served”/ },
  { name: "Ollama, a model not pulled", server: { flavour: "ollama" }, student: { model: "not-pulled" }, reason: "server-refused", advice: /has no model “not-pulled” \(it said: “model "not-pulled" not found, try pulling it first”\)\. Pull it there \(ollama pull not-pulled\)/ },
  { name: "vLLM, too small a context", server: { flavour: "vllm", context: 96 }, reason: "too-long", advice: /holds 96 tokens \(max_model_len\): this conversation is [\d,]+ tokens as it counts them.*start vLLM with a larger --max-model-len/ },
  { name: "SGLang, too small a context", server: { flavour: "sglang", context: 96 }, reason: "too-long", advice: /holds 96 tokens \(max_model_len\).*--context-length/ },
  { name: "TGI, too small a context", server: { flavour: "tgi", context: 96 }, reason: "too-long", advice: /holds 96 tokens \(max_total_tokens\), 95 of them for the prompt \(max_input_tokens\).*--max-total-tokens/ },
  { name: "llama.cpp, too small a context", server: { flavour: "llamacpp", context: 96 }, reason: "too-long", advice: /holds 96 tokens \(n_ctx per slot\).*--ctx-size/ },
  { name: "Ollama, its unpublished default context", server: { flavour: "ollama" }, conversation: LONG, reason: "too-long", advice: /holds 4,096 tokens \(num_ctx: Ollama's default, which it does not publish\): this conversation is about [\d,]+ tokens \(estimated.*num_ctx/ },
  { name: "llama.cpp started with --no-prefill-assistant", server: { flavour: "llamacpp", noPrefill: true }, reason: "server-cannot-continue", advice: /renders the opening as a finished message .*--no-prefill-assistant.*local mode .* cloud mode/ },
  { name: "Ollama, a template that closes the last message", server: { flavour: "ollama", closesLast: true }, reason: "server-cannot-continue", advice: /Ollama's template for this model closes the last message/ },
  { name: "llama.cpp, a thinking template it will not switch off", server: { flavour: "llamacpp", thinking: true, ignoresRequestKwargs: true }, reason: "server-cannot-continue", advice: /refuses to continue an opening while the model's chat template thinks \(it said: “Assistant response prefill is incompatible with enable_thinking\.”\)\. Start llama-server with --reasoning-budget 0/ },
  { name: "llama.cpp behind its --api-key, no key sent", server: { flavour: "llamacpp", requireKey: "team-key" }, reason: "server-key", advice: /wants a key \(HTTP 401: Invalid API Key\)\. Run “Headstart: Set Student Server Key”/ },
  { name: "TGI behind its --api-key, no key sent", server: { flavour: "tgi", requireKey: "team-key" }, reason: "server-key", advice: /wants a key \(HTTP 401\)\. Run “Headstart: Set Student Server Key”/ },
  { name: "vLLM, the way set by hand to a trailing message", server: { flavour: "vllm" }, student: { continuation: "trailing-assistant" }, reason: "server-cannot-continue", advice: /vLLM closes a trailing assistant message and starts a new reply.*Set “headstart\.student\.serverContinuation” to auto/ },
  { name: "SGLang, the way set by hand to a trailing message", server: { flavour: "sglang" }, student: { continuation: "trailing-assistant" }, reason: "server-cannot-continue", advice: /SGLang reads a trailing assistant message as the user's/ },
];

for (const refusal of REFUSALS) {
  test(`found before the teacher is asked: ${refusal.name}`, LIMIT, async (t) => {
    const s = await setUp(t, refusal.server, refusal.student);
    if (!s) return;
    const r = await guided(s.teacher, s.student, refusal.conversation);
    assert.equal(r.error?.reason, refusal.reason, JSON.stringify(r.error));
    assert.match(r.error.message, refusal.advice);
    assert.equal(r.teacherAsked, 0, "the teacher was never asked");
    assert.equal(r.spentUsd, 0, "the journal holds nothing spent");
    assert.equal(r.done.record.failed, refusal.reason);
    assert.equal(s.server.requests.filter((q) => q.body.stream === true).length, 0, "no answer was asked of the server");
  });
}

test("a server that cannot be reached, the way set by hand: found before the teacher is asked", LIMIT, async (t) => {
  const teacher = await startTestTeacherServer();
  t.after(() => teacher.close());
  const gone = await startTestTeacherServer();
  await gone.close();
  const r = await guided(teacher, new ServerStudent({ baseURL: gone.url, model: SERVED, continuation: "continue-final-message" }));
  assert.equal(r.error?.reason, "server-unavailable");
  assert.match(r.error.message, /could not be reached/);
  assert.equal(r.teacherAsked, 0);
  assert.equal(r.spentUsd, 0);
});

test("a server that cannot continue offers local mode (the server alone) and cloud mode (the teacher alone)", () => {
  assert.deepEqual(
    LINE_ACTIONS["server-cannot-continue"].map((a) => a.action),
    ["switch-to-local", "switch-to-cloud", "open-settings"],
  );
});

test("TGI: an opening that ends in a newline is continued, the newline shown once", LIMIT, async (t) => {
  const story = "Once upon a time\nthere was a little dog who liked to run in the park.";
  // The budget stops inside the word after the newline, so the opening kept ends with the newline.
  const budget = tokenPieces(story).findIndex((p) => p.text.includes("there")) + 1;
  const s = await setUp(t, { flavour: "tgi" });
  if (!s) return;
  s.teacher.setBehavior({ answer: story });
  const counter = await loadGptTokenCounter();
  const teacher = new OpenAITeacher({ baseURL: s.teacher.url, apiKey: "k", model: "gpt-4o-mini", countTokens: (x) => counter.count(x, "gpt-4o-mini").tokens });
  const events: TurnEvent[] = [];
  for await (const e of runTurn(QUESTION, { mode: "guided", guidanceBudget: budget, cloudMaxTokens: 64, signal: new AbortController().signal }, { teacher, student: s.student, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now() })) events.push(e);
  const handoff = events.find((e): e is Extract<TurnEvent, { type: "handoff" }> => e.type === "handoff");
  const done = events.at(-1) as Extract<TurnEvent, { type: "done" }>;
  assert.equal(events.find((e) => e.type === "error"), undefined, JSON.stringify(events.find((e) => e.type === "error")));
  assert.equal(handoff?.kept, "Once upon a time\n");
  const answer = s.server.requests.find((q) => q.body.stream === true);
  assert.equal(answer?.continued, "Once upon a time", "TGI found the opening and continued it");
  assert.ok(answer.rendered.endsWith("Once upon a time"));
  assert.ok(done.answer.text.startsWith("Once upon a time\n") && !done.answer.text.startsWith("Once upon a time\n\n\n"), JSON.stringify(done.answer.text.slice(0, 40)));

  // As it was sent before: the opening with its newline is not found, and TGI starts a new reply.
  const raw = await fetch(`${s.server.url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: SERVED, messages: [{ role: "user", content: "Tell me a story." }, { role: "assistant", content: "Once upon a time\n" }], max_tokens: 1 }),
  });
  assert.equal(raw.status, 200);
  assert.equal(s.server.requests.at(-1)?.continued, "", "a new reply, the opening left behind");
});

for (const [flavour, said] of [
  ["tgi", /refused the request \(HTTP 422: Input validation error: `inputs` must have less than 95 tokens\. Given: \d+\)/],
  ["sglang", /refused the request \(HTTP 400: Requested token count exceeds the model's maximum context length of 96 tokens\./],
  ["vllm", /refused the request \(HTTP 400: This model's maximum context length is 96 tokens\./],
] as const) {
  test(`${flavour}: a refusal the server sends is said once, with its status once and its own words`, LIMIT, async (t) => {
    // Local mode has no opening, so no check: the server's own refusal is what the line says.
    const s = await setUp(t, { flavour, context: 96 });
    if (!s) return;
    const r = await guided(s.teacher, s.student, QUESTION, "local");
    assert.equal(r.error?.reason, "server-refused", JSON.stringify(r.error));
    assert.match(r.error.message, said);
    const status = /HTTP (\d{3})/.exec(r.error.message)![1];
    assert.equal(r.error.message.split(status).length - 1, 1, `the status is said once: ${r.error.message}`);
    assert.doesNotMatch(r.error.message, /status code \(no body\)|"Input/);
  });
}

test("what is found of a server is kept for the next answers, and found again after a continuation fails", LIMIT, async (t) => {
  const s = await setUp(t, { flavour: "vllm" });
  if (!s) return;
  const found = (): number => s.server.calls.filter((c) => c.path === "/v1/models").length;
  assert.equal((await guided(s.teacher, s.student)).error, undefined);
  assert.equal((await guided(s.teacher, s.student, { id: "two", messages: [{ role: "user", text: "Tell me a story about a cat." }] })).error, undefined);
  assert.equal(found(), 1, "found once for two answers");
  s.server.set({ cutAfterChunks: 1 });
  assert.equal((await guided(s.teacher, s.student, { id: "three", messages: [{ role: "user", text: "Tell me a story about a bird." }] })).error?.reason, "server-unavailable");
  s.server.set({ cutAfterChunks: undefined });
  assert.equal((await guided(s.teacher, s.student, { id: "four", messages: [{ role: "user", text: "Tell me a story about a fish." }] })).error, undefined);
  assert.equal(found(), 2, "found again after the failed continuation");
});

test("a server restarted with thinking on after it was found: the continuation's refusal says what the server said, and the next answer finds the cause before paying", LIMIT, async (t) => {
  const s = await setUp(t, { flavour: "llamacpp", thinking: true });
  if (!s) return;
  assert.equal((await guided(s.teacher, s.student)).error, undefined);
  s.server.set({ ignoresRequestKwargs: true });
  const refused = await guided(s.teacher, s.student, { id: "two", messages: [{ role: "user", text: "Tell me a story about a cat." }] });
  assert.equal(refused.error?.reason, "server-refused");
  assert.match(refused.error.message, /refused to continue the opening \(HTTP 400: Assistant response prefill is incompatible with enable_thinking\.\)\. Retry: the server is checked again/);
  const again = await guided(s.teacher, s.student, { id: "three", messages: [{ role: "user", text: "Tell me a story about a bird." }] });
  assert.equal(again.error?.reason, "server-cannot-continue");
  assert.match(again.error.message, /--reasoning-budget 0/);
  assert.equal(again.teacherAsked, 0, "found before the teacher was asked");
});

for (const [flavour, counts] of [
  ["vllm", "/tokenize"],
  ["sglang", "/v1/tokenize"],
  ["tgi", "/chat_tokenize"],
  ["llamacpp", "/tokenize"],
] as const) {
  test(`${flavour}: a conversation that one token a byte would not fit is counted by the server (${counts}), and goes`, LIMIT, async (t) => {
    // A context one token short of the byte count's need: only the server's own count lets it through.
    const request = toModelRequest(QUESTION);
    const bytes = [request.system, ...request.messages.map((m) => m.content)].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    const context = bytes + FRAMING_TOKENS_PER_MESSAGE * (request.messages.length + 2) + BUDGET * PREFIX_TOKENS_PER_TEACHER_TOKEN + 24 - 1;
    const s = await setUp(t, { flavour, context });
    if (!s) return;
    const r = await guided(s.teacher, s.student);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.ok(r.written.length > 0);
    const asked = s.server.calls.filter((c) => c.path === counts);
    assert.ok(asked.length > (flavour === "tgi" ? 1 : 0), `the server counted the conversation: ${JSON.stringify(s.server.calls.map((c) => c.path))}`);
  });
}
