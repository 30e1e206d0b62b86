// Rated answers become fine-tuning data in a real VS Code (code-server): two guided answers in the
// panel, one rated up (with a reason) and one down; an `@headstart` answer in VS Code's Chat view
// rated good with its "Rate" button (VS Code's own thumbs show only beside Copilot Chat, which
// code-server has not: both go to the same place). "Headstart: Export Conversations for Fine-Tuning"
// with its defaults shows a preview (screenshot), then writes a file that holds exactly the two
// rated-up answers, the panel's and the Chat view's, and not the one rated down, nor one rated up
// that was cut at the length limit (it ends mid-word). The save dialog offers a place outside the
// workspace; saving inside it asks first. The teacher is TEST CODE
// (test/support/testTeacherServer.ts), its answers short enough to finish them whole; the student
// is the tiny random model, which writes to its length limit when it continues one.
// Screenshots in .test-artifacts/e2e/export/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator } from "playwright-core";
import { answers, sendMessage, waitForAnswer } from "./support/chatPanel";
import { CHAT_USER_SETTINGS, chooseChatModel, clickResponseButton, nextResponseIndex, openChatView, sendChatMessage, waitForChatResponse } from "./support/chatView";
import { screenshotsIn, STATE_TIMEOUT_MS, step, waitUntil } from "./support/steps";
import { endTinySession, startTinySession, type TinySession } from "./support/tinyModelSession";
import { chatFrame, readNotifications, runCommand, waitForQuickInput } from "./support/workbench";

const TITLE = "Headstart: Export for Fine-Tuning";
const GOOD = "Tell me a story about a good dog.";
const POOR = "Tell me a story about a poor cat.";
const CHAT_VIEW = "Tell me a story about a helpful bird.";
const CUT = "Tell me a long story about a lost fox.";
/** The test teacher's answer: shorter than the opening's budget, so the teacher finishes it. */
const WHOLE_ANSWER = "Once upon a time, a kind animal helped a friend. The end.";
const REASON = "kind and short";
const CHAT_REASON = "a bird that helps";
const shot = screenshotsIn("export");

const env: TinySession = {};
let skipReason: string | undefined;

/** The rating's thumb under panel answer `index`. */
const thumb = (panel: FrameLocator, index: number, value: "up" | "down") => answers(panel).nth(index).locator(`.rate-button[data-value="${value}"]`);

async function askInPanel(panel: FrameLocator, question: string, index: number): Promise<void> {
  await sendMessage(panel, question);
  await waitForAnswer(panel, index, `answer ${index + 1}'s footer`, (v) => v.footer !== null, 180_000);
}

/** Each exported line's last question, as the trainer would read it. */
function exportedQuestions(lines: string[]): string[] {
  return lines.map((line) => {
    const messages = (JSON.parse(line) as { messages: { role: string; content: string }[] }).messages;
    return messages.filter((m) => m.role === "user").at(-1)!.content;
  });
}

