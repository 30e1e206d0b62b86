// VS Code's own Chat view (the secondary side bar, Ctrl+Alt+I) in code-server 4.139.1 (VS Code
// 1.139.1), driven the way a user drives it: open it, pick the Ask mode and a model, type a message,
// press Enter, read the answer, press Stop. For extensions' chat participants (`@name`) and
// language-model chat providers (models in the picker).
//
// What this VS Code needs, offline and signed out (see CHAT_USER_SETTINGS):
//   - `"chat.disableAIFeatures": false`: with true (the quiet default of ./codeServer.ts) the Chat
//     view is gone;
//   - `"chat.allowAnonymousAccess": true`: plain (non-@) messages go to the picked model without
//     a GitHub sign-in;
//   - `"experiments.override.chat.showOldAskMode": "enabled"`: the mode picker offers only "Agent"
//     unless an A/B experiment (fetched online) turns the old Ask mode on; this setting is VS Code's
//     own override for an experiment's treatment. Agent mode lists only models that declare tool
//     calling, and a participant asked in Agent mode with no such model fails with "Language
//     model unavailable", so the helpers use Ask.
// Things that happen on the way, handled here:
//   - a provider's models are resolved only once its extension activates. Opening the model picker
//     does not activate it; "Chat: Manage Language Models" (the Language Models editor) does. When
//     the models arrive the chat's mode falls back to Agent, sometimes seconds later: pick the model
//     first, then check the mode (`chooseChatModel` does both; `sendChatMessage(..., { mode })`
//     checks again);
//   - the model picker lists "Auto" and "Manage Models..." until a model has been used, then the
//     used ones and a collapsed "Other Models" section;
//   - a "Set BYOK utility models" notice docks above the input once non-Copilot models exist
//     (`dismissChatNotices`);
//   - a participant with `isSticky` leaves `@name ` in the input after its answer, so
//     `sendChatMessage` clears the input before typing;
//   - the conversation is a virtual list: only rows near the bottom are in the DOM. Responses are
//     addressed by their row's `data-index`, and the newest is always rendered (the view follows
//     the end of the conversation).
// Selectors: the mode and model pickers are action items whose aria-label is the current choice
// ("Ask", "Models, Headstart guided"); their menus are action widgets rendered at the end of
// <body> (role="menu" for modes, role="listbox" for models) whose rows hold `span.title`; the
// Stop button is the execute toolbar's action labelled "Cancel (Ctrl+Escape)". Class names come
// from VS Code's chat widget (`.interactive-session`, `.interactive-response`,
// `.chat-response-loading` while an answer streams). No wall-clock assertions: every wait is a
// generous timeout for a state the page reaches on its own.
import type { Locator, Page } from "playwright-core";
import { log, STATE_TIMEOUT_MS, waitUntil } from "./steps";
import { escapeRegExp, runCommand } from "./workbench";

/**
 * User settings (for `startCodeServer({ userSettings })`) under which the Chat view works for
 * third-party participants and models without Copilot or a sign-in. See the head of this file.
 */
export const CHAT_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  "chat.disableAIFeatures": false,
  "chat.allowAnonymousAccess": true,
  "experiments.override.chat.showOldAskMode": "enabled",
};

/** The chat widget on screen: conversation plus input (the secondary side bar's, normally). */
export function chatWidget(page: Page): Locator {
  return page.locator(".interactive-session").filter({ visible: true }).first();
}

/** The chat input (a small Monaco editor). */
export function chatInput(page: Page): Locator {
  return chatWidget(page).locator(".interactive-input-part .interactive-input-editor .monaco-editor").first();
}

/** The mode picker's button; its aria-label is the current mode ("Agent", "Ask"). */
function modePicker(page: Page): Locator {
  return chatWidget(page).locator(".chat-mode-picker-item a.action-label").first();
}

/** The model picker's button; its aria-label is "Models, <current model>". */
function modelPicker(page: Page): Locator {
  return chatWidget(page).locator(".model-picker-item a.model-picker-name").first();
}

