// One truth about money in a real VS Code (code-server): two windows on the same user data (two
// workspaces, so two extension hosts), a guided answer in each. Then both windows' status bars and
// "Headstart: Show Spending" show the sum of both answers' charges. A key set for the first
// teacher server is never sent to a second one the base URL is moved to. And with a daily limit
// set (in the user settings) the guided question whose worst case would cross it is answered
// locally with the limit's notice, and the teacher is not asked. The teacher is TEST CODE
// (test/support/testTeacherServer.ts) reporting a fixed charge per request; the student is the
// tiny random model. Screenshots in .test-artifacts/e2e/money/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { formatUsd } from "../../src/common/cost/money";
import { sendMessage, waitForAnswer } from "./support/chatPanel";
import { screenshotsIn, STATE_TIMEOUT_MS, step, waitUntil } from "./support/steps";
import { endTinySession, startTinySession, type TinySession } from "./support/tinyModelSession";
import { chatFrame, openWorkbench, readNotifications, runCommand, statusBarText, waitForQuickInput, type Workbench } from "./support/workbench";
import { closeSettingsEditor, typeSetting, userSettingIs } from "./support/settingsEditor";
import { startTestTeacherServer, type TestTeacherServer } from "../support/testTeacherServer";

const TEACHER_MODEL = "gpt-4o-mini";
/** What the test teacher reports each request cost (usage.cost). */
const CHARGE = 0.000089;
/**
 * Three charges fit; a fourth request's worst case (its prompt and its 32-token cap at
 * gpt-4o-mini's table price, about $0.00006) does not.
 */
const DAILY_LIMIT = 0.0003;
const API_KEY = "sk-first-provider-0123456789";
const STATUS_BAR_ITEM = "headstart-dev.headstart.headstart.status";
const shot = screenshotsIn("money");

const env: TinySession = {};
let skipReason: string | undefined;
let second: Workbench | undefined;
let otherTeacher: TestTeacherServer | undefined;

/** The spending view's page: Headstart's webview in the editor area, not its chat view in the sidebar. */
function spendingFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready[src*="extensionId=headstart-dev.headstart"]:not([src*="purpose=webviewView"])').frameLocator("#active-frame");
}

async function ask(page: Page, question: string, index: number) {
  const panel = chatFrame(page);
  await panel.locator('.mode-switch [data-mode="guided"][aria-checked="true"]').waitFor({ timeout: 60_000 });
  await sendMessage(panel, question);
  return waitForAnswer(panel, index, "the answer's footer", (v) => v.footer !== null, 180_000);
}

