// VS Code's Welcome page and its walkthroughs (Getting Started) in code-server 4.139.1 (VS Code
// 1.139.1), as a user sees them. What the page renders (from VS Code's gettingStarted.ts):
//   - "Help: Welcome" opens the Welcome page; its "Walkthroughs" list has one
//     `button.getting-started-category` per walkthrough, dispatching `selectCategory:<id>` (an
//     extension's id is `<publisher>.<name>#<walkthrough id>`), with its title in `h3.category-title`
//     and a progress bar whose inner bar's title says "N of M steps complete". Only walkthroughs
//     with steps left are listed: a finished one moves behind "More..." (`.see-all-walkthroughs`),
//     which opens a quick pick of them all;
//   - clicking it opens the walkthrough in the same editor ("Walkthrough: <name>" tab): the title in
//     `.gettingStartedSlideDetails h2.category-title`, one `button.getting-started-step` per step
//     (`data-step-id="<walkthrough id>#<step id>"`, its title in `h3.step-title`); the selected step
//     is expanded (`aria-expanded="true"`) and shows its description, where a line that is only a
//     `[label](command:…)` link is rendered as a button;
//   - a completed step: the step's button has `aria-checked="true"`, and its checkbox
//     (`[data-done-step-id]`, role checkbox) has `aria-checked="true"`, the class `complete` and the
//     codicon `codicon-getting-started-step-checked` (a filled check); an open one has
//     `codicon-getting-started-step-unchecked` (an empty circle). The checkbox toggles completion
//     by hand when clicked: never click it in a test that checks completion events.
import type { Locator, Page } from "playwright-core";
import { STATE_TIMEOUT_MS, waitUntil } from "./steps";
import { escapeRegExp, runCommand } from "./workbench";

/** One step of the walkthrough on screen, read from the page. */
export interface WalkthroughStep {
  /** The step's id in the manifest (the part of `data-step-id` after the last `#`). */
  id: string;
  title: string;
  /** All three of VS Code's marks agree that it is done: step aria-checked, checkbox aria-checked, the `complete` check icon. */
  ticked: boolean;
  /** The marks, one by one, for a message when they disagree. */
  marks: { step: string | null; checkbox: string | null; icon: string };
}

