// From answer to edit in a real VS Code (code-server), with TypeScript's own diagnostics: the
// demo's cart.ts has one type error; the light bulb lists "Fix with Headstart"; the panel answers
// (the test teacher's canned fix, short enough that the teacher's opening is the whole answer);
// "Apply to cart.ts" shows VS Code's diff; Accept makes exactly the fix, one Undo takes it back;
// Discard leaves the file as it is. The same from the Chat view with `@headstart /fix`, and
// `/tests` creates the test file beside the cart after Accept.
// The teacher is TEST CODE (test/support/testTeacherServer.ts with the demo's canned answers,
// scripts/demoAnswers.ts); the student is the tiny random model. Screenshots in
// .test-artifacts/e2e/edits/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { CART_TESTS, DEMO_ANSWERS, FIX_SAMPLE, FIXED_TOTAL_CENTS } from "../../scripts/demoAnswers";
import { answers, sendMessage, waitForAnswer } from "./support/chatPanel";
import { CHAT_USER_SETTINGS, chooseChatModel, clickResponseButton, nextResponseIndex, openChatView, sendChatMessage, waitForChatResponse } from "./support/chatView";
import { screenshotsIn, STATE_TIMEOUT_MS, step, waitUntil } from "./support/steps";
import { endTinySession, startTinySession, type TinySession } from "./support/tinyModelSession";
import { chatFrame, quickOpen, textEditor, wholeEditorText } from "./support/workbench";

const SAMPLE = join(__dirname, "..", "..", "docs", "demo-workspace", "cart.ts");
const ORIGINAL = readFileSync(SAMPLE, "utf8");
/** The sample with the canned fix in place: one word changed, every other byte as it was. */
const FIXED = ORIGINAL.replace(/export function totalCents[\s\S]*?\n}\n/, FIXED_TOTAL_CENTS);
const shot = screenshotsIn("edits");
const readmeShot = screenshotsIn("readme");

const env: TinySession = {};
let skipReason: string | undefined;