describe("rate answers in the panel and the Chat view, then export the rated-up ones for fine-tuning", { timeout: 20 * 60_000 }, () => {
  before(async () => {
    skipReason = await startTinySession(env, {
      shots: "export",
      teacher: { answer: WHOLE_ANSWER },
      userSettings: (teacher, model) => ({
        ...CHAT_USER_SETTINGS,
        "headstart.teacher.baseUrl": teacher.url,
        "headstart.teacher.model": "gpt-4o-mini",
        "headstart.student.model": model,
        "headstart.student.maxAnswerTokens": 32,
      }),
    });
  });

  after(() => endTinySession(env, "export"));

  test("two panel answers rated up and down, a Chat view answer rated good; the export holds exactly the rated-up ones", async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    assert.ok(env.workbench && env.sandbox && env.workspace, "the workbench did not open (see the steps above)");
    const page = env.workbench.page;
    const storage = join(env.sandbox.userDataDir, "User", "globalStorage", "headstart-dev.headstart");
    const panel = chatFrame(page);

    await step("ask two guided questions in the panel", async () => {
      await runCommand(page, "Headstart: Open Chat");
      await panel.locator('.mode-switch [data-mode="guided"][aria-checked="true"]').waitFor({ timeout: 60_000 });
      await askInPanel(panel, GOOD, 0);
      await askInPanel(panel, POOR, 1);
    });
    await step("a third, whose opening the local model continues to its length limit: rated up, it is still not whole", async () => {
      env.teacher!.setBehavior({});
      await sendMessage(panel, CUT);
      const cut = await waitForAnswer(panel, 2, "the third answer's footer", (v) => v.footer !== null, 180_000);
      assert.ok(cut.notices.some((n) => /Cut at the length limit/.test(n.text)), `the answer says it was cut: ${JSON.stringify(cut.notices)}`);
      await thumb(panel, 2, "up").click();
      await waitUntil("answer 3 to show it was rated up", async () => (await thumb(panel, 2, "up").getAttribute("aria-pressed")) === "true", { timeoutMs: STATE_TIMEOUT_MS });
      env.teacher!.setBehavior({ answer: WHOLE_ANSWER });
    });
    await step(`rate the first up with the reason “${REASON}”, by keyboard, and the second down`, async () => {
      await thumb(panel, 0, "up").focus();
      await thumb(panel, 0, "up").press("Enter");
      const reason = answers(panel).nth(0).locator(".rating-input");
      await reason.waitFor({ state: "visible" });
      await reason.pressSequentially(REASON);
      await reason.press("Enter");
      await answers(panel).nth(0).locator(".rating-reason", { hasText: REASON }).waitFor({ timeout: STATE_TIMEOUT_MS });
      await thumb(panel, 1, "down").click();
      for (const [index, value] of [[0, "up"], [1, "down"]] as const) {
        await waitUntil(`answer ${index + 1} to show it was rated ${value}`, async () => (await thumb(panel, index, value).getAttribute("aria-pressed")) === "true", { timeoutMs: STATE_TIMEOUT_MS });
      }
      await shot(page, "01-rated-in-panel");
    });

    await step(`ask “@headstart ${CHAT_VIEW}” in the Chat view, press its “Rate” button, choose Good answer and give a reason`, async () => {
      await openChatView(page);
      await chooseChatModel(page, "Headstart guided", { mode: "Ask" });
      const index = await nextResponseIndex(page);
      await sendChatMessage(page, `@headstart ${CHAT_VIEW}`, { mode: "Ask" });
      await waitForChatResponse(page, index, 240_000);
      await clickResponseButton(page, index, "Rate");
      const choices = await waitForQuickInput(page, "Headstart: rate this answer");
      await choices.locator(".monaco-list-row", { hasText: "Good answer" }).click();
      const why = await waitForQuickInput(page, "Headstart: why? (optional)");
      await why.locator("input").first().pressSequentially(CHAT_REASON);
      await why.locator("input").first().press("Enter");
      await waitUntil("the “rated good” notification", async () => (await readNotifications(page)).some((n) => n.includes("rated good")), { timeoutMs: STATE_TIMEOUT_MS });
      await shot(page, "02-rated-in-chat-view");
    });
    await step("the Chat view's rating is kept in Headstart's storage, with the answer it rated and the reason", () =>
      waitUntil("a kept Chat view rating", () => {
        const dir = join(storage, "chat-view-ratings");
        if (!existsSync(dir)) return undefined;
        const kept = readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8"));
        return kept.some((text) => text.includes(CHAT_VIEW) && text.includes('"value":"up"') && text.includes(CHAT_REASON)) || undefined;
      }, { timeoutMs: STATE_TIMEOUT_MS }),
    );

    await step("run “Headstart: Export Conversations for Fine-Tuning” and keep its defaults: OpenAI format, rated up only, any day", async () => {
      await runCommand(page, "Headstart: Export Conversations for Fine-Tuning", { after: "nothing" });
      const formats = await waitForQuickInput(page, `${TITLE} (1/3): format`);
      await formats.locator(".monaco-list-row.focused", { hasText: "OpenAI chat fine-tuning" }).waitFor();
      await page.keyboard.press("Enter");
      const include = await waitForQuickInput(page, `${TITLE} (2/3): what to include`);
      const ticked = include.locator(".monaco-list-row", { has: page.locator("input[type=checkbox]:checked, .monaco-custom-toggle.checked") });
      await waitUntil("the ticked options", async () => (await ticked.allInnerTexts()).join("|").includes("Only answers rated up") || undefined, { timeoutMs: STATE_TIMEOUT_MS });
      assert.deepEqual((await ticked.allInnerTexts()).map((s) => s.split("\n")[0]), ["Only answers rated up"], "file contents are not ticked by default");
      await page.keyboard.press("Enter");
      await waitForQuickInput(page, `${TITLE} (3/3): which days`);
      await page.keyboard.press("Enter");
    });
    await step("the preview says what will be written (two answers, their size, the first line) before anything is", async () => {
      const dialog = page.locator(".monaco-dialog-box");
      await dialog.waitFor({ timeout: 30_000 });
      const text = await dialog.innerText();
      assert.match(text, /Export 2 answers, [\d.]+ (bytes|KB) as OpenAI chat fine-tuning\?/);
      assert.match(text, /The first line:\s*\{"messages":\[/);
      await shot(page, "03-export-preview");
      await dialog.getByRole("button", { name: "Save As…" }).click();
    });
    const file = join(env.workspace, `headstart-openai-${new Date().toISOString().slice(0, 10)}.jsonl`);
    await step("the save dialog offers a place outside the workspace; typed inside it, Headstart asks first, and Save Here writes it", async () => {
      const box = await waitForQuickInput(page, TITLE);
      const input = box.locator("input").first();
      const offered = await waitUntil("the suggested path", async () => {
        const path = await input.inputValue();
        return path.endsWith(".jsonl") ? path : undefined;
      }, { timeoutMs: STATE_TIMEOUT_MS });
      assert.ok(!offered.startsWith(env.workspace!), `the offered place is outside the workspace: ${offered}`);
      await input.fill(file);
      const warning = page.locator(".monaco-dialog-box", { hasText: "inside the workspace folder" });
      // The simple file dialog checks a typed path before it takes Enter: on a busy machine an Enter
      // pressed while it checks is lost, so it is pressed again while the dialog is still open.
      await waitUntil(
        "the question about saving inside the workspace",
        async () => {
          if (await warning.isVisible()) return true;
          if (await box.isVisible()) await input.press("Enter").catch(() => undefined);
          return false;
        },
        { timeoutMs: STATE_TIMEOUT_MS, intervalMs: 1_000 },
      );
      assert.match(await warning.innerText(), /where it may be committed with the code/);
      await shot(page, "04-inside-the-workspace");
      assert.ok(!existsSync(file), "nothing written before the answer");
      await warning.getByRole("button", { name: "Save Here" }).click();
      await waitUntil("the “exported” notification", async () => (await readNotifications(page)).some((n) => n.includes("exported 2 answers")), { timeoutMs: STATE_TIMEOUT_MS });
    });
    await step("the file holds exactly the panel's rated-up answer and the Chat view's, one JSON object a line", () => {
      const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
      assert.deepEqual(exportedQuestions(lines).sort(), [CHAT_VIEW, GOOD].sort());
      for (const line of lines) {
        const last = (JSON.parse(line) as { messages: { role: string; content: string }[] }).messages.at(-1)!;
        assert.equal(last.role, "assistant");
        assert.ok(last.content.trim().length > 0, "the answer is there");
      }
      assert.ok(!lines.some((l) => l.includes(POOR)), "the answer rated down is left out");
      assert.ok(!lines.some((l) => l.includes(CUT)), "the answer cut at the length limit is left out, though rated up");
    });
  });
});
