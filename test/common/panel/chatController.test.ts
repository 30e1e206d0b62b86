// The panel's controller on doubles (no model): sending, retrying, stopping, deleting while an
// answer runs, two sends in one tick, and how a conversation's file grows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChatController, type ChatControllerDeps } from "../../../src/common/panel/chatController";
import type { StoredConversation } from "../../../src/common/history/chatHistory";
import type { HostMessage } from "../../../src/common/panel/protocol";
import { readSettings } from "../../../src/common/settings/readSettings";
import type { Teacher } from "../../../src/common/models/teacher";
import { estimatingCounter } from "../../../src/common/conversation/tokenCounter";
import { TurnService } from "../../../src/common/compose/turnService";
import { ContextTray } from "../../../src/common/panel/contextTray";
import { PanelRequests } from "../../../src/common/panel/panelRequests";
import { fromStored, sentRequestText } from "../../../src/common/sent/sentRequest";
import { JsonConversationStore } from "../../../src/node/history/jsonConversationStore";
import { OpenAITeacher } from "../../../src/node/teacher/openaiTeacher";
import { ScriptedStudent, ScriptedTeacher } from "../../support/engineDoubles";
import { startTestTeacherServer } from "../../support/testTeacherServer";

interface Harness {
  controller: ChatController;
  posted: HostMessage[];
  dir: string;
  deps: ChatControllerDeps;
}

async function harness(t: { after(fn: () => Promise<void>): void }, teacher: Teacher, student: ScriptedStudent, tray = new ContextTray(() => 200_000, () => "k1")): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), "headstart-controller-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const settings = { ...readSettings(() => undefined).settings, "teacher.guidanceBudget": 2 };
  const turns = new TurnService({
    settings: () => settings,
    teacher: () => Promise.resolve(teacher),
    student: () => Promise.resolve(student),
    counter: () => Promise.resolve(estimatingCounter),
    now: () => performance.now(),
    logError: (line) => assert.fail(line),
  });
  const posted: HostMessage[] = [];
  let n = 0;
  const deps: ChatControllerDeps = {
    store: new JsonConversationStore(dir),
    turns,
    post: (m) => posted.push(m),
    settings: () => settings,
    baseStatus: () => ({
      mode: settings.mode,
      teacher: { model: "gpt-4o-mini", host: "test", hasKey: true },
      student: { model: "double", state: "ready" },
      spend: { todayUsd: 0, todayUnknownTurns: 0, monthUsd: 0, monthSavingUsd: 0, monthUnknownTurns: 0 },
    }),
    context: tray,
    log: () => undefined,
    date: () => new Date(),
    newId: () => `id${++n}`,
    saveIntervalMs: 5,
  };
  return { controller: new ChatController(deps), posted, dir, deps };
}

const starts = (h: Harness) => h.posted.filter((m) => m.type === "turn-start");
const dones = (h: Harness) => h.posted.flatMap((m) => (m.type === "turn" && m.event.type === "done" ? [m.event.message] : []));
/** Resolves once the student's first words reached the panel; fails rather than waiting for ever. */
async function studentWriting(h: Harness): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (h.posted.some((m) => m.type === "turn" && m.event.type === "student")) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("The student never began.");
}
const stored = async (h: Harness, id: string): Promise<StoredConversation> => JSON.parse(await readFile(join(h.dir, `${id}.json`), "utf8")) as StoredConversation;

test("send: the answer streams to the panel, is stored, and the request is kept apart from the conversation", async (t) => {
  const h = await harness(t, new ScriptedTeacher({ tokens: ["Use", " a", " map"] }), new ScriptedStudent([" here."]));
  await h.controller.send("s1", "How?");
  const [start] = starts(h);
  assert.ok(start?.type === "turn-start");
  const [answer] = dones(h);
  assert.equal(answer?.text, "Use here.");
  const saved = await stored(h, start.conversationId);
  assert.deepEqual(saved.messages.map((m) => m.role), ["user", "assistant"]);
  const assistant = saved.messages[1];
  assert.equal(assistant.role === "assistant" && assistant.sentRequest, true, "the stored answer only says a request was sent");
  assert.deepEqual(
    await h.controller.sentRequest(start.conversationId, assistant.id),
    { url: "https://teacher.test/v1/chat/completions", body: { model: "gpt-4o-mini", max_tokens: 2 } },
    "the body is loaded on demand, with where it went",
  );
});

