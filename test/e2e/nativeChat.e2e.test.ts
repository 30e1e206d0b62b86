// Headstart in VS Code's own Chat view (the secondary side bar), in a real VS Code (code-server)
// with Chromium, from the packaged .vsix, used the way a user uses it. One workbench, in order:
//   1. `@headstart` answers a question in guided mode: while it streams, a progress line says the
//      teacher is asked for the opening; the answer is the teacher's opening followed by the local
//      model's text; its last lines name the teacher ("Opening by gpt-4o-mini …") and give the
//      turn's figures, whose cost is the one the test teacher reported; "What was sent" opens the
//      request the teacher server received;
//   2. Stop, while the (slow) teacher is still writing the opening, keeps the partial text: a
//      prefix of what the teacher was sending;
//   3. "Headstart guided", chosen in the model picker (Ask mode), answers a plain message in a new
//      chat with the teacher's opening;
//   4. another extension (the lm-caller fixture, test/e2e/fixtures/lm-caller) gets a streamed
//      answer from `vscode.lm.selectChatModels({ vendor: "headstart" })`;
//   5. the status bar's spend is the sum of what the test teacher reported for every request it
//      finished, plus what Headstart counted for the stopped one (the server, cut off, reported
//      nothing for it; the status bar's change across part 2 is what Headstart counted).
// The teacher is TEST CODE (test/support/testTeacherServer.ts: the OpenAI wire format, canned
// answers) on 127.0.0.1 in this process. The user settings are the Chat view's (CHAT_USER_SETTINGS:
// AI features on, anonymous access, the Ask mode) with the teacher and student set directly; the
// student is llama-2-tiny-random.gguf (random weights, so its text is gibberish; it is fast).
// Needs what vscode.e2e.test.ts needs; without it the file skips, saying why (fails when CI is set).
// Screenshots land in .test-artifacts/e2e/native-chat/ (a folder of its own: vscode.e2e.test.ts
// clears the screenshots in .test-artifacts/e2e/ when it starts); a failed step also leaves
// `failed-<step>.png` in .test-artifacts/e2e/.
import { after, before, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { formatUsd } from "../../src/common/cost/money";
import { DEFAULT_TEST_ANSWER, promptTokens, tokenPieces, type RecordedRequest } from "../support/testTeacherServer";
import {
  CHAT_USER_SETTINGS,
  chooseChatModel,
  clickResponseButton,
  newChat,
  nextResponseIndex,
  openChatView,
  readChatResponse,
  sendChatMessage,
  stopChatResponse,
  waitForChatResponse,
  waitForStreamingText,
  watchChatResponse,
  type ChatResponseView,
} from "./support/chatView";
import { installFixtureExtension, LM_CALLER, lmCallerResultFile, readLmCallerResult } from "./support/fixtureExtension";
import { editorLines, log, screenshotsIn, step, waitUntil } from "./support/steps";
import { endTinySession, startTinySession, type TinySession } from "./support/tinyModelSession";
import { escapeRegExp, runCommand, statusBarText } from "./support/workbench";

const STATUS_BAR_ITEM = "headstart-dev.headstart.headstart.status";
const TEACHER_MODEL = "gpt-4o-mini";
/** Room for what VS Code's Ask mode sends with a plain message, beside the question. */
const STUDENT_CONTEXT = 8192;
/** The local model's part is not what this test is about: a short one. */
const STUDENT_MAX_TOKENS = 48;
/**
 * What the test teacher reports as the charge (usage.cost) of each request, by step; the figures
 * shown must be these. The stopped request is cut off before its usage chunk: its cost is never sent.
 */
const COST = { participant: 0.00012, stopped: 0.00021, picker: 0.000034, lmCaller: 0.000056 };
/** Between two tokens of the teacher's answer in the Stop step: slow enough to stop it mid-opening. */
const SLOW_DRIP_MS = 250;
const QUESTION = "Tell me a story about a ball";
const STOP_QUESTION = "Tell me a very long story about a red kite";
const PICKER_QUESTION = "Tell me a story about a park";
const LM_CALLER_PROMPT = "Tell me a story about a tree";
/** The opening's first words, as the Chat view shows them (the canned answer's start). */
const OPENING_WORDS = "Once upon a time, there was a little girl";
const shot = screenshotsIn("native-chat");
/** When this file started: the status bar shows the day's spend. */
const STARTED = new Date();

const env: TinySession & { lmCallerResult?: string } = {};
/** Why this file cannot run on this machine (only ever set outside CI). */
let skipReason: string | undefined;
/** What the stopped turn (part 2) added to the spend, as the status bar showed it. */
let stoppedCharge: number | undefined;
/**
 * What the test teacher was told to report (usage.cost) for each request it received, by the
 * request's index in `teacher.requests`: the cost in force when the request arrived.
 */
const reportedCosts: { from: number; usd: number }[] = [];

describe("Headstart in VS Code's Chat view: @headstart, the model picker and vscode.lm, on one spend", { timeout: 25 * 60_000 }, () => {
  before(async () => {
    skipReason = await startTinySession(env, {
      shots: "native-chat",
      prepare: async (install, sandbox, workspace) => {
        await step("install the lm-caller fixture extension beside it", () => installFixtureExtension(install, sandbox, LM_CALLER.name));
        env.lmCallerResult = lmCallerResultFile(workspace);
        return { [LM_CALLER.env.result]: env.lmCallerResult, [LM_CALLER.env.prompt]: LM_CALLER_PROMPT };
      },
      userSettings: (teacher, model) => ({
        ...CHAT_USER_SETTINGS,
        "headstart.teacher.baseUrl": teacher.url,
        "headstart.teacher.model": TEACHER_MODEL,
        "headstart.student.model": model,
        "headstart.student.contextSize": STUDENT_CONTEXT,
        "headstart.student.maxAnswerTokens": STUDENT_MAX_TOKENS,
      }),
    });
  });

  after(() => endTinySession(env, "native-chat"));

  part("@headstart answers in guided mode: the opening line, the teacher's opening, the local model's text, the reported cost, What was sent", async (page, t) => {
    const teacher = env.teacher!;
    setTeacher({ reportCostUsd: COST.participant });
    await step("open the Chat view (Ctrl+Alt+I) and choose “Headstart guided” in Ask mode", async () => {
      await openChatView(page);
      await shot(page, "01-chat-view");
      // VS Code (1.139) gives every participant request a chat model and, without Copilot, fails
      // it with "Language model unavailable" when none is chosen; the picker lists Headstart's
      // models only once Headstart has activated. So a first `@headstart` in a fresh window fails
      // unless a model was chosen first: the user chooses one.
      await chooseChatModel(page, "Headstart guided", { mode: "Ask" });
    });
    const index = await nextResponseIndex(page);
    const watch = await watchChatResponse(page, index);
    await step(`send “@headstart ${QUESTION}”`, () => sendChatMessage(page, `@headstart ${QUESTION}`, { mode: "Ask" }));
    const response = await step("wait for the answer to finish", async () => {
      const r = await waitForChatResponse(page, index, 240_000);
      await shot(page, "02-participant-answer");
      return r;
    });
    log(`@headstart answer: ${JSON.stringify(response)}`);
    const seen = await watch.read();
    log(`seen while streaming: ${JSON.stringify(seen)}`);
    const request = await step("the teacher server got one chat request, for this question", () => {
      const chats = teacher.requests.filter(isChatRequest);
      assert.equal(chats.length, 1, "exactly one chat request");
      assert.equal(bodyOf(chats[0]).model, TEACHER_MODEL);
      assert.ok(lastUserText(chats[0]).includes(QUESTION), "the question went to the teacher");
      return chats[0];
    });
    await step("while it streamed, a progress line said the teacher was asked for the opening", () => {
      assert.ok(seen.progress.includes(`Asking ${TEACHER_MODEL} for the opening…`), JSON.stringify(seen.progress));
      assert.ok(seen.growths > 1, "the text streamed in");
    });
    await step("the answer is the teacher's opening followed by the local model's text, then the opening and cost lines", () => {
      assert.equal(response.participant, "Headstart");
      assert.deepEqual(response.errors, []);
      const parts = lastLines(response);
      const streamed = teacherStreamed(request);
      // What the reader sees: VS Code folds what an answer streamed before its last progress line
      // into the collapsed "Completed N steps" summary, so the opening must not be there.
      assert.deepEqual(
        response.folded,
        [],
        `the answer is on screen, not folded into the collapsed “${response.progress.join(" / ")}” summary (folded there: ${JSON.stringify(response.folded)})`,
      );
      // Where the teacher's words end is marked in the answer itself: the opening, ⟧, the rest.
      const mark = parts.answer.indexOf("⟧");
      assert.ok(mark > 0 && parts.answer.indexOf("⟧", mark + 1) < 0, `one ⟧ in the answer: ${JSON.stringify(parts.answer)}`);
      const opening = checkGuidedAnswer(flat(parts.answer.replace("⟧", "")), streamed.text);
      assert.equal(flat(parts.answer.slice(0, mark)), opening, "the mark is where the opening ends");
      assert.equal(
        parts.opening,
        `Opening by ${TEACHER_MODEL} (${streamed.tokens} tokens), up to the ⟧ mark: “${quote(opening)}”; the rest by your local model.`,
      );
      const cost = formatUsd(COST.participant);
      // "guided · budgeted context, nothing left out · teacher gpt-4o-mini: 49 in / 32 out, $0.000120 · student: …"
      const teacherFigures = `teacher ${TEACHER_MODEL}: ${promptTokens(bodyOf(request).messages)} in / ${streamed.tokens} out, ${cost}`;
      assert.ok(
        new RegExp(`^guided(?: · [^·]*context[^·]*)? · ${escapeRegExp(teacherFigures)} · student: `).test(parts.figures),
        `the figures give the teacher's usage and the cost it reported (${teacherFigures}): ${parts.figures}`,
      );
      assert.match(parts.figures, /· student: [1-9]\d* tokens at \d+ tok\/s · /);
      assert.ok(parts.figures.endsWith(" · cost reported by the provider"), parts.figures);
      assert.ok(response.buttons.includes("What was sent"), JSON.stringify(response.buttons));
      t.diagnostic(`figures: ${parts.figures}`);
    });
    const sent = await step("click “What was sent”: a read-only document shows the request", async () => {
      await clickResponseButton(page, index, "What was sent");
      const editor = page.locator('.editor-instance .monaco-editor[data-uri^="headstart-sent:"]').first();
      await editor.waitFor({ timeout: 30_000 });
      const text = await waitUntil(
        "the request's closing brace",
        async () => {
          const lines = await editorLines(editor);
          return lines.at(-1) === "}" || (lines.at(-2) === "}" && lines.at(-1) === "") ? lines.join("\n") : undefined;
        },
        { describe: async () => (await editorLines(editor)).slice(-3).join("⏎") },
      );
      assert.ok(text.startsWith(`// POST ${teacher.url}/chat/completions\n`), text.slice(0, 200));
      await runCommand(page, "View: Toggle Word Wrap");
      await shot(page, "03-what-was-sent");
      await runCommand(page, "View: Toggle Word Wrap");
      return JSON.parse(text.replace(/^\/\/.*$/gm, "")) as unknown;
    });
    await step("what the document shows is what the teacher server received", async () => {
      assert.deepEqual(sent, request.body);
      await runCommand(page, "View: Close Editor");
    });
    await step(`the status bar's spend is the cost the teacher reported (${formatUsd(COST.participant)})`, async () => {
      const spend = await settledSpend(page);
      // Past midnight the day's spend starts again: only then may it differ.
      if (new Date().getDate() === STARTED.getDate()) assert.equal(spend.text, `guided · ${formatUsd(COST.participant)}`);
    });
  });

  part("Stop while the teacher writes the opening keeps the partial text, and the answer ends there", async (page, t) => {
    const teacher = env.teacher!;
    setTeacher({ reportCostUsd: COST.stopped, dripMs: SLOW_DRIP_MS });
    const before = teacher.requests.length;
    await step("the Chat view is open, in Ask mode with “Headstart guided” chosen (as part 1 left it)", async () => {
      await openChatView(page);
      await chooseChatModel(page, "Headstart guided", { mode: "Ask" });
    });
    const spentBefore = await settledSpend(page);
    const index = await nextResponseIndex(page);
    await step(`send “@headstart ${STOP_QUESTION}” (the teacher sends a token every ${SLOW_DRIP_MS} ms)`, () =>
      sendChatMessage(page, `@headstart ${STOP_QUESTION}`, { mode: "Ask" }),
    );
    const streaming = await step("wait until the opening is streaming", async () => {
      const r = await waitForStreamingText(page, index, 12, 120_000);
      await shot(page, "04-streaming-before-stop");
      return r;
    });
    log(`streaming before Stop: ${JSON.stringify(streaming.text)}`);
    const stopped = await step("press Stop: the answer ends, its text kept", async () => {
      const r = await stopChatResponse(page, index, 60_000);
      await shot(page, "05-stopped");
      return r;
    });
    log(`stopped answer: ${JSON.stringify(stopped)}`);
    await step("the teacher's request was cut off before it finished", async () => {
      const chats = teacher.requests.slice(before).filter(isChatRequest);
      assert.equal(chats.length, 1, "one chat request");
      assert.ok(lastUserText(chats[0]).includes(STOP_QUESTION));
      const { completed } = await chats[0].closed;
      assert.equal(completed, false, "the stream was ended by Stop, before the server had sent it all");
    });
    await step("the kept text is a non-empty prefix of the teacher's answer, and the answer ends where Stop cut it", async () => {
      const kept = flat(stopped.text);
      assert.ok(kept.length > 0, "some text is kept");
      assert.ok(flat(DEFAULT_TEST_ANSWER).startsWith(kept), `the kept text is a prefix of what the teacher sent: ${JSON.stringify(kept)}`);
      assert.ok(kept.length < flat(DEFAULT_TEST_ANSWER).length, "stopped before the end");
      // Still on screen a moment later: a stopped answer is neither replaced nor cleared, and
      // nothing is added after Stop. VS Code (1.139) marks a cancelled response no differently
      // from a finished one (no text or attribute of its row says so; errorDetails are dropped
      // for it), and drops what a participant streams after Stop: the answer just ends there,
      // without Headstart's last lines (the opening and figures lines, "What was sent").
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const later = await readChatResponse(page, index);
      assert.equal(flat(later.text), kept);
      assert.deepEqual(later.folded, []);
      assert.deepEqual(later.errors, []);
      assert.deepEqual(later.buttons, [], "no “What was sent” after Stop");
      assert.ok(!later.text.includes("Opening by"), later.text);
      assert.equal(later.loading, false);
    });
    await step("read what the stopped turn added to the status bar's spend", async () => {
      // The server was cut off before its usage chunk, so it reported no cost for this request:
      // what Headstart counts for it (nothing, or its own estimate of the tokens streamed) is
      // taken from the status bar, for the final sum.
      const spentAfter = await settledSpend(page);
      stoppedCharge = Math.round((spentAfter.usd - spentBefore.usd) * 1e6) / 1e6;
      assert.ok(stoppedCharge >= 0, `the spend did not go down: ${spentBefore.text} → ${spentAfter.text}`);
      t.diagnostic(`the stopped turn added ${formatUsd(stoppedCharge)} (${spentBefore.text} → ${spentAfter.text})`);
    });
  });

  part("“Headstart guided”, chosen in the model picker, answers a plain Ask-mode message in a new chat", async (page) => {
    const teacher = env.teacher!;
    setTeacher({ reportCostUsd: COST.picker });
    const before = teacher.requests.length;
    await step("start a new chat and choose “Headstart guided” in the model picker (Ask mode)", async () => {
      await newChat(page);
      await chooseChatModel(page, "Headstart guided", { mode: "Ask" });
      await shot(page, "06-model-picked");
    });
    const index = await nextResponseIndex(page);
    await step(`send the plain message “${PICKER_QUESTION}”`, () => sendChatMessage(page, PICKER_QUESTION, { mode: "Ask" }));
    const response = await step("wait for the answer", async () => {
      const r = await waitForChatResponse(page, index, 240_000);
      await shot(page, "07-model-answer");
      return r;
    });
    log(`picker answer: ${JSON.stringify(response)}`);
    await step("the teacher got the message; the answer is its opening followed by the local model's text", () => {
      assert.deepEqual(response.errors, []);
      assert.match(response.details, /Headstart guided/, "the footer names the model");
      const chats = teacher.requests.slice(before).filter(isChatRequest);
      assert.equal(chats.length, 1, "one chat request");
      assert.ok(lastUserText(chats[0]).includes(PICKER_QUESTION), "the message reached the teacher");
      checkGuidedAnswer(flat(response.text), teacherStreamed(chats[0]).text);
    });
  });

  part("another extension asks vscode.lm for vendor “headstart” and gets a streamed answer", async (page) => {
    const teacher = env.teacher!;
    setTeacher({ reportCostUsd: COST.lmCaller });
    const before = teacher.requests.length;
    rmSync(env.lmCallerResult!, { force: true });
    await step(`run “${LM_CALLER.title}”`, () => runCommand(page, LM_CALLER.title, { timeoutMs: 60_000 }));
    const result = await step("read what the fixture got", () => readLmCallerResult(env.lmCallerResult!, 240_000));
    await shot(page, "08-lm-caller");
    log(`lm-caller: ${JSON.stringify(result)}`);
    await step("a streamed answer from headstart-guided: the teacher's opening, then the local model's text", () => {
      assert.ok(result.ok, `the request failed: ${"error" in result ? result.error : ""}`);
      assert.equal(result.model.id, "headstart-guided");
      assert.equal(result.model.vendor, "headstart");
      assert.ok(result.model.maxInputTokens > 0, `maxInputTokens ${result.model.maxInputTokens}`);
      assert.deepEqual(result.models.map((m) => m.id).sort(), ["headstart-guided", "headstart-local"]);
      assert.ok(result.fragments > 1, `streamed in ${result.fragments} fragments`);
      const chats = teacher.requests.slice(before).filter(isChatRequest);
      assert.equal(chats.length, 1, "one chat request");
      assert.ok(lastUserText(chats[0]).includes(LM_CALLER_PROMPT), "the prompt reached the teacher");
      checkGuidedAnswer(flat(result.text), teacherStreamed(chats[0]).text);
    });
  });

  test("the status bar's spend is the sum of what the test teacher reported for the requests it finished (and the stopped turn's charge)", async (t) => {
    const page = ready(t);
    if (!page) return;
    // It adds up whatever turns the parts above ran; it needs part 2's reading of the stopped turn.
    if (stoppedCharge === undefined) return t.skip("needs what part 2 read of the stopped turn's charge, and part 2 failed before that");
    const teacher = env.teacher!;
    const day = STARTED.getDate();
    const expected = await step("add up the cost the server reported for each request it finished", async () => {
      let sum = 0;
      const lines: string[] = [];
      for (const [i, r] of teacher.requests.entries()) {
        if (!isChatRequest(r)) continue;
        // Only a finished stream carried its usage chunk, with the reported cost.
        const { completed } = await r.closed;
        const usd = costReportedFor(i);
        lines.push(`#${i} ${completed ? `finished, reported ${usd}` : "cut off, reported nothing"}: ${JSON.stringify(lastUserText(r).slice(-60))}`);
        if (completed) sum += usd;
      }
      // The stopped request was cut off before that chunk (part 2 checked it), so the server
      // reported nothing for it; Headstart counts its own estimate of the tokens streamed, which
      // part 2 read off the status bar. Every other figure is what the server reported.
      assert.equal(lines.filter((l) => l.includes("cut off")).length, 1, "one request was cut off: the stopped one");
      sum += stoppedCharge!;
      t.diagnostic(`${lines.join("\n")}\nthe stopped turn, as the status bar counted it: ${stoppedCharge}`);
      return formatUsd(sum);
    });
    await step(`see ${expected} in the status bar`, async () => {
      const text = await waitUntil(
        `the status bar to show ${expected}`,
        async () => {
          const now = await statusBarText(page, STATUS_BAR_ITEM);
          return now?.endsWith(` · ${expected}`) ? now : undefined;
        },
        { timeoutMs: 30_000, describe: async () => String(await statusBarText(page, STATUS_BAR_ITEM)) },
      ).catch(async (error: unknown) => {
        // Past midnight the day's spend starts again: only then may it differ.
        if (new Date().getDate() !== day) return (await statusBarText(page, STATUS_BAR_ITEM)) ?? "";
        throw error;
      });
      if (new Date().getDate() === day) assert.equal(text, `guided · ${expected}`);
      await shot(page, "09-status-bar");
      await shot(page.locator(`.statusbar-item[id="${STATUS_BAR_ITEM}"]`), "10-status-bar-close-up");
    });
  });
});

/**
 * The status bar's spend once no turn is running and it has held still for a moment: its text
 * ("guided · $0.000120") and the dollars.
 */
async function settledSpend(page: Page): Promise<{ text: string; usd: number }> {
  const item = page.locator(`.statusbar-item[id="${STATUS_BAR_ITEM}"]`);
  let last = "";
  return waitUntil(
    "the status bar's spend to settle",
    async () => {
      const busy = (await item.locator('[class*="codicon-loading"]').count()) > 0;
      const text = (await statusBarText(page, STATUS_BAR_ITEM)) ?? "";
      const same = text === last;
      last = text;
      const usd = /· \$(\d+(?:\.\d+)?)$/.exec(text)?.[1];
      return !busy && same && usd !== undefined ? { text, usd: Number(usd) } : undefined;
    },
    { timeoutMs: 60_000, intervalMs: 750, describe: () => last },
  );
}

/** Tells the test teacher how to answer from now on, and notes the cost it will report. */
function setTeacher(behavior: { reportCostUsd: number; dripMs?: number }): void {
  env.teacher!.setBehavior(behavior);
  reportedCosts.push({ from: env.teacher!.requests.length, usd: behavior.reportCostUsd });
}

/** The cost the test teacher was told to report when request `index` arrived. */
function costReportedFor(index: number): number {
  const set = reportedCosts.filter((c) => c.from <= index).at(-1);
  assert.ok(set, `no cost was set for request ${index}`);
  return set.usd;
}

function isChatRequest(r: RecordedRequest): boolean {
  return r.method === "POST" && r.path === "/v1/chat/completions";
}

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  max_tokens?: number;
  max_completion_tokens?: number;
}

