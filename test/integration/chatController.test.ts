// The chat controller as the panel drives it, with the real student, the real teacher adapter
// against the test server, and conversations on disk: what leaks, what survives a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChatController, type ChatControllerDeps } from "../../src/common/panel/chatController";
import type { StoredConversation } from "../../src/common/history/chatHistory";
import { applyTurnEvent } from "../../src/common/panel/applyTurnEvent";
import { describeTurn } from "../../src/common/turn/describeTurn";
import { SpendJournal } from "../../src/node/spend/spendJournal";
import { TurnService } from "../../src/common/compose/turnService";
import type { HostMessage } from "../../src/common/panel/protocol";
import { readSettings } from "../../src/common/settings/readSettings";
import type { HeadstartSettings } from "../../src/common/settings/settings";
import type { Student } from "../../src/common/models/student";
import { loadGptTokenCounter } from "../../src/node/cost/gptTokenCounter";
import { JsonConversationStore } from "../../src/node/history/jsonConversationStore";
import { OpenAITeacher } from "../../src/node/teacher/openaiTeacher";
import { storiesStudent } from "../support/storiesStudent";
import { startTestTeacherServer, type TestTeacherServer } from "../support/testTeacherServer";

const LIMIT = { timeout: 120_000 };
const KEY = "sk-test-SECRET-4242-do-not-leak";

interface Harness {
  controller: ChatController;
  posted: HostMessage[];
  logs: string[];
  /** The spend journal the turns are recorded in, as the extension records them. */
  journal: SpendJournal;
  /** Resolves once every record so far is in the journal's file. */
  written(): Promise<void>;
}

function harness(dir: string, server: TestTeacherServer, student: Student, settings: Partial<HeadstartSettings> = {}, saveIntervalMs = 1000): Harness {
  const posted: HostMessage[] = [];
  const logs: string[] = [];
  const journal = new SpendJournal(join(dir, "spend", "spend-journal.jsonl"));
  let writes = Promise.resolve();
  const record = (entry: Parameters<SpendJournal["append"]>[0]): void => void (writes = writes.then(() => journal.append(entry)));
  const all = { ...readSettings(() => undefined).settings, "teacher.guidanceBudget": 10, ...settings };
  let n = 0;
  const turns = new TurnService({
    settings: () => all,
    teacher: () => Promise.resolve(new OpenAITeacher({ baseURL: server.url, apiKey: KEY, model: "gpt-4o-mini" })),
    student: () => Promise.resolve(student),
    counter: () => loadGptTokenCounter(),
    now: () => performance.now(),
    logError: (line) => assert.fail(line),
  });
  // The journal follows the service's turns, as the extension wires it.
  turns.onTeacherCharged((e) => record(e.entry));
  turns.onTurnEnded((e) => {
    record(e.entry);
    logs.push(describeTurn(e.record, e.face));
  });
  const spend = () => {
    const [today, month] = [journal.totals.day(new Date()), journal.totals.month(new Date())];
    return { todayUsd: today.teacherUsd, todayUnknownTurns: today.unpricedCharges, monthUsd: month.teacherUsd, monthSavingUsd: month.savingUsd, monthUnknownTurns: month.unpricedCharges };
  };
  const deps: ChatControllerDeps = {
    store: new JsonConversationStore(dir),
    turns,
    post: (m) => posted.push(m),
    settings: () => all,
    baseStatus: () => ({ mode: all.mode, teacher: { model: "gpt-4o-mini", host: "127.0.0.1", hasKey: true }, student: { model: "stories260K.gguf", state: "ready" }, spend: spend() }),
    context: { chars: () => 0, take: () => [] },
    log: (line) => logs.push(line),
    date: () => new Date(),
    newId: () => `id${++n}${Math.random().toString(36).slice(2, 8)}`,
    saveIntervalMs,
  };
  return { controller: new ChatController(deps), posted, logs, journal, written: () => writes };
}

async function tempDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "headstart-chat-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file the store wrote, conversations and the requests kept beside them. */
const savedFiles = async (dir: string): Promise<string> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, "utf8")))).join("\n");
};

test("the API key reaches the teacher's Authorization header and nothing else", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const dir = await tempDir(t);
  const h = harness(dir, server, student);
  await h.controller.send("s1", "Tell me a story.");
  // A provider that echoes the key in its error text must not get it into ours either.
  server.setBehavior({ status: 401, errorMessage: `Incorrect API key provided: ${KEY}` });
  await h.controller.send("s1", "Another one.");
  await h.controller.idle();

  assert.equal(server.requests[0].headers.authorization, `Bearer ${KEY}`);
  await h.written();
  const everywhere = [JSON.stringify(h.posted), h.logs.join("\n"), await savedFiles(dir), await readFile(h.journal.file, "utf8")].join("\n");
  assert.ok(h.posted.some((m) => m.type === "turn" && m.event.type === "notice" && m.event.reason === "auth"), "the 401 was reported");
  assert.ok(everywhere.includes("sentRequest"), "the answer says a request was sent");
  assert.ok(everywhere.includes('"max_completion_tokens"'), "what was sent is kept for the user to see");
  assert.equal(everywhere.includes(KEY), false, "the key leaked into panel messages, logs, stored conversations or the spend journal");
  assert.equal(everywhere.includes("SECRET-4242"), false);
});