test("two sends in the same tick start one turn; the second is refused with a reason", async (t) => {
  const teacher = new ScriptedTeacher({ tokens: ["One"], delayMs: 5 });
  const h = await harness(t, teacher, new ScriptedStudent([" answer."], { delayMs: 5 }));
  await Promise.all([h.controller.send("s1", "First"), h.controller.send("s2", "Second")]);
  assert.equal(starts(h).length, 1);
  assert.equal(teacher.requests.length, 1);
  const replies = h.posted.filter((m) => m.type === "reply");
  assert.deepEqual(replies[0], { type: "reply", id: "s1", accepted: true });
  assert.deepEqual(replies[1], { type: "reply", id: "s2", refused: "An answer is still being written. Stop it first." });
  const start = starts(h)[0];
  assert.ok(start.type === "turn-start");
  const saved = (await stored(h, start.conversationId)).messages;
  assert.deepEqual(saved.map((m) => m.role), ["user", "assistant"]);
  assert.equal(saved[0].text, "First");
});

test("retry replaces the last answer with a new one", async (t) => {
  const h = await harness(t, new ScriptedTeacher({ tokens: ["Again"] }), new ScriptedStudent([" and again."]));
  await h.controller.send("s1", "Q");
  await h.controller.retry();
  const start = starts(h)[0];
  assert.ok(start.type === "turn-start");
  const saved = await stored(h, start.conversationId);
  assert.deepEqual(saved.messages.map((m) => m.role), ["user", "assistant"]);
  assert.notEqual(saved.messages[1].id, dones(h)[0].id, "a new answer");
  assert.equal(dones(h).length, 2);
});

test("stop keeps what was written, marks the answer partial and stopped, and frees the controller", async (t) => {
  const student = new ScriptedStudent(Array.from({ length: 200 }, () => " word"), { delayMs: 5 });
  const h = await harness(t, new ScriptedTeacher({ tokens: ["Start", " here", " now"] }), student);
  const sending = h.controller.send("s1", "Long?");
  await studentWriting(h);
  await h.controller.stop();
  await sending;
  const [answer] = dones(h);
  assert.equal(answer?.partial, true);
  assert.equal(answer?.record?.stopped, true);
  assert.ok(answer.text.startsWith("Start") && answer.text.includes(" word"));
  assert.ok(answer.text.length < "Start".length + 200 * 5);
  assert.equal(h.controller.busy, false);
});

test("deleting the conversation whose answer is running stops it and removes it with its requests", async (t) => {
  const student = new ScriptedStudent(Array.from({ length: 200 }, () => " word"), { delayMs: 5 });
  const h = await harness(t, new ScriptedTeacher({ tokens: ["Start", " here", " now"] }), student);
  const sending = h.controller.send("s1", "Long?");
  await studentWriting(h);
  const start = starts(h)[0];
  assert.ok(start.type === "turn-start");
  await h.controller.delete(start.conversationId);
  await sending;
  assert.equal(student.aborted, true, "the answer was stopped");
  assert.deepEqual(await readdir(h.dir, { recursive: true }).then((f) => f.filter((x) => x.includes(start.conversationId))), []);
  const list = h.posted.filter((m) => m.type === "conversations").at(-1);
  assert.ok(list?.type === "conversations" && list.list.every((c) => c.id !== start.conversationId));
});