describe("edits: the light bulb, Apply with a diff, Accept, Undo and Discard, in the panel and the Chat view", { timeout: 25 * 60_000 }, () => {
  before(async () => {
    skipReason = await startTinySession(env, {
      shots: "edits",
      teacher: { answers: DEMO_ANSWERS },
      prepare: (_install, _sandbox, workspace) => {
        copyFileSync(SAMPLE, join(workspace, FIX_SAMPLE.fileName));
        // vitest in the manifest: /tests writes vitest tests.
        writeFileSync(join(workspace, "package.json"), JSON.stringify({ name: "cart", private: true, devDependencies: { vitest: "^3.0.0" } }, null, 2));
        return Promise.resolve();
      },
      userSettings: (teacher, model) => ({
        ...CHAT_USER_SETTINGS,
        "headstart.teacher.baseUrl": teacher.url,
        "headstart.teacher.model": "test-teacher",
        "headstart.student.model": model,
        "headstart.student.maxAnswerTokens": 32,
        // A fix this short is the teacher's whole answer: it finishes inside its opening.
        "headstart.teacher.guidanceBudget": 400,
      }),
    });
  });

  after(() => endTinySession(env, "edits"));

  test("panel: light bulb → Fix with Headstart → Apply → diff → Accept → Undo; Discard writes nothing", async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    const page = env.workbench!.page;
    const file = join(env.workspace!, FIX_SAMPLE.fileName);
    const editor = await step("open cart.ts and wait for TypeScript's error on line 13", async () => {
      const opened = await quickOpen(page, FIX_SAMPLE.fileName);
      await opened.locator(".squiggly-error").first().waitFor({ timeout: 120_000 });
      return opened;
    });
    await step("put the cursor on the error and open the light bulb (Ctrl+.): it lists “Fix with Headstart”", async () => {
      await goToLine(page, `${FIX_SAMPLE.line}:17`);
      const item = page.locator(".action-widget .monaco-list-row", { hasText: "Fix with Headstart" }).first();
      await waitUntil("“Fix with Headstart” in the light bulb's menu", async () => {
        await page.keyboard.press("Control+.");
        return item.waitFor({ timeout: 5_000 }).then(() => true, async () => (await page.keyboard.press("Escape"), false));
      }, { timeoutMs: 90_000 });
      await shot(page, "01-light-bulb");
      await item.click();
    });
    const panel = chatFrame(page);
    await step("the panel answers the fix: the diagnosis, then the fixed function", async () => {
      const a = await waitForAnswer(panel, 0, "the fix's footer", (v) => v.footer !== null, 180_000);
      assert.match(a.body, /Read `priceCents` instead|priceCents instead/);
      await shot(page, "02-fix-answer");
    });
    await step("Apply to cart.ts: VS Code's diff of the file and the edit, nothing written yet", async () => {
      await answers(panel).nth(0).locator(".code-action.apply", { hasText: "Apply to cart.ts" }).click();
      await page.locator(".tab", { hasText: "cart.ts ↔ Headstart's edit" }).first().waitFor({ timeout: 30_000 });
      await page.locator(".editor-actions [aria-label='Accept Edit']").first().waitFor({ timeout: STATE_TIMEOUT_MS });
      assert.equal(readFileSync(file, "utf8"), ORIGINAL, "nothing written before Accept");
      await shot(page, "03-apply-diff");
      // The README's picture of Apply (npm run readme-pictures copies it into media/).
      await readmeShot(page, "apply-diff");
    });
    await step("Accept: the file holds exactly the fix", async () => {
      await page.locator(".editor-actions [aria-label='Accept Edit']").first().click();
      await page.locator(".tab", { hasText: "cart.ts ↔ Headstart's edit" }).first().waitFor({ state: "detached", timeout: STATE_TIMEOUT_MS });
      assert.equal(await wholeEditorText(page, textEditor(page, FIX_SAMPLE.fileName)), FIXED);
      await shot(page, "04-accepted");
    });
    await step("one Undo restores it", async () => {
      await page.keyboard.press("Control+Z");
      assert.equal(await wholeEditorText(page, editor), ORIGINAL);
    });
    await step("Apply again, then Discard: the diff closes and the file is as it was", async () => {
      await answers(panel).nth(0).locator(".code-action.apply", { hasText: "Apply to cart.ts" }).click();
      await page.locator(".editor-actions [aria-label='Discard Edit']").first().waitFor({ timeout: 30_000 });
      await page.locator(".editor-actions [aria-label='Discard Edit']").first().click();
      await page.locator(".tab", { hasText: "cart.ts ↔ Headstart's edit" }).first().waitFor({ state: "detached", timeout: STATE_TIMEOUT_MS });
      assert.equal(await wholeEditorText(page, textEditor(page, FIX_SAMPLE.fileName)), ORIGINAL);
      assert.equal(readFileSync(file, "utf8"), ORIGINAL);
    });
  });

  test("panel: /tests, Apply, Accept: the test file is created beside the cart", async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    const page = env.workbench!.page;
    await step("in cart.ts, on totalCents, type /tests in the panel", async () => {
      await quickOpen(page, FIX_SAMPLE.fileName);
      await goToLine(page, "11:1");
      await sendMessage(chatFrame(page), "/tests ");
    });
    const panel = chatFrame(page);
    await step("Apply to cart.test.ts, a new file, and Accept: it holds the tests", async () => {
      await waitForAnswer(panel, 1, "the tests' footer", (v) => v.footer !== null, 180_000);
      await answers(panel).nth(1).locator(".code-action.apply", { hasText: "Apply to cart.test.ts" }).click();
      await page.locator(".editor-actions [aria-label='Accept Edit']").first().waitFor({ timeout: 30_000 });
      await shot(page, "05-tests-diff");
      await page.locator(".editor-actions [aria-label='Accept Edit']").first().click();
      const created = join(env.workspace!, "cart.test.ts");
      await waitUntil("cart.test.ts on disk", () => existsSync(created), { timeoutMs: STATE_TIMEOUT_MS });
      assert.equal(await wholeEditorText(page, textEditor(page, "cart.test.ts")), CART_TESTS);
    });
    await step("save the test file (Ctrl+S) and close it (Ctrl+W): cart.ts is in front again", async () => {
      await page.keyboard.press("Control+S");
      await waitUntil("cart.test.ts saved", () => readFileSync(join(env.workspace!, "cart.test.ts"), "utf8") === CART_TESTS, { timeoutMs: STATE_TIMEOUT_MS });
      await page.keyboard.press("Control+W");
      await textEditor(page, "cart.test.ts").waitFor({ state: "detached", timeout: STATE_TIMEOUT_MS });
    });
  });

  test("Chat view: @headstart /fix, Apply to cart.ts, Accept", async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    const page = env.workbench!.page;
    await step("back in cart.ts, on the error", async () => {
      await textEditor(page, FIX_SAMPLE.fileName).locator(".view-lines").click();
      await page.locator(`.editor-instance .monaco-editor.focused[data-uri$="/${FIX_SAMPLE.fileName}"]`).waitFor({ timeout: STATE_TIMEOUT_MS });
      await goToLine(page, `${FIX_SAMPLE.line}:17`);
    });
    await step("open the Chat view, choose “Headstart guided”, ask @headstart /fix why does the sum fail?", async () => {
      await openChatView(page);
      await chooseChatModel(page, "Headstart guided", { mode: "Ask" });
    });
    const index = await nextResponseIndex(page);
    await sendChatMessage(page, "@headstart /fix why does the sum fail?");
    await step("the answer has an “Apply to cart.ts” button: it shows the diff, and Accept makes the fix", async () => {
      await waitForChatResponse(page, index);
      await shot(page, "06-chat-fix");
      await clickResponseButton(page, index, "Apply to cart.ts");
      await page.locator(".editor-actions [aria-label='Accept Edit']").first().waitFor({ timeout: 30_000 });
      await page.locator(".editor-actions [aria-label='Accept Edit']").first().click();
      await page.locator(".tab", { hasText: "cart.ts ↔ Headstart's edit" }).first().waitFor({ state: "detached", timeout: STATE_TIMEOUT_MS });
      assert.equal(await wholeEditorText(page, textEditor(page, FIX_SAMPLE.fileName)), FIXED);
    });
  });
});

/** Go to Line (Ctrl+G) in the focused editor: "13:17". */
async function goToLine(page: Page, where: string): Promise<void> {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input").first();
  await input.waitFor({ state: "visible", timeout: STATE_TIMEOUT_MS });
  await input.fill(`:${where}`);
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: STATE_TIMEOUT_MS });
}
