// Drives a code-server workbench with playwright-core and Debian's Chromium (never a downloaded
// browser), as ../shared/docs/REAL-VSCODE.md describes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type FrameLocator, type Page } from "playwright-core";
import { atInterrupt } from "./cleanup";
import { trackPage } from "./steps";

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
    viewport: { width: 1280, height: 800 },
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
 * Runs a command by its palette label (e.g. `"Headstart: Open Chat"`): F1, type, Enter. Retries
 * until `timeoutMs`: the first F1 can be lost while the workbench starts, and an extension's
 * commands are listed only once the extension host has registered them (an open palette does
 * not refresh its list).
 */
export async function runCommand(page: Page, label: string, timeoutMs = 30_000): Promise<void> {
  const widget = page.locator(".quick-input-widget");
  const input = widget.locator("input");
  const name = page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(label)}$`) });
  const row = widget.locator(".quick-input-list .monaco-list-row", { has: name }).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Keys pressed while a webview has focus go to its iframe, not to the workbench.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
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
  await widget.waitFor({ state: "hidden", timeout: 5_000 });
}

/**
 * The document inside an extension's webview (two iframes deep). Defaults to Headstart's own, so
 * another extension's webview is never picked by mistake.
 */
export function chatFrame(page: Page, extensionId = "headstart-dev.headstart"): FrameLocator {
  return page
    .frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`)
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