test("a 50-turn conversation's file grows by about the same amount each turn", { timeout: 120_000 }, async (t) => {
  // The real teacher adapter, whose request body holds the whole history: kept apart, it no longer
  // makes each turn's save larger than the last by a copy of everything said.
  const server = await startTestTeacherServer({ answer: "An opening of several words for the answer" });
  t.after(() => server.close());
  const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "test", model: "gpt-4o-mini" });
  const h = await harness(t, teacher, new ScriptedStudent([" and the rest of the answer, the same length every time."]));
  const sizes: number[] = [];
  for (let turn = 0; turn < 50; turn++) {
    await h.controller.send("s1", `Question number ${String(turn).padStart(2, "0")}?`);
    const start = starts(h)[0];
    assert.ok(start.type === "turn-start");
    sizes.push((await stat(join(h.dir, `${start.conversationId}.json`))).size);
  }
  const growth = sizes.slice(1).map((s, i) => s - sizes[i]);
  const [first, last] = [growth.slice(0, 5), growth.slice(-5)];
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  t.diagnostic(`file after 50 turns: ${sizes.at(-1)} bytes; growth per turn: turns 2-6 ${mean(first)} bytes, turns 46-50 ${mean(last)} bytes`);
  assert.ok(mean(last) < mean(first) * 1.2, `growth per turn: first ${mean(first)} bytes, last ${mean(last)} bytes`);
  const requests = await readdir(join(h.dir, "requests"), { recursive: true });
  assert.equal(requests.filter((f) => f.endsWith(".json")).length, 50, "each answer's request is kept, apart");
});

test("a conversation stored with its requests inline (before they were kept apart) loads with them moved out, nothing lost", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "headstart-store-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const body = { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] };
  const old = { id: "c1", title: "Hi", createdAt: 1, updatedAt: 1, messages: [{ id: "u1", role: "user", text: "Hi" }, { id: "a1", role: "assistant", mode: "guided", text: "Hello", guidanceLength: 5, sentRequest: body }] };
  await writeFile(join(dir, "c1.json"), JSON.stringify(old));
  const store = new JsonConversationStore(dir);
  const [loaded] = await store.loadAll();
  assert.equal(loaded?.messages[1]?.role === "assistant" && loaded.messages[1].sentRequest, true);
  assert.deepEqual(await store.loadRequest("c1", "a1"), body);
  // Kept before the address was recorded: "What was sent" says so rather than guess today's.
  const text = sentRequestText(fromStored(await store.loadRequest("c1", "a1")));
  assert.match(text, /^\/\/ POST to the teacher's address at the time \(this answer is older than the record of it\)\n/);
  assert.ok(text.includes('"content": "Hi"'));
  assert.ok(!(await readFile(join(dir, "c1.json"), "utf8")).includes('"messages":[{"role"'), "the conversation's file no longer holds the body");
});

test("a message refused as too long keeps its attachments, and the panel hears why under the message's id", async (t) => {
  const tray = new ContextTray(() => 200_000, () => "k1");
  tray.add({ fileName: "big.ts", language: "typescript", kind: "file", text: "x".repeat(90_000) }, "big.ts");
  const teacher = new ScriptedTeacher({ tokens: ["One"] });
  const h = await harness(t, teacher, new ScriptedStudent(), tray);
  await h.controller.send("s7", "y".repeat(20_000));
  assert.deepEqual(h.posted.filter((m) => m.type === "reply"), [
    { type: "reply", id: "s7", refused: "The message is 110,000 characters; the limit is 100,000. Shorten it or attach less." },
  ]);
  assert.deepEqual(tray.chips().map((c) => c.label), ["big.ts"], "the attachment is still attached");
  assert.equal(teacher.requests.length, 0);
  // Shortened, it goes, with the attachment.
  await h.controller.send("s8", "What does it do?");
  assert.deepEqual(h.posted.filter((m) => m.type === "reply").at(-1), { type: "reply", id: "s8", accepted: true });
  assert.deepEqual(tray.chips(), []);
  const start = starts(h)[0];
  assert.ok(start?.type === "turn-start" && start.user.attachments?.[0]?.label === "big.ts");
  assert.ok(!JSON.stringify(h.posted).includes("x".repeat(100)), "the attachment's text stays in the host");
});