/** The Stop button, shown in place of Send while an answer streams ("Cancel (Ctrl+Escape)"). */
function stopButton(page: Page): Locator {
  return chatWidget(page).locator('.chat-execute-toolbar a.action-label[aria-label^="Cancel"]').first();
}

/** An open action widget (the dropdown menus of the pickers), rendered at the end of <body>. */
function actionWidgetRow(page: Page, role: "menu" | "listbox", title: RegExp): Locator {
  return page
    .locator(`.context-view .action-widget [role="${role}"] .monaco-list-row`)
    .filter({ has: page.locator("span.title", { hasText: title }) })
    .first();
}

/** Every row of the open action widget: its aria-label (e.g. "Auto, Current model"). */
async function actionWidgetRows(page: Page, role: "menu" | "listbox"): Promise<string[]> {
  return page
    .locator(`.context-view .action-widget [role="${role}"] .monaco-list-row`)
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") ?? "").filter((l) => l !== ""));
}

/**
 * Opens the Chat view (Ctrl+Alt+I; "Chat: Open Chat" from the palette if the key was lost while
 * the workbench started) and waits for its input. Dismisses the notices docked above the input.
 */
export async function openChatView(page: Page, timeoutMs = 60_000): Promise<void> {
  const input = chatInput(page);
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; !(await input.isVisible()); attempt++) {
    if (Date.now() > deadline) throw new Error("the Chat view did not open (is chat.disableAIFeatures true?)");
    // Keys typed while a webview has focus go to the webview: take the focus back first.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    if (attempt % 2 === 0) await page.keyboard.press("Control+Alt+I");
    else await runCommand(page, "Chat: Open Chat", { timeoutMs: 10_000 }).catch(() => undefined);
    await input.waitFor({ state: "visible", timeout: 5_000 }).catch(() => undefined);
  }
  await dismissChatNotices(page);
}

/**
 * Closes the notices docked above the chat input ("Set BYOK utility models", ...). They come
 * and go on their own; this closes the ones on screen now.
 */
export async function dismissChatNotices(page: Page): Promise<void> {
  const dismiss = chatWidget(page).locator('.chat-input-notification-widget a[aria-label="Dismiss notification"]');
  for (let i = 0; i < 5 && (await dismiss.count()) > 0; i++) {
    await dismiss.first().click({ timeout: 2_000 }).catch(() => undefined);
    await page.waitForTimeout(200);
  }
}

/** The chat's current mode as its picker shows it ("Agent", "Ask", ...). */
export async function chatMode(page: Page): Promise<string> {
  return (await modePicker(page).getAttribute("aria-label")) ?? "";
}

/**
 * Switches the chat to `mode` ("Ask" by default) with the mode picker, and returns once the
 * picker has shown it for `settleMs` in a row (the chat can fall back to Agent on its own while
 * it initialises). Fails saying so when the picker does not offer the mode (Ask needs
 * `CHAT_USER_SETTINGS`).
 */
export async function setChatMode(page: Page, mode = "Ask", { timeoutMs = 60_000, settleMs = 1_500 } = {}): Promise<void> {
  const picker = modePicker(page);
  await picker.waitFor({ timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await chatMode(page)) === mode) {
      await page.waitForTimeout(settleMs);
      if ((await chatMode(page)) === mode) return;
    } else {
      await picker.click();
      const row = actionWidgetRow(page, "menu", new RegExp(`^${escapeRegExp(mode)}$`));
      if (!(await row.waitFor({ timeout: 5_000 }).then(() => true, () => false))) {
        const offered = await actionWidgetRows(page, "menu");
        await page.keyboard.press("Escape");
        // No menu at all: the click was lost while the chat initialised (or the menu closed under
        // the pointer). Try again until the deadline; only a menu without the mode is an answer.
        if (offered.length === 0 && Date.now() < deadline) {
          await page.waitForTimeout(500);
          continue;
        }
        throw new Error(
          `the mode picker offers no "${mode}" (it offers ${JSON.stringify(offered)}); ` +
            `"Ask" needs the user setting "experiments.override.chat.showOldAskMode": "enabled" (see CHAT_USER_SETTINGS)`,
        );
      }
      // The menu can close under the pointer while the chat re-initialises: then try again.
      if (!(await row.click({ timeout: 5_000 }).then(() => true, () => false))) await page.keyboard.press("Escape");
      await page.waitForTimeout(300);
    }
    if (Date.now() > deadline) throw new Error(`the chat did not stay in ${mode} mode (it shows ${JSON.stringify(await chatMode(page))})`);
  }
}