/** The walkthrough entry on the Welcome page whose title is `title`. */
export function welcomeEntry(page: Page, title: string): Locator {
  return page.locator("button.getting-started-category", {
    has: page.locator("h3.category-title", { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
  });
}

/** "Help: Welcome", then waits for the walkthrough `title` in its "Walkthroughs" list; returns that entry. */
export async function openWelcomePage(page: Page, title: string, timeoutMs = 30_000): Promise<Locator> {
  await runCommand(page, "Help: Welcome");
  const entry = welcomeEntry(page, title);
  await entry.waitFor({ state: "visible", timeout: timeoutMs });
  return entry;
}

/** What the entry's progress bar says, e.g. "0 of 5 steps complete". */
export async function welcomeProgress(entry: Locator): Promise<string | null> {
  return entry.locator(".progress-bar-inner").getAttribute("title");
}

/** Clicks a Welcome page entry and waits for its walkthrough, titled `title`, to show. */
export async function openWalkthroughFrom(page: Page, entry: Locator, title: string, timeoutMs = 30_000): Promise<void> {
  await entry.click();
  await walkthroughTitle(page, title).waitFor({ state: "visible", timeout: timeoutMs });
}

/** The heading of the open walkthrough, when it is `title`. */
export function walkthroughTitle(page: Page, title: string): Locator {
  return page.locator(".gettingStartedSlideDetails h2.category-title", { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
}

/** The open walkthrough's step `stepId` (the manifest's step id). */
export function walkthroughStep(page: Page, stepId: string): Locator {
  return page.locator(`.gettingStartedSlideDetails button.getting-started-step[data-step-id$="#${stepId}"]`);
}

/** Every step of the open walkthrough, in the order shown. */
export async function readWalkthroughSteps(page: Page): Promise<WalkthroughStep[]> {
  return page.locator(".gettingStartedSlideDetails button.getting-started-step").evaluateAll((buttons) =>
    buttons.map((b) => {
      const box = b.querySelector("[data-done-step-id]");
      const marks = {
        step: b.getAttribute("aria-checked"),
        checkbox: box?.getAttribute("aria-checked") ?? null,
        icon: box?.className ?? "",
      };
      const classes = marks.icon.split(/\s+/);
      return {
        id: (b.getAttribute("data-step-id") ?? "").split("#").pop() ?? "",
        title: (b.querySelector(".step-title")?.textContent ?? "").trim(),
        ticked:
          marks.step === "true" &&
          marks.checkbox === "true" &&
          classes.includes("complete") &&
          classes.includes("codicon-getting-started-step-checked"),
        marks,
      };
    }),
  );
}

/** The ids of the ticked steps, in order. */
export function tickedIds(steps: WalkthroughStep[]): string[] {
  return steps.filter((s) => s.ticked).map((s) => s.id);
}

/**
 * Waits until every step in `ids` (manifest ids) is ticked in the open walkthrough, and returns
 * what it shows (other steps may be ticked too: check them yourself). The page ticks a step itself
 * when its completion event fires.
 */
export async function waitForTicked(page: Page, ids: readonly string[], timeoutMs = 60_000): Promise<WalkthroughStep[]> {
  let last: WalkthroughStep[] = [];
  return waitUntil(
    `these steps ticked: ${ids.join(", ")}`,
    async () => {
      last = await readWalkthroughSteps(page);
      const ticked = tickedIds(last);
      return ids.every((id) => ticked.includes(id)) ? last : undefined;
    },
    { timeoutMs, describe: () => describeSteps(last) },
  );
}

/** `id ✓|○ (marks)` for each step: what a failed wait saw. */
export function describeSteps(steps: WalkthroughStep[]): string {
  return steps.map((s) => `${s.id} ${s.ticked ? "✓" : "○"} (${JSON.stringify(s.marks)})`).join("; ") || "no steps on screen";
}

/**
 * Selects (expands) step `stepId` of the open walkthrough and clicks the button its description
 * renders for the link labelled `label` (a `command:` link).
 *
 * Selecting a step focuses it on a timer: 250 ms later, or at once where motion is reduced. A
 * quick pick or input box opened before that timer fires loses the focus to the step and closes,
 * so run the workbench with `"workbench.reduceMotion": "on"` (see `WALKTHROUGH_USER_SETTINGS`).
 * The same goes for keys: the step selects itself again on the keyup of Enter or Space, so a key
 * whose keydown runs a command that opens a quick input and whose keyup lands on the step (an
 * Enter on one of its buttons) closes that quick input. Hence a click here.
 */
export async function clickStepButton(page: Page, stepId: string, label: string, timeoutMs = STATE_TIMEOUT_MS): Promise<void> {
  const step = walkthroughStep(page, stepId);
  await step.locator("h3.step-title").click();
  await page.locator(`.gettingStartedSlideDetails button.getting-started-step[data-step-id$="#${stepId}"][aria-expanded="true"]`).waitFor({ timeout: timeoutMs });
  await waitUntil(`the step “${stepId}” to take the focus`, () => step.evaluate((el) => el === document.activeElement), { timeoutMs });
  const button = step.getByRole("button", { name: label, exact: true });
  await button.waitFor({ state: "visible", timeout: timeoutMs });
  await button.click();
}

/**
 * User settings (for `startCodeServer({ userSettings })`) under which a test can drive a
 * walkthrough's buttons: reduced motion, so that selecting a step focuses it at once rather than
 * 250 ms later, when it would take the focus from a quick pick the step's button had just opened
 * (see `clickStepButton`). A person is never that fast; a test is.
 */
export const WALKTHROUGH_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  "workbench.reduceMotion": "on",
};
