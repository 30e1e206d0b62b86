// The teacher's view of an attached file in a real VS Code (code-server), used the way a user uses
// it: open a 540-line TypeScript file that was not written for this project (gpt-tokenizer's
// BytePairEncodingCore.ts, vendored in bench/file-questions/), put the cursor inside one method
// with Go to Line (Ctrl+G), run "Headstart: Attach Current File to Chat", and ask in guided mode
// (the defaults: `headstart.teacher.context: budgeted`, its default budget) about ANOTHER method,
// by name. Then:
//   - "What was sent" shows both methods whole (from VS Code's document symbol provider, with
//     their whole ranges) and the rest of the file as an outline with "… lines N-M not sent …"
//     markers, and is exactly the body the teacher received;
//   - the footer names both methods as sent whole, and shows the teacher's input and output
//     tokens and cost as the teacher reported them for that request;
//   - the answer is an answer, not an error.
// The teacher is TEST CODE (test/support/testTeacherServer.ts); its usage counts real o200k tokens
// of the messages it received. Needs what vscode.e2e.test.ts needs, with llama-2-tiny-random.gguf
// as the student instead of stories260K (see TINY_STUDENT_MODEL). Screenshots land in
// .test-artifacts/e2e/teacher-context/ (a folder of its own: vscode.e2e.test.ts clears the
// screenshots in .test-artifacts/e2e/ when it starts).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promptTokens, tokenPieces, DEFAULT_TEST_ANSWER } from "../support/testTeacherServer";
import { answers, sendMessage, waitForAnswer } from "./support/chatPanel";
import { editorLines, log, screenshotsIn, STATE_TIMEOUT_MS, step, waitUntil } from "./support/steps";
import { endTinySession, startTinySession, type TinySession } from "./support/tinyModelSession";
import { chatFrame, quickOpen, runCommand, statusBarText } from "./support/workbench";

const TEACHER_MODEL = "gpt-4o-mini";
/** What the test server reports as the answer's charge (usage.cost), and the footer must show. */
const REPORTED_COST = 0.000089;
/** `headstart.teacher.contextBudget`'s default: the teacher's view takes at most this many prompt tokens. */
const DEFAULT_BUDGET = 768;
/**
 * The student: a random-weight llama with Llama-2's 32,000-token vocabulary, in which the file is
 * about 4,000 tokens. (In stories260K's 512-token vocabulary it is over 10,000, which that model
 * took 150 s to read on two cores.) Its text is gibberish; only the teacher's view is tested.
 */
/** Room for the whole file in the student's context, as the panel's advice says ("raise headstart.student.contextSize"). */
const STUDENT_CONTEXT = 8192;
const FILE = "BytePairEncodingCore.ts";
const SOURCE = join(__dirname, "..", "..", "bench", "file-questions", FILE);
const QUESTION = "Why does bytePairEncode delete a cached result and set it again?";
/** The method the question names, and the one the cursor is in: their first lines. */
const NAMED = "  private bytePairEncode(input: string): number[] {";
const AT_CURSOR = "  decodeNative(tokens: Iterable<number>): string {";
/** The line the cursor is put on, inside `decodeNative`. */
const CURSOR_LINE = "        newBuffer.set(tokenBytes, intBuffer.length)";
/** A statement of a method neither named nor at the cursor: not sent. */
const BODY_LINE = "      const midKey = this.bytePairNonUtfSortedEncoder[mid]![0]";
const shot = screenshotsIn("teacher-context");

const env: TinySession = {};
/** Why this file cannot run on this machine (only ever set outside CI). */
let skipReason: string | undefined;