describe("money: one journal for every window, and a limit that holds", { timeout: 20 * 60_000 }, () => {
  before(async () => {
    skipReason = await startTinySession(env, {
      shots: "money",
      teacher: { reportCostUsd: CHARGE },
      userSettings: (teacher, model) => ({
        "headstart.teacher.baseUrl": teacher.url,
        "headstart.teacher.model": TEACHER_MODEL,
        "headstart.student.model": model,
        "headstart.student.maxAnswerTokens": 32,
        "headstart.limits.dailyUsd": DAILY_LIMIT,
      }),
    });
  });

  after(async () => {
    await second?.close();
    await otherTeacher?.close();
    await endTinySession(env, "money");
  });

  test("a guided answer in each of two windows: both status bars and the spending view show the sum; then the limit holds", async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    assert.ok(env.workbench && env.server && env.workspace, "the workbench did not open (see the steps above)");
    const first = env.workbench.page;
    const teacher = env.teacher!;
    await step("open Headstart in the first window and ask", async () => {
      await runCommand(first, "Headstart: Open Chat");
      const a = await ask(first, "Tell me about the first window.", 0);
      assert.equal(a.fields["teacher-cost"], formatUsd(CHARGE));
    });
    const other = join(env.workspace, "..", "second-workspace");
    mkdirSync(other, { recursive: true });
    second = await step("open a second window on another folder (its own extension host, the same user data)", () => openWorkbench(env.server!.url, other));
    await step("open Headstart in the second window and ask", async () => {
      await runCommand(second!.page, "Headstart: Open Chat");
      const a = await ask(second!.page, "Tell me about the second window.", 0);
      assert.equal(a.fields["teacher-cost"], formatUsd(CHARGE));
    });
    const sum = formatUsd(2 * CHARGE);
    for (const [name, page] of [["first", first], ["second", second.page]] as const) {
      await step(`the ${name} window's status bar shows both answers' spend, ${sum}`, () =>
        waitUntil(`${sum} in the status bar`, async () => (await statusBarText(page, STATUS_BAR_ITEM))?.includes(sum), {
          timeoutMs: 30_000,
          describe: async () => String(await statusBarText(page, STATUS_BAR_ITEM)),
        }),
      );
      await shot(page, `01-${name}-window`);
    }
    await step("“Headstart: Show Spending” in the first window shows the sum, by day and by where asked", async () => {
      await runCommand(first, "Headstart: Show Spending");
      const view = spendingFrame(first);
      const summary = await waitUntil("the summary", async () => {
        const text = await view.locator("#summary").textContent({ timeout: 5_000 }).catch(() => null);
        return text?.includes(sum) ? text : undefined;
      }, { timeoutMs: 30_000 });
      assert.match(summary, new RegExp(`^Teacher \\${sum} · saved .* · 2 answers$`));
      assert.equal(await view.locator('table[data-table="face"] tbody tr').count(), 1, "both asked from the panel");
      assert.match((await view.locator('table[data-table="origin"] tbody tr').first().innerText()).replace(/\s+/g, " "), new RegExp(`^http://127\\.0\\.0\\.1:\\d+ \\${sum} `));
      assert.equal(await view.locator("svg rect.spend").count(), new Date(new Date().getFullYear(), new Date().getMonth() + 1, 0).getDate(), "a bar for every day of the month");
      await shot(first, "02-spending-view");
    });
    await step("the limits are written beside the journal for the terminal tools, which cannot read VS Code's settings", () => {
      const file = join(env.sandbox!.root, "xdg-data", "headstart", "limits.json");
      assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), { dailyUsd: DAILY_LIMIT, monthlyUsd: 0 });
    });
    await step("set a key for the first teacher server with “Headstart: Set Teacher API Key”", async () => {
      await runCommand(first, "Headstart: Set Teacher API Key", { after: "nothing" });
      const box = await waitForQuickInput(first, "Headstart: Teacher API Key");
      assert.match(await box.innerText(), new RegExp(`The key for 127\\.0\\.0\\.1:${teacher.port}\\b`));
      await box.locator("input").first().pressSequentially(API_KEY);
      await box.locator("input").first().press("Enter");
      await waitUntil("the “key saved” notification", async () => (await readNotifications(first)).some((n) => n.includes("teacher API key saved")));
    });
    const moved = (otherTeacher = await startTestTeacherServer({ reportCostUsd: CHARGE }));
    await step("move the base URL to a second teacher server in the Settings editor, and ask there", async () => {
      await typeSetting(first, "headstart.teacher.baseUrl", moved.url);
      await waitUntil("the base URL in the user settings", () => userSettingIs(env.sandbox!, "headstart.teacher.baseUrl", moved.url), { timeoutMs: STATE_TIMEOUT_MS });
      await closeSettingsEditor(first);
      await runCommand(first, "Headstart: Open Chat");
      const a = await ask(first, "And on the other server?", 1);
      assert.equal(a.fields["teacher-cost"], formatUsd(CHARGE));
      const chats = moved.requests.filter((r) => r.path.endsWith("/chat/completions"));
      assert.equal(chats.length, 1, "the second server was asked");
      assert.ok(moved.requests.every((r) => !JSON.stringify(r.headers).includes(API_KEY)), "the first server's key never reached the second");
      assert.equal(chats[0].headers.authorization, "Bearer local", "a server on this machine with no key of its own gets none");
    });
    await step("a fourth guided question would cross the daily limit: answered locally, with the notice, and the teacher is not asked", async () => {
      const asked = moved.requests.filter((r) => r.path.endsWith("/chat/completions")).length;
      const a = await ask(first, "And one more?", 2);
      assert.equal(moved.requests.filter((r) => r.path.endsWith("/chat/completions")).length, asked, "no request was sent");
      const notice = a.notices.find((n) => n.reason === "limit");
      assert.ok(notice, JSON.stringify(a.notices));
      assert.match(notice.text, /Today's spending limit of \$0\.000300 could be crossed by this request/);
      assert.ok(notice.actions.includes("Raise the limit"));
      assert.ok(a.studentChars > 0, "the local model answered");
      await shot(first, "03-limit-notice");
    });
  });
});
