// `npm run demo` as a newcomer runs it: the real script in its own process, with its own sandbox,
// the tiny story model and the demo's TEST teacher (canned answers). Then, in the VS Code it
// opens: the suggested first question in the panel with the sample file attached (the stand-ins
// named as such in the status line and the footer, $0, no saving), the same question to
// `@headstart` in VS Code's Chat view, and a hand edit of `headstart.student.model` in the user
// settings.json taking effect without a reload. Ctrl+C stops it all, and a second start keeps
// that model. Screenshots in .test-artifacts/e2e/demo/; the README's two pictures are retaken every
// run into .test-artifacts/e2e/readme/ (screenshot.png, chat-view.png), so they show what the
// product does today: `npm run readme-pictures` copies them into media/ (a test never writes there).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIRST_QUESTION } from "../../scripts/demoAnswers";
import { TEST_TEACHER_LABEL } from "../../src/common/cost/testTeacher";
import { findLargeVocabModel, findStoriesModel, noModelMessage } from "../support/testModels";
import { sendMessage, waitForAnswer } from "./support/chatPanel";
import { chatWidget, chooseChatModel, nextResponseIndex, openChatView, scrollChatRowToTop, sendChatMessage, waitForChatResponse } from "./support/chatView";
import { codeServerOrSkip, IN_CI } from "./support/prerequisites";
import { announce, log, screenshotsIn, seconds, STATE_TIMEOUT_MS, step, waitUntil } from "./support/steps";
import { chatFrame, openWorkbench, quickOpen, resizeWorkbench, runCommand, WORKBENCH_VIEWPORT, type Workbench } from "./support/workbench";

const root = join(__dirname, "..", "..");
const shot = screenshotsIn("demo");
const readmeShot = screenshotsIn("readme");
/** The panel's webview, whose picture goes in the README. */
const PANEL_IFRAME = 'iframe.webview.ready[src*="purpose=webviewView"]';
const README_VIEWPORT = { width: 1280, height: 1200 };
/** The canned answer's first words: the teacher's opening the panel marks. */
const OPENING = "The function counts from 1 to n";

let demo: ChildProcess | undefined;
let demoDir: string | undefined;
let workbench: Workbench | undefined;
let output = "";
let skipReason: string | undefined;