/** The model the picker shows ("Auto", "Headstart guided"). */
export async function chatModel(page: Page): Promise<string> {
  const label = (await modelPicker(page).getAttribute("aria-label")) ?? "";
  return label.replace(/^Models, /, "");
}

/** A row of the Language Models editor ("Manage Models..."). */
export interface LanguageModelRow {
  /** As listed, e.g. "Headstart guided". */
  name: string;
  /** The row's aria-label: "<name> from <vendor display name>. Context size: 4K tokens. Capabilities: ...". */
  description: string;
  /** The context size column as shown ("4K"): maxInputTokens + maxOutputTokens, rounded. */
  contextSize: string;
}

/**
 * Opens "Chat: Manage Language Models" (the Language Models editor; the model picker's "Manage
 * Models..." and its gear open the same), which makes VS Code resolve every provider's models,
 * activating the extensions behind them. Waits until `expect` (a model name) is listed when given,
 * reads the table and closes the editor. The chat may fall back to Agent mode when new models
 * arrive: set the mode afterwards (`chooseChatModel` does).
 */
export async function readLanguageModels(page: Page, expect?: string, timeoutMs = 60_000): Promise<LanguageModelRow[]> {
  await runCommand(page, "Chat: Manage Language Models", { timeoutMs });
  const list = page.locator('[role="list"][aria-label="Language Models"]').filter({ visible: true }).first();
  await list.waitFor({ timeout: timeoutMs });
  const rows = list.locator(".monaco-list-row");
  const read = () =>
    rows.evaluateAll((els) =>
      els.map((row) => ({
        name: (row.querySelector(".model-name")?.textContent ?? "").trim(),
        description: row.getAttribute("aria-label") ?? "",
        contextSize: (row.querySelector(".model-token-limits")?.textContent ?? "").trim(),
      })),
    );
  let models: LanguageModelRow[] = [];
  await waitUntil(
    expect ? `"${expect}" in the Language Models editor` : "the Language Models editor to list models",
    async () => {
      models = await read();
      return expect ? models.some((m) => m.name === expect) : models.length > 0;
    },
    { timeoutMs, describe: () => JSON.stringify(models) },
  );
  // It opens as a modal editor here (a tab in other layouts): its close button, else close the editor.
  const close = page.locator('.monaco-modal-editor-block .action-label[aria-label^="Close Modal Editor"]');
  if (await close.isVisible()) await close.click();
  else await runCommand(page, "View: Close Editor");
  await list.waitFor({ state: "hidden", timeout: STATE_TIMEOUT_MS });
  return models;
}

async function openModelPicker(page: Page, timeoutMs: number): Promise<void> {
  const picker = modelPicker(page);
  await picker.waitFor({ timeout: timeoutMs });
  await picker.click();
  await actionWidgetRow(page, "listbox", /./).waitFor({ timeout: STATE_TIMEOUT_MS });
}

/**
 * Picks the model named `name` (e.g. "Headstart guided") in the chat's model picker, in `mode`
 * ("Ask" by default; Agent lists only models that declare tool calling). The picker lists "Auto"
 * and "Manage Models..." until a model has been used, then the used ones on top and the rest under
 * a collapsed "Other Models" section, which this opens. A provider's models appear only once its
 * extension has activated: when the picker does not list `name`, this opens the Language Models
 * editor once (see `readLanguageModels`), then sets the mode again and retries. Returns once the
 * picker has shown the model, with the chat still in `mode`, for `settleMs` in a row.
 */