test("New Chat is the host's choice: the next page is told to show it rather than what it showed before", async (t) => {
  const h = await harness(t, new ScriptedTeacher({ tokens: ["One"] }), new ScriptedStudent());
  await h.controller.send("s1", "First");
  const fresh = new ChatController({ ...h.deps, post: () => undefined });
  const reloaded = await fresh.init();
  assert.equal(reloaded.activeChosen, false, "after a reload the host's open conversation is only the latest");
  assert.notEqual(reloaded.active, null);
  await fresh.newChat();
  const after = await fresh.init();
  assert.equal(after.active, null);
  assert.equal(after.activeChosen, true);
});

test("“What was sent” names the address the request went to, whatever the teacher's address is now", async (t) => {
  const server = await startTestTeacherServer({ answer: "An opening of several words for the answer" });
  t.after(() => server.close());
  const teacher = new OpenAITeacher({ baseURL: `${server.url}/`, apiKey: "test", model: "gpt-4o-mini" });
  const h = await harness(t, teacher, new ScriptedStudent([" and the rest."]));
  await h.controller.send("s1", "Where did this go?");
  const start = starts(h)[0];
  assert.ok(start?.type === "turn-start");
  const [answer] = dones(h);
  const sent = await h.controller.sentRequest(start.conversationId, answer.id);
  assert.ok(sent);
  const text = sentRequestText(sent);
  assert.ok(text.startsWith(`// POST ${server.url}/chat/completions\n`), text.slice(0, 120));
  assert.ok(text.includes('"content": "Where did this go?"'));
  assert.deepEqual(JSON.parse(text.slice(text.indexOf("{"))), server.requests[0]?.body, "the body shown is the one the server received");
});

test("a rating (up or down, with a one-line reason) is kept with its answer, survives a reload, and can be taken back", async (t) => {
  const h = await harness(t, new ScriptedTeacher({ tokens: ["Use", " a", " map"] }), new ScriptedStudent([" here."]));
  await h.controller.send("s1", "How?");
  const [answer] = dones(h);
  assert.ok(answer);
  const id = h.posted.flatMap((m) => (m.type === "turn-start" ? [m.conversationId] : []))[0];
  assert.ok(id);
  await h.controller.rate(id, answer.id, "up", "  Clear,\n and short  ");
  const rated = h.posted.at(-1);
  assert.ok(rated?.type === "rated" && rated.rating?.value === "up");
  assert.equal(rated.rating.reason, "Clear, and short", "one line, trimmed");
  const onDisk = (await stored(h, id)).messages[1];
  assert.ok(onDisk?.role === "assistant");
  assert.deepEqual(onDisk.rating, rated.rating, "saved with the conversation");

  // A new window reads the same folder: the rating is there.
  const again = (await new JsonConversationStore(h.dir).loadAll())[0]?.messages[1];
  assert.ok(again?.role === "assistant" && again.rating?.value === "up");

  await h.controller.rate(id, answer.id, null);
  const taken = h.posted.at(-1);
  assert.ok(taken?.type === "rated" && taken.rating === undefined);
  const cleared = (await stored(h, id)).messages[1];
  assert.ok(cleared?.role === "assistant" && cleared.rating === undefined);

  const before = h.posted.length;
  assert.equal(await h.controller.rate(id, "no-such-answer", "down"), "That answer can no longer be rated: it is gone or still being written.", "an answer that is gone says so");
  assert.equal(h.posted.length, before, "and nothing is posted: the reply to the panel's request carries it");
});

