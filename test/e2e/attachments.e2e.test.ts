// What the panel attaches of a file a newcomer's workspace holds, in a real VS Code (code-server):
// a Latin-1 file, which VS Code reads as UTF-8 and shows with � for its accents, is refused with
// the way to reopen it (nothing garbled goes to the teacher); a file over the 24,000-character
// limit is attached as the lines around the cursor, and a guided question about it sends those.
// In VS Code's Chat view, the open file VS Code offers as context (its implicit reference) is
// attached the same way, the lines around the cursor, and the note saying so is not folded away.
// The teacher is TEST CODE (test/support/testTeacherServer.ts); the student the tiny random model.
// Screenshots in .test-artifacts/e2e/attachments/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { sendMessage, waitForAnswer } from "./support/chatPanel";
import { CHAT_USER_SETTINGS, chooseChatModel, nextResponseIndex, openChatView, sendChatMessage, waitForChatResponse } from "./support/chatView";
import { screenshotsIn, STATE_TIMEOUT_MS, step, waitUntil } from "./support/steps";
import { endTinySession, startTinySession, type TinySession } from "./support/tinyModelSession";
import { chatFrame, quickOpen, readNotifications, runCommand, statusBarText } from "./support/workbench";

const shot = screenshotsIn("attachments");
const LATIN1 = "prix.py";
const BIG = "big.py";
/** 32,000 characters: 1,000 lines of 31 and their line ends. */
const BIG_LINES = Array.from({ length: 1000 }, (_, i) => `value_${String(i + 1).padStart(4, "0")} = ${String(i + 1).padStart(4, "0")}  # padding...`);

const env: TinySession = {};
let skipReason: string | undefined;

async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input").first();
  await input.waitFor({ state: "visible", timeout: STATE_TIMEOUT_MS });
  await input.fill(`:${line}`);
  await page.keyboard.press("Enter");
  await waitUntil(`the status bar to say Ln ${line}`, async () => (await statusBarText(page, "status.editor.selection"))?.startsWith(`Ln ${line},`), {
    timeoutMs: STATE_TIMEOUT_MS,
    describe: async () => String(await statusBarText(page, "status.editor.selection")),
  });
}

describe("attaching a file that is not UTF-8, or too large to attach whole, in the panel", { timeout: 15 * 60_000 }, () => {
  before(async () => {
    skipReason = await startTinySession(env, {
      shots: "attachments",
      userSettings: (teacher, model) => ({
        ...CHAT_USER_SETTINGS,
        "headstart.teacher.baseUrl": teacher.url,
        "headstart.teacher.model": "gpt-4o-mini",
        "headstart.student.model": model,
        "headstart.student.maxAnswerTokens": 16,
        // The teacher is sent the attachment whole, so the test reads exactly which lines went.
        "headstart.teacher.context": "full",
      }),
      prepare: (_install, _sandbox, workspace) => {
        writeFileSync(join(workspace, LATIN1), Buffer.from("# Les prix\nprix = 3  # café crème\nprint(prix)\n", "latin1"));
        writeFileSync(join(workspace, BIG), `${BIG_LINES.join("\n")}\n`);
        return Promise.resolve();
      },
    });
  });

  after(() => endTinySession(env, "attachments"));

  test("a Latin-1 file is refused with the way to reopen it; a large file goes as the lines around the cursor", async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    assert.ok(env.workbench && env.teacher, "the workbench did not open (see the steps above)");
    const page = env.workbench.page;
    const panel = chatFrame(page);
    await step(`open ${LATIN1} (VS Code reads it as UTF-8) and attach it: refused, naming the line and “Reopen with Encoding”`, async () => {
      await quickOpen(page, LATIN1);
      await runCommand(page, "Headstart: Attach Current File to Chat");
      const refused = await waitUntil("the refusal", async () => (await readNotifications(page)).find((n) => n.includes(`${LATIN1} is not UTF-8 text`)), { timeoutMs: STATE_TIMEOUT_MS });
      assert.match(refused, /is not UTF-8 text \(line 2\), so VS Code shows � where its accents are and it would be sent garbled\. Reopen it in its encoding .*Reopen with Encoding/);
      await shot(page, "01-not-utf8-refused");
    });
    await step(`open ${BIG} (${(BIG_LINES.join("\n").length + 1).toLocaleString("en-US")} characters), put the cursor on line 500 and attach it: the lines around it, said so`, async () => {
      await quickOpen(page, BIG);
      await goToLine(page, 500);
      await runCommand(page, "Headstart: Attach Current File to Chat");
      const said = await waitUntil("the note", async () => (await readNotifications(page)).find((n) => n.includes(`${BIG} is`)), { timeoutMs: STATE_TIMEOUT_MS });
      assert.match(said, /big\.py is 32,000 characters, over the 24,000 attached \(setting headstart\.context\.maxChars\): lines 470-530, around the cursor, are attached instead\./);
      await panel.locator(".chip .chip-label", { hasText: `${BIG}:470-530` }).waitFor({ timeout: STATE_TIMEOUT_MS });
      assert.equal(await panel.locator(".chip").count(), 1, "the Latin-1 file was not attached");
      await shot(page, "02-lines-around-the-cursor");
    });
    await step("ask in guided mode: the teacher is sent those lines, not the whole file", async () => {
      await panel.locator('.mode-switch [data-mode="guided"][aria-checked="true"]').waitFor({ timeout: STATE_TIMEOUT_MS });
      await sendMessage(panel, "What is value_0500?");
      await waitForAnswer(panel, 0, "the answer's footer", (v) => v.footer !== null, 180_000);
      const chats = env.teacher!.requests.filter((r) => `${r.method} ${r.path}` === "POST /v1/chat/completions");
      assert.equal(chats.length, 1);
      const sent = JSON.stringify(chats[0].body);
      assert.ok(sent.includes("value_0500 = 0500"), "the line at the cursor");
      assert.ok(sent.includes("value_0470 = 0470") && sent.includes("value_0530 = 0530"), "the lines around it");
      assert.ok(!sent.includes("value_0001 =") && !sent.includes("value_1000 ="), "not the whole file");
      assert.ok(!sent.includes("caf\\ufffd") && !sent.includes("\ufffd"), "nothing garbled");
    });
    await step(`in the Chat view, ${BIG} offered as context: the lines around the cursor go, and the answer says so where it can be read`, async () => {
      await openChatView(page);
      await chooseChatModel(page, "Headstart guided", { mode: "Ask" });
      const index = await nextResponseIndex(page);
      await sendChatMessage(page, "@headstart What is value_0500?", { mode: "Ask" });
      const response = await waitForChatResponse(page, index, 240_000);
      await shot(page, "03-chat-view-lines-around-the-cursor");
      // Not folded into the collapsed steps VS Code makes of what came before the last progress line.
      assert.deepEqual(response.folded, [], `nothing folded away: ${JSON.stringify(response.folded)}`);
      assert.match(response.text.replace(/\s+/g, " "), /big\.py is 32,000 characters, over the 24,000 left to attach \(headstart\.context\.maxChars\): lines 470-530, around the cursor, were attached instead\./);
      const chats = env.teacher!.requests.filter((r) => `${r.method} ${r.path}` === "POST /v1/chat/completions");
      const sent = JSON.stringify(chats.at(-1)!.body);
      assert.ok(sent.includes("value_0500 = 0500") && sent.includes("value_0470 = 0470") && sent.includes("value_0530 = 0530"), "the lines around the cursor went to the teacher");
      assert.ok(!sent.includes("value_0001 ="), "not the whole file");
    });
  });
});
