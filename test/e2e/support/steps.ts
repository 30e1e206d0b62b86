// Named steps for end-to-end tests: each logs its name and time, and a failure says which step
// failed and leaves a screenshot of every open workbench page in .test-artifacts/e2e/.
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";

/** Where screenshots and copied logs go: `.test-artifacts/e2e/` in the repository (gitignored). */
export const artifactsDir = join(__dirname, "..", "..", "..", ".test-artifacts", "e2e");

/** Where a failed step's screenshots go, apart from every test's own, so no later test deletes them. */
export const failedDir = join(artifactsDir, "failed");

/**
 * The most a state the test waits for (a palette closing, a tab opening, a file saved) may take.
 * Every such wait ends as soon as the state comes; this only bounds a failure. On two busy cores an
 * animation or a save can take many seconds, so no wait that must succeed allows less.
 */
export const STATE_TIMEOUT_MS = 60_000;

const openPages = new Set<Page>();

/** Makes failed steps screenshot this page until it closes. `openWorkbench` does this itself. */
export function trackPage(page: Page): void {
  openPages.add(page);
  page.once("close", () => openPages.delete(page));
}

/** Writes a full-page PNG of a failed step to `.test-artifacts/e2e/failed/<name>.png` and returns its path. */
async function failureScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(failedDir, { recursive: true });
  const path = join(failedDir, `${slug(name)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Runs one named step of a test. Logs `▶ name` and `✔ name (1.2 s)`; on failure screenshots every
 * tracked page as `failed/<name>.png` (kept: no test empties that folder) and throws an error that starts with the step's name (the
 * original error is its `cause`).
 */
export async function step<T>(name: string, body: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  log(`▶ ${name}`);
  try {
    const result = await body();
    announce(`✔ ${name} (${seconds(performance.now() - started)})`);
    return result;
  } catch (error) {
    announce(`✘ ${name} (${seconds(performance.now() - started)})`);
    const shots: string[] = [];
    for (const page of openPages) {
      const path = await failureScreenshot(page, name).catch(() => undefined);
      if (path !== undefined) shots.push(path);
    }
    const detail = error instanceof Error ? error.message : String(error);
    const where = shots.length > 0 ? `\nscreenshot: ${shots.join(", ")}` : "";
    throw new Error(`step "${name}" failed: ${detail}${where}`, { cause: error });
  }
}

/**
 * Polls `condition` until it returns something other than `undefined`/`false` and returns that.
 * Throws `timed out after N s waiting for <what>` (with the last value seen, from `describe`) when
 * `timeoutMs` passes: for states the page reaches on its own time (a streamed answer, a saved file).
 */
export async function waitUntil<T>(
  what: string,
  condition: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 30_000, intervalMs = 100, describe }: { timeoutMs?: number; intervalMs?: number; describe?: () => Promise<string> | string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const last = describe ? ` (last seen: ${await Promise.resolve(describe()).catch((e: unknown) => String(e))})` : "";
      throw new Error(`timed out after ${seconds(timeoutMs)} waiting for ${what}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Where every progress line goes, with what the tests saw: the test output keeps a line per step. */
export const progressLog = join(artifactsDir, "progress.log");

/** Who else prints progress lines: the demo shows them to its user as they happen. */
let echo: ((line: string) => void) | undefined;

/** Prints every progress line through `write` too (the demo's own output), not only into the log file. */
export function echoProgress(write: (line: string) => void): void {
  echo = write;
}

/** Records a progress line of an end-to-end test (or of the demo's setup) in `progress.log`. */
export function log(line: string): void {
  mkdirSync(artifactsDir, { recursive: true });
  appendFileSync(progressLog, `${new Date().toISOString()} ${line}\n`);
  echo?.(line);
}

/** A progress line worth showing in the test output too (on stderr, so the reporter keeps it apart). */
export function announce(line: string): void {
  log(line);
  if (!echo) process.stderr.write(`[e2e] ${line}\n`);
}

/** Milliseconds as `1.2 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

/** A screenshot taker for one folder of `.test-artifacts/e2e/`: the whole page, or one element. */
export function screenshotsIn(folder: string): (target: Page | Locator, name: string) => Promise<string> {
  const dir = join(artifactsDir, folder);
  return async (target, name) => {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}.png`);
    if ("goto" in target) await target.screenshot({ path, fullPage: true });
    else await target.screenshot({ path });
    log(`screenshot: ${path}`);
    return path;
  };
}

/** The lines a Monaco editor renders, top to bottom, as a reader sees them (a short document shows whole). */
export async function editorLines(editor: Locator): Promise<string[]> {
  const lines = await editor
    .locator(".view-lines")
    .evaluate((el) => Array.from(el.children).map((line) => ({ top: parseFloat((line as HTMLElement).style.top), text: (line as HTMLElement).innerText })));
  return lines.sort((a, b) => a.top - b.top).map((l) => l.text.replace(/\u00a0/g, " "));
}