test("a task typed in the panel (/fix) asks with the task's message and context, keeps what was typed and where the code goes; /cloud asks one answer in cloud mode", async (t) => {
  const teacher = new ScriptedTeacher({ tokens: ["Fixed"] });
  const h = await harness(t, teacher, new ScriptedStudent([" it."]));
  const asked: [string, string][] = [];
  // The editor's side of a task (what the VS Code layer builds from the active editor).
  h.deps.task = (name, question) => {
    asked.push([name, question]);
    return Promise.resolve({
      message: { role: "user", text: "Fix the error in `cart.ts`: …", context: [{ fileName: "cart.ts", language: "typescript", kind: "file", text: "export const x = 1;\n" }] },
      target: { fileName: "cart.ts", exists: true, cursor: { line: 0, character: 0 } },
      diagnostics: [],
    });
  };
  const controller = new ChatController(h.deps);
  await controller.send("s1", "/fix why does it fail?");
  assert.deepEqual(asked, [["fix", "why does it fail?"]]);
  const start = h.posted.find((m) => m.type === "turn-start");
  assert.ok(start?.type === "turn-start");
  const [user] = (await stored(h, start.conversationId)).messages;
  assert.ok(user.role === "user");
  assert.equal(user.text, "Fix the error in `cart.ts`: …", "the models were sent the task's instructions");
  assert.deepEqual(user.task, { name: "fix", typed: "/fix why does it fail?" });
  assert.deepEqual(user.editTarget, { fileName: "cart.ts", exists: true, cursor: { line: 0, character: 0 } });
  assert.equal(user.context?.[0].fileName, "cart.ts");
  assert.deepEqual(controller.answerOf(start.conversationId, (await stored(h, start.conversationId)).messages[1].id)?.question?.id, user.id);

  await controller.send("s2", "/cloud what is a map?");
  const cloud = h.posted.filter((m) => m.type === "turn-start").at(-1);
  assert.ok(cloud?.type === "turn-start");
  assert.equal(cloud.assistant.mode, "cloud");
  assert.equal(cloud.user.text, "what is a map?");
});

test("a task the editor cannot serve is refused with its reason, and nothing is asked", async (t) => {
  const teacher = new ScriptedTeacher({ tokens: ["x"] });
  const h = await harness(t, teacher, new ScriptedStudent(["y"]));
  h.deps.task = () => Promise.resolve({ problem: "Open a file first: /tests works on the code in the editor." });
  const controller = new ChatController(h.deps);
  assert.equal(await controller.send("s1", "/tests"), "Open a file first: /tests works on the code in the editor.");
  assert.deepEqual(h.posted.filter((m) => m.type === "reply"), [{ type: "reply", id: "s1", refused: "Open a file first: /tests works on the code in the editor." }]);
  assert.equal(teacher.requests.length, 0);
});

test("through the panel's requests, each send is answered once under its id: the second of two in one tick refused, the first taken before its answer ends", async (t) => {
  const h = await harness(t, new ScriptedTeacher({ tokens: ["Use", " a"], delayMs: 5 }), new ScriptedStudent([" map."], { delayMs: 5 }));
  const posted: HostMessage[] = [];
  const requests = new PanelRequests((m) => posted.push(m), (m, e) => assert.fail(`${m.type}: ${String(e)}`));
  h.deps.post = (m) => requests.post(m);
  const replies = (id: string): HostMessage[] => posted.filter((m) => m.type === "reply" && m.id === id);
  // As the host does: a send's handler is the controller, which replies as the turn starts.
  const send = (id: string, text: string): Promise<void> => requests.answer({ type: "send", id, text }, () => h.controller.send(id, text));
  const first = send("s1", "How?");
  await send("s2", "And?");
  assert.deepEqual(replies("s1"), [{ type: "reply", id: "s1", accepted: true }], "taken before its answer ended");
  assert.ok(!posted.some((m) => m.type === "turn" && m.event.type === "done"), "the answer was still being written");
  assert.deepEqual(replies("s2"), [{ type: "reply", id: "s2", refused: "An answer is still being written. Stop it first." }]);
  await first;
  assert.equal(replies("s1").length, 1, "still one reply once the answer is done");
  await requests.answer({ type: "open-conversation", id: "o1", conversationId: "gone" }, () => h.controller.open("gone"));
  assert.deepEqual(replies("o1"), [{ type: "reply", id: "o1", refused: "That conversation no longer exists." }]);
  await send("s3", "  ");
  assert.deepEqual(replies("s3"), [{ type: "reply", id: "s3", refused: "The message is empty." }]);
});
