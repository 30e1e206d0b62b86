// What a user sees and does in Headstart's chat panel (the webview, two iframes deep), in the
// panel's own terms: class names and labels from src/webview/.
import type { FrameLocator, Locator } from "playwright-core";
import { waitUntil } from "./steps";

/** The composer's text box. */
export function composerInput(panel: FrameLocator): Locator {
  return panel.locator("textarea.composer-input");
}

/** Types a message into the composer and presses Enter, as a user sends one. */
export async function sendMessage(panel: FrameLocator, text: string): Promise<void> {
  const input = composerInput(panel);
  await input.click();
  await input.pressSequentially(text);
  await input.press("Enter");
}

/** Every answer in the open conversation, oldest first. */
export function answers(panel: FrameLocator): Locator {
  return panel.locator("article.msg-assistant");
}

/** What one answer shows, read in one go inside the panel. */
export interface AnswerView {
  /** The head's state: "writing…", "stopped", "interrupted" or "". */
  state: string;
  /** The mode shown in the head (guided, local, cloud). */
  mode: string;
  /** The whole text of the answer's body (code toolbars included). */
  body: string;
  /** The text inside the teacher's marks, joined. */
  teacher: string;
  /** Characters of the body that are not the teacher's (whitespace not counted). */
  studentChars: number;
  /** Tooltips of the teacher's marks, distinct. */
  markTitles: string[];
  /** The footer's text, or null while the answer has none. */
  footer: string | null;
  /** The footer's fields by `data-field` (mode, stopped, teacher, teacher-cost, student, ...). */
  fields: Record<string, string>;
  /** Notice and error lines: their reason, text and action buttons. */
  notices: { kind: string; reason: string; text: string; actions: string[] }[];
}

/** Reads an answer's state (see `AnswerView`). */
export async function readAnswer(answer: Locator): Promise<AnswerView> {
  await allowNamedFunctions(answer);
  return answer.evaluate((article) => {
    const text = (el: Element | null | undefined) => (el?.textContent ?? "").trim();
    const body = article.querySelector(".msg-body");
    const marks = Array.from(article.querySelectorAll("mark.hs-teacher"));
    const teacher = marks.map((m) => m.textContent ?? "").join("");
    const squeeze = (s: string) => s.replace(/\s+/g, "").length;
    const state = article.querySelector(".msg-state");
    const footer = article.querySelector("footer.msg-footer");
    const fields: Record<string, string> = {};
    for (const f of Array.from(footer?.querySelectorAll("[data-field]") ?? [])) fields[(f as HTMLElement).dataset["field"]!] = text(f);
    return {
      state: state && !(state as HTMLElement).hidden ? text(state) : "",
      mode: text(article.querySelector(".msg-mode")),
      body: body?.textContent ?? "",
      teacher,
      studentChars: squeeze(body?.textContent ?? "") - squeeze(teacher),
      markTitles: [...new Set(marks.map((m) => (m as HTMLElement).title))],
      footer: footer ? (footer as HTMLElement).innerText : null,
      fields,
      notices: Array.from(article.querySelectorAll(".notice-line")).map((n) => ({
        kind: n.classList.contains("error") ? "error" : n.classList.contains("note") ? "note" : "notice",
        reason: (n as HTMLElement).dataset["reason"] ?? "",
        text: text(n.querySelector(".notice-text")),
        actions: Array.from(n.querySelectorAll("button")).map((b) => text(b)),
      })),
    };
  });
}

/** Waits for answer number `index` (0-based) to exist and reach `done(view)`; returns that view. */
export async function waitForAnswer(
  panel: FrameLocator,
  index: number,
  what: string,
  done: (view: AnswerView) => boolean,
  timeoutMs = 60_000,
): Promise<AnswerView> {
  const answer = answers(panel).nth(index);
  let last: AnswerView | undefined;
  return waitUntil(
    what,
    async () => {
      if ((await answers(panel).count()) <= index) return undefined;
      last = await readAnswer(answer).catch(() => undefined);
      return last && done(last) ? last : undefined;
    },
    { timeoutMs, describe: () => (last ? JSON.stringify({ ...last, body: last.body.slice(0, 200) }) : `fewer than ${index + 1} answers`) },
  );
}

/** What a `StreamWatch` saw happen to one answer while it streamed, in the order it happened. */
export interface StreamLog {
  /** The teacher's marked opening was on screen, still being written, with no student text yet. */
  guidanceWhileWriting: boolean;
  /** Student text (after the marked opening) was on screen while the answer was still being written. */
  studentWhileWriting: boolean;
  /** Student text showed before any teacher mark did. */
  studentBeforeGuidance: boolean;
  /** The footer appeared. */
  footer: boolean;
}

/**
 * Watches answer number `index` (0-based; it may not exist yet) for every change the panel makes
 * to it, with a MutationObserver inside the panel, so that what was on screen while the answer
 * streamed is known exactly rather than sampled. Start it before sending; `read()` what it saw.
 */
export async function watchStream(panel: FrameLocator, index: number): Promise<{ read(): Promise<StreamLog> }> {
  const key = `__headstartStreamWatch${index}`;
  await allowNamedFunctions(panel.locator("body"));
  await panel.locator("body").evaluate(
    (body, { index, key }) => {
      const log = { guidanceWhileWriting: false, studentWhileWriting: false, studentBeforeGuidance: false, footer: false };
      (window as unknown as Record<string, unknown>)[key] = log;
      const squeeze = (s: string | null) => (s ?? "").replace(/\s+/g, "").length;
      const check = () => {
        const article = document.querySelectorAll("article.msg-assistant")[index];
        if (!article) return;
        const state = article.querySelector<HTMLElement>(".msg-state");
        const writing = !!state && !state.hidden && (state.textContent ?? "").startsWith("writing");
        const marks = Array.from(article.querySelectorAll("mark.hs-teacher"));
        const teacher = squeeze(marks.map((m) => m.textContent).join(""));
        const student = squeeze(article.querySelector(".msg-body")?.textContent ?? "") - teacher;
        if (writing && teacher > 0 && student === 0) log.guidanceWhileWriting = true;
        if (writing && teacher > 0 && student > 0) log.studentWhileWriting = true;
        if (teacher === 0 && student > 0 && !log.guidanceWhileWriting) log.studentBeforeGuidance = true;
        if (article.querySelector("footer.msg-footer")) log.footer = true;
      };
      new MutationObserver(check).observe(body, { subtree: true, childList: true, characterData: true, attributes: true });
    },
    { index, key },
  );
  return {
    read: () => panel.locator("body").evaluate((_, key) => (window as unknown as Record<string, StreamLog>)[key], key),
  };
}

/**
 * tsx compiles this file with esbuild's keepNames, which wraps the functions declared inside an
 * `evaluate` body in `__name(...)`: a helper the page does not have. Defines it as a no-op there.
 */
async function allowNamedFunctions(target: Locator): Promise<void> {
  await target.evaluate("void (globalThis.__name ??= (f) => f)");
}