describe("the teacher sees the parts of an attached file the question is about, and “What was sent” shows them", { timeout: 20 * 60_000 }, () => {
  before(async () => {
    skipReason = await startTinySession(env, {
      shots: "teacher-context",
      teacher: { reportCostUsd: REPORTED_COST },
      prepare: (_install, _sandbox, workspace) => Promise.resolve(void cpSync(SOURCE, join(workspace, FILE))),
      // The teacher and student; the teacher's context and budget stay at their defaults.
      userSettings: (teacher, model) => ({
        "headstart.teacher.baseUrl": teacher.url,
        "headstart.teacher.model": TEACHER_MODEL,
        "headstart.student.model": model,
        "headstart.student.contextSize": STUDENT_CONTEXT,
        // The student's text is not what this test is about: a short one.
        "headstart.student.maxAnswerTokens": 64,
      }),
    });
  });

  after(() => endTinySession(env, "teacher-context"));

  test("attach a 540-line file, cursor in one method, ask about another: both go whole, the footer names them", async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    assert.ok(env.workbench, "the workbench did not open (see the steps above)");
    const { page } = env.workbench;
    const teacher = env.teacher!;
    const panel = chatFrame(page);
    const fileLines = readFileSync(SOURCE, "utf8").replace(/\n$/, "").split("\n");
    const named = methodLines(fileLines, NAMED);
    const atCursor = methodLines(fileLines, AT_CURSOR);
    const cursor = fileLines.indexOf(CURSOR_LINE, fileLines.indexOf(AT_CURSOR)) + 1;
    assert.ok(named.length > 10 && atCursor.length > 10 && cursor > 0 && fileLines.includes(BODY_LINE), `${SOURCE} is not the file this test was written for`);

    await step(`open ${FILE} and put the cursor on line ${cursor} with Go to Line (Ctrl+G)`, async () => {
      await quickOpen(page, FILE);
      await page.keyboard.press("Control+G");
      const input = page.locator(".quick-input-widget input").first();
      await input.waitFor({ state: "visible", timeout: STATE_TIMEOUT_MS });
      await input.fill(`:${cursor}`);
      await page.keyboard.press("Enter");
      await waitUntil(`the status bar to say Ln ${cursor}`, async () => (await statusBarText(page, "status.editor.selection"))?.startsWith(`Ln ${cursor},`), {
        describe: async () => String(await statusBarText(page, "status.editor.selection")),
      });
    });
    await step("wait for TypeScript's symbols: the breadcrumbs name the method at the cursor", async () => {
      // The symbols come from the document symbol provider, which answers once TypeScript's
      // language server has read the file (the extension waits 4 s at most, then guesses).
      const crumbs = page.locator(".breadcrumbs-control .monaco-breadcrumb-item");
      await waitUntil("“decodeNative” in the breadcrumbs", async () => (await crumbs.allInnerTexts()).some((c) => c.includes("decodeNative")), {
        timeoutMs: 120_000,
        describe: async () => (await crumbs.allInnerTexts()).join(" › "),
      });
    });
    await step("run “Headstart: Attach Current File to Chat”: the chat opens with the file as a chip", async () => {
      await runCommand(page, "Headstart: Attach Current File to Chat");
      await panel.locator(".chip .chip-label", { hasText: FILE }).waitFor({ timeout: 60_000 });
      await panel.locator('.mode-switch [data-mode="guided"][aria-checked="true"]').waitFor({ timeout: 30_000 });
      await shot(page, "01-file-attached");
    });
    const answer = await step("ask a question in guided mode and wait for the answer's footer", async () => {
      await sendMessage(panel, QUESTION);
      const a = await waitForAnswer(panel, 0, "the answer's footer", (v) => v.footer !== null, 180_000);
      assert.equal(a.mode, "guided");
      assert.equal(a.state, "", "finished, not stopped");
      assert.deepEqual(a.markTitles, [`Opening written by ${TEACHER_MODEL}`]);
      assert.deepEqual(a.notices.filter((n) => n.kind === "error"), [], "an answer, not an error");
      return a;
    });
    const request = await step("the teacher server got one chat request", () => {
      const chats = teacher.requests.filter((r) => `${r.method} ${r.path}` === "POST /v1/chat/completions");
      assert.equal(chats.length, 1, "exactly one chat request");
      return chats[0].body as { messages: { role: string; content: string }[]; max_tokens?: number; max_completion_tokens?: number };
    });
    const sent = await step("open “What was sent” and read the request it shows", async () => {
      await answers(panel).nth(0).getByRole("button", { name: "Show the request sent to the teacher" }).click();
      const editor = page.locator('.editor-instance .monaco-editor[data-uri^="headstart-sent:"]').first();
      await editor.waitFor({ timeout: 30_000 });
      const text = await waitUntil("the request's closing brace", async () => {
        const lines = await editorLines(editor);
        return lines.at(-1) === "}" || (lines.at(-2) === "}" && lines.at(-1) === "") ? lines.join("\n") : undefined;
      }, { describe: async () => (await editorLines(editor)).slice(-3).join("⏎") });
      // The user reads the parts in the document itself, markers and all (JSON keeps “…” and “–” as they are).
      assert.ok(text.includes(`Parts of \`${FILE}\` (${fileLines.length} lines; sent whole: BytePairEncodingCore.bytePairEncode, BytePairEncodingCore.decodeNative`), "the document names what went whole");
      assert.match(text, /… lines \d+-\d+ not sent …/, "the document shows elision markers");
      // Word wrap, so the screenshot shows the outline rather than the start of one long line.
      await runCommand(page, "View: Toggle Word Wrap");
      await shot(page, "02-what-was-sent");
      await runCommand(page, "View: Toggle Word Wrap");
      return JSON.parse(text.replace(/^\/\/.*$/gm, "")) as typeof request;
    });
    await step("what the document shows is what the teacher server received", () => {
      assert.deepEqual(sent, request);
    });
    const outline = await step("the question went with both methods whole and an outline of the rest, every gap marked", () => {
      const users = request.messages.filter((m) => m.role === "user");
      assert.equal(users.length, 1);
      const content = users[0].content;
      assert.ok(content.startsWith(`Parts of \`${FILE}\` (${fileLines.length} lines; sent whole: BytePairEncodingCore.bytePairEncode, BytePairEncodingCore.decodeNative`), content.slice(0, 300));
      assert.ok(content.includes(named.join("\n")), "the method the question names, whole");
      assert.ok(content.includes(atCursor.join("\n")), "the method at the cursor, whole");
      assert.ok(content.endsWith(`\n\n${QUESTION}`), "the question, verbatim, last");
      const block = /```typescript\n([\s\S]*?)\n```/.exec(content);
      assert.ok(block, "the outline is one fenced typescript block");
      const shown = block[1].split("\n");
      // Every shown line is the file's next line, or a marker naming exactly the lines skipped.
      let next = 1;
      let markers = 0;
      for (const line of shown) {
        const gap = /^… (?:lines (\d+)-(\d+)|line (\d+)) not sent …$/.exec(line);
        if (gap) {
          const [from, to] = gap[3] ? [Number(gap[3]), Number(gap[3])] : [Number(gap[1]), Number(gap[2])];
          assert.equal(from, next, `a marker starts where the shown lines stopped: ${line}`);
          next = to + 1;
          markers++;
        } else {
          assert.ok(isShownAs(fileLines[next - 1], line), `line ${next} is shown as it is in the file, a long one cut with “…”: ${JSON.stringify(line)}`);
          next++;
        }
      }
      assert.equal(next, fileLines.length + 1, "the parts and markers cover the whole file, in order");
      assert.ok(markers >= 1, "at least one elision marker");
      assert.ok(shown.includes(CURSOR_LINE), "the cursor's line is sent");
      assert.ok(!content.includes(BODY_LINE), "a statement of a method neither named nor at the cursor is not sent");
      assert.ok(!content.includes(fileLines.join("\n")), "the whole file is not sent");
      return { shown: shown.length, markers };
    });
    await step("the footer says the teacher saw a budgeted view, and shows the usage the teacher reported", async () => {
      const inputTokens = promptTokens(request.messages);
      const cap = request.max_completion_tokens ?? request.max_tokens ?? Number.POSITIVE_INFINITY;
      // What the server streamed: its answer's tokens up to the request's cap.
      let outputTokens = 0;
      for (const piece of tokenPieces(DEFAULT_TEST_ANSWER)) {
        if (outputTokens + piece.tokens > cap) break;
        outputTokens += piece.tokens;
      }
      assert.match(answer.fields["teacher-view"], /^budgeted context, 1 cut; sent whole: BytePairEncodingCore\.bytePairEncode, BytePairEncodingCore\.decodeNative\b.*; outline of the rest$/);
      assert.equal(answer.fields["teacher"], `teacher ${inputTokens} in / ${outputTokens} out · $0.000089`);
      assert.equal(answer.fields["teacher-cost"], "$0.000089");
      assert.ok(inputTokens <= DEFAULT_BUDGET, `the teacher's prompt (${inputTokens} tokens) is within the default budget of ${DEFAULT_BUDGET}`);
      await answers(panel).nth(0).scrollIntoViewIfNeeded();
      await shot(page, "03-footer");
      await shot(answers(panel).nth(0).locator("footer.msg-footer"), "04-footer-close-up");
      t.diagnostic(`teacher: ${inputTokens} in / ${outputTokens} out; ${outline.shown} lines shown of ${fileLines.length}, ${outline.markers} markers`);
    });
    log(`footer: ${answer.footer?.replace(/\s+/g, " ")}`);
  });
});

/** A method's lines, from its first line to the closing brace at its indentation. */
function methodLines(lines: readonly string[], first: string): string[] {
  const start = lines.indexOf(first);
  const end = lines.findIndex((l, i) => i > start && l === "  }");
  return start < 0 || end < 0 ? [] : lines.slice(start, end + 1);
}

/** Whether `shown` is the file's `line`: the same text, or a long line's beginning followed by " …". */
function isShownAs(line: string, shown: string): boolean {
  return shown === line || (shown.endsWith(" …") && shown.length < line.length && line.startsWith(shown.slice(0, -2)));
}