test("an answer cut off by a reload comes back as far as it was shown, marked partial", LIMIT, async (t) => {
  const student = await storiesStudent(t, { maxAnswerTokens: 4000 });
  if (!student) return;
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const dir = await tempDir(t);
  const before = harness(dir, server, student, {}, 50);
  const sending = before.controller.send("s1", "Tell me a long story.");

  // Wait until a save shows the answer mid-way, then "reload": a new controller on the same files.
  let saved: StoredConversation | undefined;
  for (let i = 0; i < 400 && !saved; i++) {
    await new Promise((r) => setTimeout(r, 25));
    for (const f of await readdir(dir).catch(() => [] as string[])) {
      if (!f.endsWith(".json")) continue;
      const c = JSON.parse(await readFile(join(dir, f), "utf8").catch(() => "{}")) as StoredConversation;
      const last = c.messages?.at(-1);
      if (last?.role === "assistant" && last.streaming && last.text.length > last.guidanceLength + 20) saved = c;
    }
  }
  assert.ok(saved, "a streaming answer was saved while it was being written");
  // The teacher's charge was in the journal's file before the student finished: a reload now keeps it.
  await before.written();
  const reloaded = new SpendJournal(before.journal.file);
  reloaded.refresh();
  const charged = reloaded.totals.month(new Date());
  assert.ok(charged.teacherUsd > 0, `the month holds the teacher's charge: ${JSON.stringify(charged)}`);
  assert.equal(charged.turns, 0, "the turn itself has not ended");
  const after = harness(dir, server, student);
  const init = await after.controller.init();
  const answer = init.active?.messages.at(-1);
  assert.equal(answer?.role, "assistant");
  if (answer?.role !== "assistant") return;
  assert.equal(answer.partial, true);
  assert.equal(answer.streaming, false);
  assert.ok(answer.text.length > answer.guidanceLength, "the student's part so far is kept");
  assert.ok(answer.guidanceLength > 0, "and the teacher's opening with it");
  assert.equal(init.active?.messages[0]?.role, "user");

  await before.controller.stop();
  await sending;
  // Once the turn ends, its charge is not added a second time.
  await before.written();
  const month = before.journal.totals.month(new Date());
  assert.equal(month.turns, 1);
  assert.equal(month.teacherUsd, charged.teacherUsd);
});

test("a conversation's turns build on what was shown, and each adds to the spend journal", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer({ reportCostUsd: 0.0001 });
  t.after(() => server.close());
  const h = harness(await tempDir(t), server, student);
  await h.controller.send("s1", "First question.");
  const firstAnswer = h.posted.filter((m) => m.type === "turn" && m.event.type === "done").at(-1);
  await h.controller.send("s1", "Second question.");
  const body = server.requests[1].body as { messages: { role: string; content: string }[] };
  assert.deepEqual(body.messages.map((m) => m.role), ["system", "user", "assistant", "user"]);
  assert.equal(firstAnswer?.type === "turn" && firstAnswer.event.type === "done" && firstAnswer.event.message.text, body.messages[2].content);
  await h.written();
  assert.equal(h.journal.totals.month(new Date()).turns, 2);
  assert.ok(Math.abs(h.journal.totals.month(new Date()).teacherUsd - 0.0002) < 1e-12);
  const status = h.posted.filter((m) => m.type === "status").at(-1);
  assert.ok(status?.type === "status" && Math.abs(status.status.spend.todayUsd - 0.0002) < 1e-12, "the panel hears the new spend");
  assert.equal(h.logs.filter((l) => l.startsWith("turn face=panel ")).length, 2);
  assert.ok(!h.logs.join("\n").includes("First question"), "the log holds no message contents");

  const verbose = harness(await tempDir(t), server, student, { "log.includeContent": true });
  await verbose.controller.send("s1", "Third question.");
  assert.match(verbose.logs.find((l) => l.startsWith("turn content "))!, /question="Third question\." answer="/, "unless asked to");
});

test("a message too long for the limit is refused with a reason, and nothing is sent", LIMIT, async (t) => {
  const student = await storiesStudent(t);
  if (!student) return;
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const h = harness(await tempDir(t), server, student);
  await h.controller.send("s1", "x".repeat(100_001));
  const reply = h.posted.find((m) => m.type === "reply");
  assert.match(reply?.type === "reply" && "refused" in reply ? reply.refused : "", /100,001 characters; the limit is 100,000/);
  assert.equal(server.requests.length, 0);
});

test("after Stop, what the panel was shown is exactly what is kept: nothing arrives after it", LIMIT, async (t) => {
  const student = await storiesStudent(t, { maxAnswerTokens: 4000 });
  if (!student) return;
  const server = await startTestTeacherServer();
  t.after(() => server.close());
  const h = harness(await tempDir(t), server, student);
  const sending = h.controller.send("s1", "Tell me a long story.");
  for (let i = 0; i < 400 && !h.posted.some((m) => m.type === "turn" && m.event.type === "student"); i++) await new Promise((r) => setTimeout(r, 10));
  await h.controller.stop();
  await sending;
  const start = h.posted.find((m) => m.type === "turn-start");
  assert.ok(start?.type === "turn-start");
  // Replay everything the panel got, as the panel does.
  let shown = start.assistant;
  for (const m of h.posted) if (m.type === "turn" && m.event.type !== "done") shown = applyTurnEvent(shown, m.event);
  const done = h.posted.find((m) => m.type === "turn" && m.event.type === "done");
  assert.ok(done?.type === "turn" && done.event.type === "done");
  assert.equal(done.event.message.text, shown.text);
  assert.equal(done.event.message.guidanceLength, shown.guidanceLength);
  assert.equal(done.event.message.partial, true);
  assert.ok(shown.text.length > shown.guidanceLength, "the student had begun");
});
