// Drives a code-server workbench with playwright-core and Debian's Chromium (never a downloaded
// browser), as ../shared/docs/REAL-VSCODE.md describes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type FrameLocator, type Locator, type Page } from "playwright-core";
import { atInterrupt } from "./cleanup";
import { STATE_TIMEOUT_MS, trackPage, waitUntil } from "./steps";

/** The browser window the workbench opens in. */
export const WORKBENCH_VIEWPORT = { width: 1280, height: 800 };

/** Debian's Chromium (apt package `chromium`). */
export const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser showing a workbench. */
export interface Workbench {
  page: Page;
  context: BrowserContext;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/**
 * Opens `<url>/?folder=<folder>` in a headless Chromium with a fresh profile and waits for the
 * workbench to render. Failed steps screenshot the page (see `step`).
 */
export async function openWorkbench(url: string, folder: string, timeoutMs = 60_000): Promise<Workbench> {
  const profile = mkdtempSync(join(tmpdir(), "headstart-chromium-"));
  const forget = atInterrupt(() => rmSync(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: WORKBENCH_VIEWPORT,
  });
  const close = async () => {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    forget();
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    trackPage(page);
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: timeoutMs });
    return { page, context, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Resizes the browser window and waits until the workbench is laid out at the new size: its
 * frame that size, and its webviews' heights the same on two looks in a row.
 */
export async function resizeWorkbench(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  let last = "";
  await waitUntil(
    `the workbench laid out at ${size.width}×${size.height}`,
    async () => {
      const now = await page.evaluate(() => {
        const frame = document.querySelector(".monaco-workbench")?.getBoundingClientRect();
        const webviews = Array.from(document.querySelectorAll("iframe.webview"), (f) => Math.round(f.getBoundingClientRect().height));
        return `${Math.round(frame?.width ?? 0)}x${Math.round(frame?.height ?? 0)} ${webviews.join(",")}`;
      });
      const settled = now.startsWith(`${size.width}x${size.height} `) && now === last;
      last = now;
      return settled;
    },
    { timeoutMs: STATE_TIMEOUT_MS, describe: () => last },
  );
}

/** What `runCommand` waits for after running the command. */
export type AfterCommand =
  /** The palette closes (the default): the command ran and asked nothing. */
  | "closes"
  /** Nothing: the command opens its own quick pick or input box, or reloads the page. */
  | "nothing";

/**
 * Runs a command by its palette label (e.g. `"Headstart: Open Chat"`): F1, type, Enter. Retries
 * until `timeoutMs`: the first F1 can be lost while the workbench starts, and an extension's
 * commands are listed only once the extension host has registered them (an open palette does
 * not refresh its list). A command that opens its own quick input takes `after: "nothing"`; wait
 * for its box with `waitForQuickInput`.
 */
export async function runCommand(
  page: Page,
  label: string,
  { timeoutMs = 30_000, after = "closes" }: { timeoutMs?: number; after?: AfterCommand } = {},
): Promise<void> {
  const widget = page.locator(".quick-input-widget");
  const input = widget.locator("input");
  const name = page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(label)}$`) });
  const row = widget.locator(".quick-input-list .monaco-list-row", { has: name }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await blurWebviews(page);
    await page.keyboard.press("F1");
    const opened = await input.waitFor({ state: "visible", timeout: 2_000 }).then(() => true, () => false);
    if (opened) {
      await input.fill(`>${label}`);
      // Run it only once the palette lists exactly this command, or Enter would run whatever is first.
      if (await row.waitFor({ state: "visible", timeout: 3_000 }).then(() => true, () => false)) break;
      await page.keyboard.press("Escape");
    }
    if (Date.now() > deadline) {
      throw new Error(opened ? `the command palette has no command "${label}"` : "the command palette did not open");
    }
  }
  if ((await row.getAttribute("class"))?.split(" ").includes("focused")) await page.keyboard.press("Enter");
  else await row.click();
  if (after !== "closes") return;
  // The palette closes before it runs a command, so a palette still showing this query lost the
  // press (under load, CI saw one stay for a minute, three times): choose the row again, which
  // cannot run the command twice. Anything else still open is named in the error.
  const closeBy = Date.now() + STATE_TIMEOUT_MS;
  while (!(await widget.waitFor({ state: "hidden", timeout: 5_000 }).then(() => true, () => false))) {
    const query = await input.inputValue({ timeout: 1_000 }).catch(() => undefined);
    if (Date.now() > closeBy || query !== `>${label}`) {
      const shown = await widget.innerText({ timeout: 1_000 }).catch(() => "(unreadable)");
      throw new Error(`after choosing "${label}", the quick input stayed open, showing ${JSON.stringify({ query, shown: shown.slice(0, 600) })}`);
    }
    await row.click({ timeout: 5_000 }).catch(() => undefined);
  }
}

/** Keys pressed while a webview has focus go to its iframe, not to the workbench: take the focus back. */
async function blurWebviews(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/**
 * Waits for the quick input (quick pick or input box) whose title is `title` and returns it; its
 * text field is `.locator("input").first()`, its rows `.locator(".monaco-list-row")`.
 */
export async function waitForQuickInput(page: Page, title: string, timeoutMs = STATE_TIMEOUT_MS): Promise<Locator> {
  const widget = page.locator(".quick-input-widget");
  await widget
    .locator(".quick-input-title", { hasText: new RegExp(`^${escapeRegExp(title)}$`) })
    .waitFor({ state: "visible", timeout: timeoutMs });
  return widget;
}

/** Opens a workspace file with Go to File (Ctrl+P) and waits until its editor has focus. */
export async function quickOpen(page: Page, fileName: string, timeoutMs = STATE_TIMEOUT_MS): Promise<Locator> {
  const widget = page.locator(".quick-input-widget");
  const input = widget.locator("input").first();
  const row = widget.locator(".monaco-list-row", { has: page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(fileName)}$`) }) }).first();
  await blurWebviews(page);
  const focused = page.locator(`.editor-instance .monaco-editor.focused[data-uri$="/${fileName}"]`);
  // The file search starts with the workbench: on a busy machine the first search can come back
  // empty while extensions still activate. Typed again, it searches again. And a list still
  // sorting can move another file (cart.test.ts for cart.ts) under the click: then it is asked again.
  for (let attempt = 1; ; attempt++) {
    await blurWebviews(page);
    if (!(await input.isVisible())) await page.keyboard.press("Control+P");
    await input.waitFor({ state: "visible", timeout: timeoutMs });
    await input.fill("");
    await input.fill(fileName);
    const shown = await row.waitFor({ state: "visible", timeout: timeoutMs }).then(
      () => true,
      () => false,
    );
    if (shown) {
      await row.click();
      await widget.waitFor({ state: "hidden", timeout: timeoutMs });
      if (await focused.waitFor({ timeout: timeoutMs }).then(() => true, () => false)) return textEditor(page, fileName);
    }
    if (attempt === 4) throw new Error(`Quick Open did not open ${fileName} in 4 tries.`);
  }
}