function bodyOf(r: RecordedRequest): ChatBody {
  return r.body as ChatBody;
}

function lastUserText(r: RecordedRequest): string {
  const users = bodyOf(r).messages.filter((m) => m.role === "user");
  const content = users.at(-1)?.content;
  return typeof content === "string" ? content : JSON.stringify(content);
}

/** What the test teacher streamed for `r`: its canned answer, up to the request's token cap. */
function teacherStreamed(r: RecordedRequest): { text: string; tokens: number } {
  const body = bodyOf(r);
  const cap = body.max_completion_tokens ?? body.max_tokens ?? Number.POSITIVE_INFINITY;
  let tokens = 0;
  let text = "";
  for (const piece of tokenPieces(DEFAULT_TEST_ANSWER)) {
    if (tokens + piece.tokens > cap) break;
    tokens += piece.tokens;
    text += piece.text;
  }
  return { text, tokens };
}

/** Text with its whitespace runs made single spaces, as rendered markdown shows it. */
function flat(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Checks a guided answer (whitespace made single spaces) against what the teacher `written` for it: it starts with the opening as far as its last whole word (the word
 * the token budget may have cut in half is left to the local model), the local model's text
 * follows, and the half word is not shown after it. Returns the opening.
 */
function checkGuidedAnswer(answer: string, written: string): string {
  assert.ok(written.length < DEFAULT_TEST_ANSWER.length, "the teacher was stopped by the budget, so the local model continues");
  const cut = written.search(/\s\S*$/);
  const opening = flat(written.slice(0, cut));
  const halfWord = written.slice(cut).trim();
  assert.ok(answer.startsWith(OPENING_WORDS) && answer.startsWith(opening), `the answer starts with the teacher's opening ${JSON.stringify(opening)}: ${JSON.stringify(answer.slice(0, 200))}`);
  const rest = answer.slice(opening.length).trim();
  assert.ok(rest.length > 0, `the local model's text follows the opening: ${JSON.stringify(answer)}`);
  assert.ok(
    !rest.endsWith(` ${halfWord}`),
    `the teacher's last word “${halfWord}”, which the handoff left to the local model, is not shown after the local model's text: ${JSON.stringify(answer)}`,
  );
  return opening;
}

/** The opening's first eight words, as the "Opening by" line quotes them. */
function quote(opening: string): string {
  const words = opening.trim().split(/\s+/);
  return words.slice(0, 8).join(" ") + (words.length > 8 ? "…" : "");
}

/**
 * A finished @headstart answer split into its parts: the answer itself, then (after the rule) the
 * "Opening by …" line and the line of figures.
 */
function lastLines(response: ChatResponseView): { answer: string; opening: string; figures: string } {
  const text = flat(response.text);
  const at = text.lastIndexOf(`Opening by ${TEACHER_MODEL}`);
  assert.ok(at > 0, `an “Opening by ${TEACHER_MODEL}” line after the answer: ${JSON.stringify(response.text)}`);
  const tail = text.slice(at);
  const end = tail.indexOf("; the rest by your local model.") + "; the rest by your local model.".length;
  return { answer: text.slice(0, at).trim(), opening: tail.slice(0, end), figures: tail.slice(end).trim() };
}



/** A part of the journey, on the shared workbench (skipped, saying why, where VS Code cannot run). */
function part(name: string, body: (page: Page, t: TestContext) => Promise<void>): void {
  test(name, async (t) => {
    const page = ready(t);
    if (page) await body(page, t);
  });
}

/** The workbench page, or `undefined` after marking the test skipped (outside CI only). */
function ready(t: TestContext): Page | undefined {
  if (skipReason !== undefined) {
    t.skip(skipReason);
    return undefined;
  }
  assert.ok(env.workbench, "the workbench did not open (see the steps above)");
  return env.workbench.page;
}