/** Starts `npm run demo`'s script and resolves with the address it prints. */
async function startDemo(model: string | undefined, dir: string): Promise<{ url: string; folder: string }> {
  const started = performance.now();
  const args = [...(model ? ["--model", model] : []), "--dir", dir, "--test-teacher"];
  const child = (demo = spawn(process.execPath, ["--import", "tsx", join(root, "scripts", "demo.ts"), ...args], {
    cwd: root,
    env: { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", HEADSTART_TEACHER_URL: "", HEADSTART_MODEL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  }));
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const url = await waitUntil("the demo to print its address", () => /^ {2}(http:\/\/127\.0\.0\.1:\d+)\/\?folder=(\S+)$/m.exec(output) ?? (child.exitCode !== null ? false : undefined), {
    timeoutMs: 10 * 60_000,
    intervalMs: 500,
    describe: () => output.slice(-1500),
  });
  assert.ok(url, `the demo exited before it was ready:\n${output}`);
  log(`demo output:\n${output}`);
  announce(`the demo was ready in ${seconds(performance.now() - started)}`);
  return { url: url[1], folder: decodeURIComponent(url[2]) };
}

describe("npm run demo: both faces, with its stand-ins named as such", { timeout: 25 * 60_000 }, () => {
  let stories: string | undefined;
  let other: string | undefined;
  before(async () => {
    const ready = await codeServerOrSkip();
    stories = await findStoriesModel();
    other = await findLargeVocabModel();
    skipReason = "skip" in ready ? ready.skip : !stories || !other ? noModelMessage() : undefined;
    if (skipReason && IN_CI) throw new Error(skipReason);
  });

  after(async () => {
    await workbench?.close();
    if (demo && demo.exitCode === null) demo.kill("SIGKILL");
    if (demoDir) rmSync(demoDir, { recursive: true, force: true });
  });

  test("the suggested question in the panel and in the Chat view; a hand-edited model applies at once; Ctrl+C stops it", async (t) => {
    if (skipReason !== undefined) return t.skip(skipReason);
    demoDir = mkdtempSync(join(tmpdir(), "headstart-demo-e2e-"));
    const { url, folder } = await step("run the demo script (its own sandbox, --test-teacher, the story model)", () => startDemo(stories, demoDir!));
    await step("the terminal names the stand-ins, the settings it wrote and the first question to ask", () => {
      assert.match(output, /Teacher {7}TEST DOUBLE at http:\/\/127\.0\.0\.1:\d+\/v1, model “test-teacher”/);
      assert.match(output, /chat\.disableAIFeatures, chat\.allowAnonymousAccess, experiments\.override\.chat\.showOldAskMode, headstart\.teacher\.baseUrl/);
      assert.ok(output.includes(FIRST_QUESTION), "a first question to try");
      assert.doesNotMatch(output, /\[e2e\]/, "the demo's lines are its own, not the test support's");
    });
    workbench = await step("open the address in Chromium", () => openWorkbench(url, folder));
    const page = workbench.page;
    const panel = chatFrame(page);

    const answer = await step("open fizzbuzz.py, attach it in the panel and ask the suggested question", async () => {
      await quickOpen(page, "fizzbuzz.py");
      await runCommand(page, "Headstart: Open Chat");
      await panel.getByRole("button", { name: "Attach the current file" }).click({ timeout: 60_000 });
      await panel.locator(".chip", { hasText: "fizzbuzz.py" }).waitFor({ timeout: STATE_TIMEOUT_MS });
      await sendMessage(panel, FIRST_QUESTION);
      return waitForAnswer(panel, 0, "the answer's footer", (v) => v.footer !== null, 240_000);
    });
    await step("the stand-ins are named where the user looks: status line and footer; $0 and no saving", async () => {
      await shot(page, "01-panel");
      assert.equal(await panel.locator(".status-teacher").textContent(), TEST_TEACHER_LABEL);
      assert.match((await panel.locator(".status-student").textContent()) ?? "", /^stories260K\.gguf \(tiny test model, 1\.2 MB\)/);
      assert.ok(answer.teacher.startsWith(OPENING), `the marked opening is the canned one: ${answer.teacher}`);
      assert.doesNotMatch(answer.teacher, /`{3}/, "the opening ends in prose");
      assert.ok(answer.studentChars > 0, "the story model continued");
      assert.equal(answer.fields["teacher-cost"], "$0");
      assert.equal(answer.fields["price"], TEST_TEACHER_LABEL);
      assert.equal(answer.fields["no-saving"], "no saving: the test teacher is not billed");
      assert.equal(answer.fields["teacher-only"], undefined);
    });
    await step("the README's panel picture: the question and the whole answer, from the teacher's first word", async () => {
      // A taller window for the pictures, so a whole answer fits under its question.
      await resizeWorkbench(page, README_VIEWPORT);
      await panel.locator(".msg-user").last().evaluate((el) => el.scrollIntoView({ block: "start" }));
      const shown = await panel.locator(".conversation").evaluate((list) => {
        const answer = Array.from(list.querySelectorAll(".msg-assistant")).at(-1);
        const [l, a] = [list.getBoundingClientRect(), answer?.getBoundingClientRect()];
        return { whole: a !== undefined && a.top >= l.top - 1 && a.bottom <= l.bottom + 1, first: answer?.querySelector(".msg-body")?.textContent?.slice(0, 40) ?? "" };
      });
      assert.ok(shown.whole, "the whole answer is on screen");
      assert.ok(shown.first.startsWith(OPENING.slice(0, 20)), `the answer on screen begins with the opening: ${shown.first}`);
      await readmeShot(page.locator(PANEL_IFRAME).first(), "screenshot");
      await resizeWorkbench(page, WORKBENCH_VIEWPORT);
    });

    await step("the Chat view: “Headstart guided” picked, @headstart answers the same question from the canned opening", async () => {
      await openChatView(page);
      await chooseChatModel(page, "Headstart guided", { mode: "Ask" });
      const index = await nextResponseIndex(page);
      await sendChatMessage(page, `@headstart ${FIRST_QUESTION}`, { mode: "Ask" });
      const response = await waitForChatResponse(page, index, 240_000);
      await shot(page, "02-chat-view");
      assert.deepEqual(response.errors, []);
      assert.ok(response.text.includes(OPENING), `the opening is in the answer: ${response.text.slice(0, 300)}`);
      assert.ok(response.text.includes(TEST_TEACHER_LABEL), "the last line names the test teacher");
      // The README's picture: the question at the top, the whole answer below it.
      await resizeWorkbench(page, README_VIEWPORT);
      const { whole } = await scrollChatRowToTop(page, index - 1, index);
      assert.ok(whole, "the question and the whole answer are on screen");
      await readmeShot(chatWidget(page), "chat-view");
      await resizeWorkbench(page, WORKBENCH_VIEWPORT);
    });

    await step("edit headstart.student.model in the user settings.json in VS Code: the status line follows, no reload", async () => {
      const file = join(demoDir!, "user-data", "User", "settings.json");
      const edited = { ...(JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>), "headstart.student.model": other };
      await runCommand(page, "Preferences: Open User Settings (JSON)");
      // It opens as a modal editor, with the cursor in it.
      await page.locator(".monaco-editor", { hasText: "headstart.student.model" }).last().waitFor({ timeout: STATE_TIMEOUT_MS });
      // Pasted, as typing JSON into the editor would add closing brackets of its own.
      await workbench!.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url).origin });
      await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(edited, null, 2));
      const editor = page.locator(".monaco-editor", { hasText: "headstart.student.model" }).last();
      // On a busy machine a paste can land before the editor takes keys: paste until it shows, then save.
      await waitUntil(
        "the edited settings in the editor",
        async () => {
          await page.keyboard.press("Control+A");
          await page.keyboard.press("Control+V");
          await new Promise((resolve) => setTimeout(resolve, 500));
          return (await editor.locator(".view-lines").innerText()).includes("llama-2-tiny-random.gguf");
        },
        { timeoutMs: 30_000, intervalMs: 1_000 },
      );
      await page.keyboard.press("Control+S");
      await waitUntil("the saved file", () => readFileSync(file, "utf8").includes("llama-2-tiny-random.gguf"), { timeoutMs: STATE_TIMEOUT_MS });
      await page.keyboard.press("Escape");
      await waitUntil("the new model in the status line", async () => ((await panel.locator(".status-student").textContent()) ?? "").startsWith("llama-2-tiny-random.gguf"), { timeoutMs: 30_000 });
      assert.equal((JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>)["headstart.student.model"], other);
    });

    await step("the next answer loads and uses that model", async () => {
      await sendMessage(panel, "Tell me a story");
      const next = await waitForAnswer(panel, 1, "the answer's footer", (v) => v.footer !== null, 240_000);
      assert.ok(next.studentChars > 0, "the new model wrote its part");
      assert.match((await panel.locator(".status-student").textContent()) ?? "", /^llama-2-tiny-random\.gguf .*· ready$/);
    });

    await step("Ctrl+C stops code-server and the test teacher, exit 0", async () => {
      await workbench!.close();
      workbench = undefined;
      const exited = new Promise<number | null>((resolve) => demo!.once("exit", (code) => resolve(code)));
      demo!.kill("SIGINT");
      assert.equal(await exited, 0);
      assert.match(output, /Stopped code-server and everything it started, and the test teacher\./);
    });

    await step("started again without --model, the demo keeps the model chosen in its settings", async () => {
      output = "";
      await startDemo(undefined, demoDir!);
      assert.ok(output.includes(`Student       ${other} (kept from the demo's settings; --model to change it)`), output);
      const exited = new Promise<number | null>((resolve) => demo!.once("exit", (code) => resolve(code)));
      demo!.kill("SIGINT");
      assert.equal(await exited, 0);
    });
  });
});