/**
 * The text editor (Monaco) showing the file whose path ends in `/<fileName>`: on screen, and the
 * file itself. A diff's sides carry the same path, and a closed diff's editor stays in the page,
 * hidden, so the first match in the page could be the proposal or the diff's stale left side.
 */
export function textEditor(page: Page, fileName: string): Locator {
  return page
    .locator(`.editor-instance .monaco-editor[data-uri$="/${fileName}"]:not([data-uri^="headstart-proposal:"])`)
    .filter({ visible: true })
    .first();
}

/**
 * The text an editor shows, as a reader sees it (Monaco renders spaces as no-break spaces).
 * Only the rendered lines: enough for a short file.
 */
export async function visibleEditorText(editor: Locator): Promise<string> {
  return (await editor.locator(".view-lines").innerText()).replace(/\u00a0/g, " ");
}

/**
 * The whole text of a document, however long: the editor's own Select All and Copy, read back from
 * the clipboard. Monaco renders only the lines in view, so reading the page would miss the rest.
 */
export async function wholeEditorText(page: Page, editor: Locator): Promise<string> {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(page.url()).origin });
  await editor.locator(".view-lines").click();
  // Select-all goes to whichever editor has the focus: make sure it is this one.
  await waitUntil("the editor has the focus", () => editor.evaluate((el) => el.classList.contains("focused")), { timeoutMs: STATE_TIMEOUT_MS });
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Control+C");
  return page.evaluate(() => navigator.clipboard.readText());
}

/**
 * "Developer: Reload Window": reloads the page and waits for the workbench to render again.
 */
export async function reloadWindow(page: Page, timeoutMs = 60_000): Promise<void> {
  const loaded = page.waitForEvent("load", { timeout: timeoutMs });
  await runCommand(page, "Developer: Reload Window", { after: "nothing" });
  await loaded;
  await page.locator(".monaco-workbench").waitFor({ timeout: timeoutMs });
}

/** The text of a status bar item by its id (`<publisher>.<name>.<item id>` for an extension's). */
export async function statusBarText(page: Page, id: string): Promise<string | undefined> {
  const item = page.locator(`.statusbar-item[id="${id}"]`);
  if ((await item.count()) === 0) return undefined;
  return (await item.first().innerText()).trim();
}

/**
 * The document inside an extension's webview (two iframes deep). Defaults to Headstart's own, so
 * another extension's webview is never picked by mistake.
 */
export function chatFrame(page: Page, extensionId = "headstart-dev.headstart"): FrameLocator {
  // A view's webview (the chat panel), not one of the extension's editor panels (the spending view).
  return page
    .frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"][src*="purpose=webviewView"]`)
    .frameLocator("#active-frame");
}

/** The text of every notification toast on screen (innerText, since textContent includes CSS). */
export async function readNotifications(page: Page): Promise<string[]> {
  const toasts = page.locator(".notifications-toasts .notification-toast");
  return (await toasts.allInnerTexts()).map((t) => t.trim());
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