export async function chooseChatModel(page: Page, name: string, { mode = "Ask", timeoutMs = 90_000, settleMs = 2_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const title = new RegExp(`^${escapeRegExp(name)}$`);
  let resolved = false;
  let offered: string[] = [];
  for (;;) {
    await dismissChatNotices(page);
    await setChatMode(page, mode, { timeoutMs: Math.max(5_000, deadline - Date.now()) });
    if ((await chatModel(page)) !== name) {
      await openModelPicker(page, 10_000);
      const collapsed = page.locator('.context-view .action-widget .chat-model-picker-section-toggle[aria-expanded="false"]');
      for (let i = 0; i < 3 && (await actionWidgetRow(page, "listbox", title).count()) === 0 && (await collapsed.count()) > 0; i++) {
        await collapsed.first().locator("span.title").click();
        await page.waitForTimeout(300);
      }
      offered = await actionWidgetRows(page, "listbox");
      const row = actionWidgetRow(page, "listbox", title);
      if ((await row.count()) > 0) {
        await row.click();
      } else {
        await page.keyboard.press("Escape");
        if (!resolved) {
          resolved = true;
          log(`the model picker offered ${JSON.stringify(offered)}, not "${name}": opening the Language Models editor, which activates every provider`);
          await readLanguageModels(page, name, Math.max(5_000, deadline - Date.now()));
        }
        await page.waitForTimeout(1_000);
        continue;
      }
    }
    // The model, and the mode it was picked in, must both hold for a moment.
    const holds = async () => (await chatModel(page)) === name && (await chatMode(page)) === mode;
    if (await holds()) {
      await page.waitForTimeout(settleMs);
      if (await holds()) return;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `could not pick "${name}" in ${mode} mode: the chat shows ${JSON.stringify(await chatModel(page))} in ${JSON.stringify(await chatMode(page))}, the picker offered ${JSON.stringify(offered)}`,
      );
    }
  }
}

/** A message row of the conversation, addressed by its `data-index` (request and response alternate). */
function row(page: Page, index: number): Locator {
  return chatWidget(page).locator(`.interactive-list .monaco-list-row[data-index="${index}"]`);
}

/** The highest `data-index` in the conversation (-1 when empty): the newest row, always rendered. */
async function lastRowIndex(page: Page): Promise<number> {
  const indexes = await chatWidget(page)
    .locator(".interactive-list .monaco-list-row[data-index]")
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-index"))));
  return indexes.length === 0 ? -1 : Math.max(...indexes);
}

/**
 * Types `text` into the chat input and presses Enter, as a user sends a message ("@headstart
 * /local hi" addresses a participant and one of its commands). Clears the input first (a sticky
 * participant leaves "@name " in it) and closes the completion list that "@" and "/" open, so that
 * Enter sends rather than accepts a completion. Returns the `data-index` of the response row, for
 * `waitForChatResponse`/`stopChatResponse`. Does not wait for the answer. With `mode` ("Ask"), it
 * first makes sure the chat is in that mode (it can fall back to Agent on its own, see above).
 */
export async function sendChatMessage(page: Page, text: string, { mode, timeoutMs = 30_000 }: { mode?: string; timeoutMs?: number } = {}): Promise<number> {
  const input = chatInput(page);
  await input.waitFor({ timeout: timeoutMs });
  await dismissChatNotices(page);
  if (mode !== undefined) await setChatMode(page, mode);
  const before = await lastRowIndex(page);
  await input.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text, { delay: 15 });
  const suggest = chatWidget(page).locator(".interactive-input-part .suggest-widget.visible");
  if (await suggest.isVisible()) await page.keyboard.press("Escape");
  await page.keyboard.press("Enter");
  const request = before + 1;
  await waitUntil(`the message "${text}" to be sent`, async () => (await row(page, request).count()) > 0 && (await row(page, request + 1).count()) > 0, {
    timeoutMs,
    describe: async () => `input holds ${JSON.stringify(await input.locator(".view-lines").innerText().catch(() => "?"))}`,
  });
  return request + 1;
}

