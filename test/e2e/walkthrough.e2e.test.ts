// The Getting Started walkthrough in a real VS Code (code-server), used the way a new user uses it:
// open "Help: Welcome", find "Get started with Headstart" among its walkthroughs, open it (five
// steps, none ticked), then follow it with its own buttons:
//   1. "Choose the teacher" → "Choose Teacher Provider" → "Azure OpenAI" → type the test teacher's
//      URL into the endpoint box: the settings hold it, and "Set the teacher's API key" ticks (the
//      URL is on this machine, where Headstart needs no key); the local model and the answer's
//      steps stay open. Then two checks of that part (each fails alone, the journey goes on):
//      closing the "teacher is …" notification opens nothing, and "Choose the teacher" has ticked;
//   2. "Ask a first question" → "Open Headstart" → ask in the panel: the local model loads
//      ("Choose your local model" ticks), the answer arrives ("Ask a first question") with its
//      footer and cost ("Read what it cost");
//   3. back on the Welcome page the walkthrough has left the list (VS Code lists only walkthroughs
//      with steps left), "More..." offers it, and reopened there it shows all five steps ticked.
// Every tick is VS Code's own, from the walkthrough's completion events (a setting changed, a
// context key the extension set); the test never clicks a step's checkbox (which ticks it by hand).
// The teacher is TEST CODE (test/support/testTeacherServer.ts) on 127.0.0.1. The only pre-seeded
// user settings are the quiet ones (support/codeServer.ts), reduced motion (support/walkthrough.ts
// says why) and the student: llama-2-tiny-random.gguf with a short answer; the teacher is left at
// its default until the journey sets it. Needs what vscode.e2e.test.ts needs, with
// llama-2-tiny-random.gguf instead of stories260K. Screenshots land in .test-artifacts/e2e/walkthrough/
// (a folder of its own: vscode.e2e.test.ts clears the screenshots in .test-artifacts/e2e/ when it
// starts); a failed step also leaves `failed-<step>.png` in .test-artifacts/e2e/.
import { after, before, describe, test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { sendMessage, waitForAnswer } from "./support/chatPanel";
import { userSettingIs } from "./support/settingsEditor";
import { log, screenshotsIn, STATE_TIMEOUT_MS, step, waitUntil } from "./support/steps";
import { endTinySession, startTinySession, TINY_STUDENT_MODEL, type TinySession } from "./support/tinyModelSession";
import {
  clickStepButton,
  describeSteps,
  openWalkthroughFrom,
  openWelcomePage,
  readWalkthroughSteps,
  waitForTicked,
  welcomeEntry,
  walkthroughTitle,
  welcomeProgress,
  WALKTHROUGH_USER_SETTINGS,
} from "./support/walkthrough";
import { chatFrame, readNotifications, runCommand, waitForQuickInput } from "./support/workbench";

const WALKTHROUGH = "Get started with Headstart";
/** The walkthrough's steps (package.json `contributes.walkthroughs`), in order. */
const STEPS = [
  { id: "chooseStudent", title: "Choose your local model" },
  { id: "setTeacher", title: "Choose the teacher" },
  { id: "setKey", title: "Set the teacher's API key" },
  { id: "firstQuestion", title: "Ask a first question" },
  { id: "readFooter", title: "Read what it cost" },
] as const;
const ALL = STEPS.map((s) => s.id);
/** The preset the user picks: the one that asks for the endpoint's URL. */
const PRESET = "Azure OpenAI";
/** What the endpoint box holds before the user types (the preset's placeholder address). */
const PRESET_URL = "https://YOUR-RESOURCE.openai.azure.com/openai/v1";
/** The model the preset sets. */
const TEACHER_MODEL = "gpt-4o-mini";
/** What the test server reports as the answer's charge (usage.cost), and the footer must show. */
const REPORTED_COST = 0.000042;
const QUESTION = "How do I reverse a list in Python?";
/** A small, fast student; its text is gibberish, which does not matter here. */
const shot = screenshotsIn("walkthrough");

const env: TinySession = {};
/** Why this file cannot run on this machine (only ever set outside CI). */
let skipReason: string | undefined;
/** The part of the journey that failed: the parts after it build on it and are skipped. */
let brokenAt: string | undefined;

describe("the Getting Started walkthrough: on the Welcome page, and its steps tick as the user does them", { timeout: 20 * 60_000 }, () => {
  before(async () => {
    skipReason = await startTinySession(env, {
      shots: "walkthrough",
      teacher: { reportCostUsd: REPORTED_COST },
      // The student (a short answer); the teacher stays at its default until the journey sets it.
      userSettings: (_teacher, model) => ({
        // Reduced motion: the walkthrough focuses a selected step at once, not 250 ms later,
        // when it would close the quick pick that the step's button opened (support/walkthrough.ts).
        ...WALKTHROUGH_USER_SETTINGS,
        "headstart.student.model": model,
        "headstart.student.maxAnswerTokens": 64,
      }),
    });
  });

  after(() => endTinySession(env, "walkthrough"));


  part("“Help: Welcome” lists “Get started with Headstart”; it opens with its five steps, none ticked", async (page) => {
    const entry = await step(`run “Help: Welcome” and find “${WALKTHROUGH}” among its walkthroughs`, async () => {
      const found = await openWelcomePage(page, WALKTHROUGH, 60_000);
      assert.equal(await welcomeProgress(found), `0 of ${STEPS.length} steps complete`);
      await shot(page, "01-welcome-page");
      return found;
    });
    await step("click it: the walkthrough opens with its steps, none ticked", async () => {
      await openWalkthroughFrom(page, entry, WALKTHROUGH);
      const steps = await readWalkthroughSteps(page);
      assert.deepEqual(
        steps.map((s) => ({ id: s.id, title: s.title })),
        STEPS.map((s) => ({ id: s.id, title: s.title })),
        "the five steps, in the manifest's order",
      );
      for (const s of steps) {
        // Each of VS Code's marks says "not done": none ticked by accident on opening.
        assert.equal(s.marks.step, "false", `${s.id}: ${describeSteps([s])}`);
        assert.equal(s.marks.checkbox, "false", `${s.id}: ${describeSteps([s])}`);
        assert.ok(s.marks.icon.split(/\s+/).includes("codicon-getting-started-step-unchecked"), `${s.id}: ${describeSteps([s])}`);
        assert.ok(!s.marks.icon.split(/\s+/).includes("complete"), `${s.id}: ${describeSteps([s])}`);
      }
      await shot(page, "02-walkthrough-nothing-ticked");
    });
  });

  part(`“Choose Teacher Provider” → ${PRESET} → the test server's URL: the teacher is set, and (a teacher on this machine needs no key) “Set the teacher's API key” ticks`, async (page) => {
    const teacher = env.teacher!;
    const sandbox = env.sandbox!;
    await step("click the step “Choose the teacher”, then its “Choose Teacher Provider” button: the provider list opens", async () => {
      await clickStepButton(page, "setTeacher", "Choose Teacher Provider");
      await waitForQuickInput(page, "Headstart: where the teacher is", 30_000);
    });
    await step(`pick “${PRESET}”: a box asks for the endpoint, filled with the preset's address`, async () => {
      // A click, not Enter: the Enter's keyup would land on the walkthrough's step once the list
      // closes, and the step selects itself again on it (see clickStepButton).
      const row = page.locator(".quick-input-widget .monaco-list-row", { has: page.locator(".label-name", { hasText: new RegExp(`^${PRESET}$`) }) });
      await row.click();
      const box = await waitForQuickInput(page, `Headstart: ${PRESET}`);
      const input = box.locator("input").first();
      await waitUntil("the preset's address in the box", async () => (await input.inputValue()) === PRESET_URL, { describe: () => input.inputValue() });
      await shot(page, "03-endpoint-box");
    });
    await step("type the test teacher's URL and press Enter: the settings hold it and the preset's model", async () => {
      const box = await waitForQuickInput(page, `Headstart: ${PRESET}`);
      const input = box.locator("input").first();
      await input.fill(teacher.url);
      assert.equal(await input.inputValue(), teacher.url, "the box holds the typed URL");
      await input.press("Enter");
      await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: STATE_TIMEOUT_MS });
      await waitUntil("the user settings to hold the teacher's URL and model", () =>
        userSettingIs(sandbox, "headstart.teacher.baseUrl", teacher.url) && userSettingIs(sandbox, "headstart.teacher.model", TEACHER_MODEL),
      );
      // On this machine: the message asks for no key.
      const said = await waitUntil("the “teacher is …” notification", async () => (await readNotifications(page)).find((n) => n.includes("Headstart: the teacher is")));
      assert.ok(said.includes(`Headstart: the teacher is ${TEACHER_MODEL} at ${teacher.url}.`), said);
      assert.ok(!said.includes("Set its API key next"), `no key asked for a teacher on this machine: ${said}`);
    });
    await step("the walkthrough ticks “Set the teacher's API key”; the local model and the answer's steps stay open", async () => {
      // setKey: `onContext:headstart.hasKey`, which the extension sets when a key is stored or, as
      // here, the teacher's URL is on this machine (a local server takes any key, so the user has
      // nothing to set). The local model is chosen in the settings but not loaded yet.
      const steps = await waitForTicked(page, ["setKey"]);
      log(describeSteps(steps));
      const open = steps.filter((s) => !s.ticked).map((s) => s.id);
      for (const id of ["chooseStudent", "firstQuestion", "readFooter"]) assert.ok(open.includes(id), `${id} is not ticked yet: ${describeSteps(steps)}`);
      await walkthroughTitle(page, WALKTHROUGH).scrollIntoViewIfNeeded();
      await shot(page, "04-teacher-set");
    });
  });

  check("closing the “teacher is …” notification opens nothing: a teacher on this machine needs no key", async (page) => {
    const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "Headstart: the teacher is" });
    await step("close the notification with its × button", async () => {
      await toast.hover();
      await toast.getByRole("button", { name: /^Clear Notification/ }).click();
      await toast.waitFor({ state: "hidden", timeout: STATE_TIMEOUT_MS });
    });
    await step("no “Teacher API Key” box opens", async () => {
      const keyBox = page.locator(".quick-input-widget .quick-input-title", { hasText: /^Headstart: Teacher API Key$/ });
      // Nothing to wait for but the absence of a box: give it a few seconds to appear.
      const opened = await keyBox.waitFor({ state: "visible", timeout: 5_000 }).then(() => true, () => false);
      if (opened) {
        await shot(page, "04b-key-box-after-closing-the-notification");
        await page.keyboard.press("Escape");
        await keyBox.waitFor({ state: "hidden", timeout: STATE_TIMEOUT_MS });
      }
      assert.ok(!opened, "closing the notification opened “Headstart: Set Teacher API Key”, which the notification did not offer");
    });
  });

  check("“Choose the teacher” ticked when the preset changed the teacher's settings", async (page) => {
    // setTeacher: `onSettingChanged:headstart.teacher.baseUrl` or `…teacher.model`; both changed
    // (the previous part read them back from settings.json).
    await step("see “Choose the teacher” ticked", () => waitForTicked(page, ["setTeacher"], 30_000));
  });

  part("“Ask a first question” → “Open Headstart” → ask: the local model loads, the answer and its cost arrive, and those three steps tick", async (page, t) => {
    const panel = chatFrame(page);
    const teacher = env.teacher!;
    await step("click the step “Ask a first question”, then its “Open Headstart” button: the panel opens, ready to chat", async () => {
      await clickStepButton(page, "firstQuestion", "Open Headstart");
      await panel.locator("textarea.composer-input").waitFor({ state: "visible", timeout: 60_000 });
      const status = panel.locator(".status-teacher");
      await waitUntil(`the panel to name the teacher ${TEACHER_MODEL}, with no “no key” warning`, async () => (await status.innerText()).trim() === `teacher ${TEACHER_MODEL}`, {
        describe: () => status.innerText(),
      });
      await panel.locator(".status-student", { hasText: TINY_STUDENT_MODEL }).waitFor({ timeout: STATE_TIMEOUT_MS });
    });
    const answer = await step("ask a question and wait for the answer's footer", async () => {
      await sendMessage(panel, QUESTION);
      const a = await waitForAnswer(panel, 0, "the answer's footer", (v) => v.footer !== null, 180_000);
      assert.equal(a.state, "", "finished, not stopped");
      assert.equal(a.fields["mode"], "Guided");
      assert.deepEqual(a.markTitles, [`Opening written by ${TEACHER_MODEL}`], "the teacher wrote the opening");
      assert.equal(a.fields["teacher-cost"], "$0.000042", "the footer shows what the teacher reported");
      assert.match(a.fields["student"] ?? "", /^student \d+ tokens · [\d.]+ tok\/s$/, "the local model wrote the rest");
      assert.equal(a.notices.filter((n) => n.kind !== "note").length, 0, JSON.stringify(a.notices));
      return a;
    });
    await step("the teacher server got one chat request, for the preset's model", () => {
      const chats = teacher.requests.filter((r) => `${r.method} ${r.path}` === "POST /v1/chat/completions");
      assert.equal(chats.length, 1, "exactly one chat request");
      assert.equal((chats[0].body as { model?: string }).model, TEACHER_MODEL);
    });
    await step("the walkthrough, still open beside the panel, ticks the local model, the first question and the cost", async () => {
      // chooseStudent: `onContext:headstart.studentReady` (the model loaded for the answer);
      // firstQuestion: `onContext:headstart.answered` (a turn ended, not stopped, no error);
      // readFooter: `onContext:headstart.costShown` (the answer's footer, in the panel).
      const steps = await waitForTicked(page, ["chooseStudent", "firstQuestion", "readFooter", "setKey"]);
      log(describeSteps(steps));
      await shot(page, "05-ticked-beside-the-answer");
    });
    t.diagnostic(`footer: ${answer.footer?.replace(/\s+/g, " ")}`);
  });

  part("back on the Welcome page the walkthrough is done (no longer listed), and reopened it shows all five steps ticked", async (page) => {
    await step("close the walkthrough's editor", () => runCommand(page, "View: Close All Editors"));
    await step(`run “Help: Welcome”: “${WALKTHROUGH}” has left the list, done; “More...” offers it`, async () => {
      await runCommand(page, "Help: Welcome");
      // The Welcome page lists the walkthroughs with steps left to do; a finished one moves behind
      // “More...”, which shows when the list holds fewer walkthroughs than there are.
      await page.locator("button.getting-started-category").first().waitFor({ state: "visible", timeout: 30_000 });
      const entry = welcomeEntry(page, WALKTHROUGH);
      if ((await entry.count()) > 0) {
        await shot(page, "06-welcome-page-walkthrough-not-done");
        assert.fail(`“${WALKTHROUGH}” is still listed, not done: ${await welcomeProgress(entry)}`);
      }
      await page.locator(".see-all-walkthroughs").waitFor({ state: "visible", timeout: 30_000 });
      await shot(page, "06-welcome-page-walkthrough-done");
    });
    await step(`click “More...” and pick “${WALKTHROUGH}”: every step is ticked`, async () => {
      await page.locator(".see-all-walkthroughs").click();
      const row = page.locator(".quick-input-widget .monaco-list-row", { has: page.locator(".label-name", { hasText: new RegExp(`^${WALKTHROUGH}$`) }) });
      await row.waitFor({ state: "visible", timeout: STATE_TIMEOUT_MS });
      await row.click();
      await walkthroughTitle(page, WALKTHROUGH).waitFor({ state: "visible", timeout: 30_000 });
      const steps = await waitForTicked(page, ALL, 15_000);
      assert.deepEqual(steps.map((s) => s.title), STEPS.map((s) => s.title));
      await shot(page, "07-walkthrough-reopened-all-ticked");
    });
  });
});

/** A part of the journey: skipped outside CI when a prerequisite is missing, or when an earlier part failed. */
function part(name: string, body: (page: Page, t: TestContext) => Promise<void>): void {
  test(name, async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    if (brokenAt !== undefined) return t.skip(`builds on “${brokenAt}”, which failed`);
    assert.ok(env.workbench, "the workbench did not open (see the steps above)");
    try {
      await body(env.workbench.page, t);
    } catch (error) {
      brokenAt = name;
      throw error;
    }
  });
}

/**
 * A check of what an earlier part did, with no action of its own: a failure fails it alone, and
 * the parts after it still run.
 */
function check(name: string, body: (page: Page, t: TestContext) => Promise<void>): void {
  test(name, async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    if (brokenAt !== undefined) return t.skip(`checks what “${brokenAt}” did, which failed`);
    assert.ok(env.workbench, "the workbench did not open (see the steps above)");
    await body(env.workbench.page, t);
  });
}