/** What one response in the Chat view shows. */
export interface ChatResponseView {
  /** The row's `data-index`. */
  index: number;
  /** Who answered as the header names it ("Headstart"; empty for a plain message's model answer). */
  participant: string;
  /** Whether it is still streaming (the widget's `chat-response-loading`). */
  loading: boolean;
  /** The rendered markdown parts' text, in order, joined with blank lines. */
  text: string;
  /** Each rendered markdown part's text. */
  markdown: string[];
  /**
   * Markdown parts VS Code folded into the collapsed step summary of a finished answer
   * ("Completed N steps in Ns", a `<details>`): hidden from the reader until opened. VS Code folds
   * there whatever an answer streamed before its last progress line.
   */
  folded: string[];
  /**
   * Progress lines and step summaries on screen now. A participant's `stream.progress(...)` line
   * shows only while the answer streams; once it is done VS Code keeps just a collapsed
   * "Completed N steps in Ns" summary, and the line itself is gone from the page (opening the
   * summary does not bring it back). Use `watchChatResponse` to catch it while it streams.
   */
  progress: string[];
  /** Buttons inside the response (`stream.button`), by their text. */
  buttons: string[];
  /** Error and warning lines (e.g. "Language model unavailable", a participant's `errorDetails`). */
  errors: string[];
  /** The footer's details once done, e.g. "Completed ..., Elapsed time 4s, Headstart guided". */
  details: string;
  /** The model named in the footer ("Headstart guided"), when it names one. */
  model: string;
}

/** Reads response number `index` (a row's `data-index`, from `sendChatMessage`) as it is now. */
export async function readChatResponse(page: Page, index: number): Promise<ChatResponseView> {
  const target = row(page, index);
  await allowNamedFunctions(target);
  return target.evaluate((el, index) => {
    const text = (e: Element | null | undefined) => ((e as HTMLElement | null)?.innerText ?? e?.textContent ?? "").trim();
    const item = el.querySelector(".interactive-item-container");
    const value = el.querySelector(".value");
    // The answer's markdown, not the error lines' nor the collapsed steps' (which render markdown too).
    const markdown = Array.from(value?.querySelectorAll(".chat-markdown-part") ?? [])
      .filter((m) => !m.closest(".chat-notification-widget, details, .chat-used-context"))
      .map((m) => text(m));
    // textContent: a closed <details> renders nothing, so its innerText is empty.
    const folded = Array.from(value?.querySelectorAll("details.completed-response-disclosure .chat-markdown-part") ?? []).map((m) => (m.textContent ?? "").trim());
    const progress = Array.from(
      value?.querySelectorAll(".progress-step, .chat-progress-content, .completed-response-summary, .chat-thinking-box .chat-used-context-label, .chat-collapsible-content-animation-inner .rendered-markdown") ?? [],
    )
      .map((p) => text(p))
      .filter((t) => t !== "");
    const buttons = Array.from(value?.querySelectorAll(".chat-command-button .monaco-button, .chat-button-container .monaco-button") ?? []).map((b) => text(b));
    const errors = Array.from(value?.querySelectorAll(".chat-notification-widget") ?? []).map((n) => text(n));
    const details = el.querySelector(".chat-footer-details:not(.hidden)")?.getAttribute("aria-label") ?? "";
    return {
      index,
      participant: text(el.querySelector(".header h3.username:not(.hidden)")),
      loading: !!item?.classList.contains("chat-response-loading"),
      text: markdown.join("\n\n"),
      markdown,
      folded,
      progress: [...new Set(progress)],
      buttons,
      errors,
      details,
      model: text(el.querySelector(".chat-response-model-details")),
    };
  }, index);
}

/**
 * Waits until response `index` has finished streaming (completed, stopped or failed: no longer
 * loading, and its footer says "Completed ...") and returns what it shows. Generous by default: a
 * local model on two cores is slow.
 */
/**
 * Scrolls the Chat view's list so that row `index` starts at its top (a list too short to scroll
 * leaves it where it is); says whether the content of row `last` (its text and buttons, not the
 * toolbar under them) then ends inside the list, all of it on screen.
 */
export async function scrollChatRowToTop(page: Page, index: number, last = index): Promise<{ whole: boolean }> {
  const list = chatWidget(page).locator(".interactive-list .monaco-list").first();
  const edge = async (): Promise<{ listTop: number; listBottom: number; top?: number; bottom?: number }> => {
    const l = await list.boundingBox();
    if (!l) throw new Error("The Chat view's list is not on screen.");
    const first = await row(page, index).boundingBox();
    const end = await row(page, last).locator(".value").first().boundingBox();
    return { listTop: l.y, listBottom: l.y + l.height, ...(first ? { top: first.y } : {}), ...(end ? { bottom: end.y + end.height } : {}) };
  };
  await list.hover();
  for (let i = 0; i < 40; i++) {
    const e = await edge();
    // Not rendered: above the list's window, so scroll up.
    const by = e.top === undefined ? -300 : e.top - e.listTop;
    if (Math.abs(by) < 2) break;
    await page.mouse.wheel(0, by);
    await page.waitForTimeout(150);
    const after = await edge();
    if (after.top !== undefined && after.top === e.top) break; // the list cannot scroll further
  }
  const e = await edge();
  return { whole: e.top !== undefined && e.bottom !== undefined && e.top >= e.listTop - 1 && e.bottom <= e.listBottom + 1 };
}

export async function waitForChatResponse(page: Page, index: number, timeoutMs = 120_000): Promise<ChatResponseView> {
  let last: ChatResponseView | undefined;
  return waitUntil(
    `response ${index} to finish`,
    async () => {
      await failOnSignInDialog(page);
      if ((await row(page, index).count()) === 0) return undefined;
      last = await readChatResponse(page, index).catch(() => undefined);
      // Done: no longer loading, and the footer says how it ended.
      return last !== undefined && !last.loading && last.details !== "" ? last : undefined;
    },
    { timeoutMs, intervalMs: 200, describe: () => JSON.stringify(last) },
  );
}

/**
 * Throws when VS Code asks to sign in to GitHub Copilot (a modal dialog): it does so for a plain
 * message, or when the model picker is opened, unless `"chat.allowAnonymousAccess": true`.
 */
export async function failOnSignInDialog(page: Page): Promise<void> {
  const dialog = page.locator(".monaco-dialog-box").filter({ visible: true }).filter({ hasText: /Sign in/ });
  if ((await dialog.count()) > 0) {
    const text = (await dialog.first().locator(".dialog-message-text").innerText().catch(() => "")).trim();
    throw new Error(`VS Code asks to sign in ("${text}"): set the user setting "chat.allowAnonymousAccess": true (see CHAT_USER_SETTINGS)`);
  }
}

/**
 * Waits until response `index` shows at least `minChars` characters of markdown while it is
 * still streaming (so that Stop lands mid-answer); returns what it shows then.
 */
export async function waitForStreamingText(page: Page, index: number, minChars = 1, timeoutMs = 120_000): Promise<ChatResponseView> {
  let last: ChatResponseView | undefined;
  return waitUntil(
    `response ${index} to stream at least ${minChars} characters`,
    async () => {
      await failOnSignInDialog(page);
      if ((await row(page, index).count()) === 0) return undefined;
      last = await readChatResponse(page, index).catch(() => undefined);
      if (last && !last.loading && last.details !== "") throw new Error(`response ${index} finished before it could be stopped: ${JSON.stringify(last)}`);
      return last && last.loading && last.text.length >= minChars ? last : undefined;
    },
    { timeoutMs, intervalMs: 100, describe: () => JSON.stringify(last) },
  );
}

/**
 * Presses the chat's Stop button (labelled "Cancel (Ctrl+Escape)") while an answer streams, and
 * waits until response `index` has ended; returns what it shows then (the partial text stays).
 */
export async function stopChatResponse(page: Page, index: number, timeoutMs = 30_000): Promise<ChatResponseView> {
  const stop = stopButton(page);
  await stop.waitFor({ state: "visible", timeout: timeoutMs });
  await stop.click();
  await stop.waitFor({ state: "hidden", timeout: timeoutMs });
  return waitForChatResponse(page, index, timeoutMs);
}

/** Clicks a button inside response `index` (from `stream.button`) by its text. */
export async function clickResponseButton(page: Page, index: number, title: string, timeoutMs = STATE_TIMEOUT_MS): Promise<void> {
  const button = row(page, index)
    .locator(".chat-command-button .monaco-button, .chat-button-container .monaco-button")
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) })
    .first();
  await button.waitFor({ timeout: timeoutMs });
  await button.click();
}

/** What a `watchChatResponse` saw while responses streamed. */
export interface ChatStreamLog {
  /** Every distinct progress line that was on screen at some point, in order of appearance. */
  progress: string[];
  /** The longest markdown text seen while the response was still loading. */
  textWhileLoading: string;
  /** How many times the markdown text grew while loading (more than 1: it streamed). */
  growths: number;
}

/**
 * Watches the response that will appear at `index` (from the row count before sending: call
 * `nextResponseIndex` first) with a MutationObserver inside the page, recording every progress
 * line and how the text grew while it streamed: progress messages are replaced or collapsed
 * once the answer goes on, so sampling after the fact misses them. Start before sending.
 */
export async function watchChatResponse(page: Page, index: number): Promise<{ read(): Promise<ChatStreamLog> }> {
  const key = `__chatViewWatch${index}`;
  const root = chatWidget(page);
  await allowNamedFunctions(root);
  await root.evaluate(
    (widget, { index, key }) => {
      const log = { progress: [] as string[], textWhileLoading: "", growths: 0 };
      (window as unknown as Record<string, unknown>)[key] = log;
      const text = (e: Element) => ((e as HTMLElement).innerText ?? e.textContent ?? "").trim();
      const check = () => {
        const row = widget.querySelector(`.interactive-list .monaco-list-row[data-index="${index}"]`);
        if (!row) return;
        const value = row.querySelector(".value");
        if (!value) return;
        for (const p of Array.from(value.querySelectorAll(".progress-step, .chat-progress-content, .chat-thinking-box, .completed-response-summary"))) {
          const t = text(p);
          if (t !== "" && !log.progress.includes(t)) log.progress.push(t);
        }
        const loading = !!row.querySelector(".interactive-item-container.chat-response-loading");
        if (loading) {
          const md = Array.from(value.querySelectorAll(".chat-markdown-part"))
            .filter((m) => !m.closest(".chat-notification-widget, details, .chat-used-context"))
            .map(text)
            .join("\n\n");
          if (md.length > log.textWhileLoading.length) {
            log.textWhileLoading = md;
            log.growths += 1;
          }
        }
      };
      new MutationObserver(check).observe(widget, { subtree: true, childList: true, characterData: true, attributes: true });
    },
    { index, key },
  );
  return {
    read: () => root.evaluate((_, key) => (window as unknown as Record<string, ChatStreamLog>)[key], key),
  };
}

/** The `data-index` the response to the next message will have (for `watchChatResponse`). */
export async function nextResponseIndex(page: Page): Promise<number> {
  return (await lastRowIndex(page)) + 2;
}

/**
 * Starts a new, empty conversation with the Chat view's "New Chat" (+) button. The mode and model
 * may fall back to their defaults: pick them again. A plain message in a conversation that holds
 * earlier turns can make VS Code first ask the model to summarise it ("Compacted conversation"),
 * an extra request to the provider.
 */
export async function newChat(page: Page, timeoutMs = STATE_TIMEOUT_MS): Promise<void> {
  const button = page.locator('.part.auxiliarybar .title-actions a.action-label[aria-label^="New Chat"], .part.auxiliarybar a.action-label.codicon-plus[aria-label^="New Chat"]').filter({ visible: true }).first();
  await button.click({ timeout: timeoutMs });
  await waitUntil("an empty conversation", async () => (await lastRowIndex(page)) === -1, { timeoutMs });
  await chatInput(page).waitFor({ timeout: timeoutMs });
}

/**
 * tsx compiles this file with esbuild's keepNames, which wraps functions declared inside an
 * `evaluate` body in `__name(...)`: a helper the page does not have. Defines it as a no-op there.
 */
async function allowNamedFunctions(target: Locator): Promise<void> {
  await target.evaluate("void (globalThis.__name ??= (f) => f)");
}
