// How long an extension took to activate, as VS Code itself measured it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { escapeRegExp, runCommand } from "./workbench";
import { STATE_TIMEOUT_MS } from "./steps";

/** VS Code's own figure from "Developer: Show Running Extensions". */
export interface ActivationTime {
  /** Loading the extension's code plus its synchronous `activate()` call, in milliseconds. */
  ms: number;
  /** Whether it activated while the extension host started (rather than on an event later). */
  startup: boolean;
}

/**
 * Opens "Developer: Show Running Extensions" and reads the extension's activation time (VS Code
 * shows `Activation: 12ms`: code loading plus the synchronous part of `activate()`). The list is
 * virtual, so it scrolls until the extension's row renders. Closes the editor afterwards.
 */
export async function readActivationTime(page: Page, displayName: string, timeoutMs = STATE_TIMEOUT_MS): Promise<ActivationTime> {
  await runCommand(page, "Developer: Show Running Extensions");
  const editor = page.locator(".runtime-extensions-editor");
  await editor.locator(".monaco-list-row").first().waitFor({ timeout: timeoutMs });
  const row = editor.locator(".monaco-list-row", { has: page.locator(".name", { hasText: new RegExp(`^${escapeRegExp(displayName)}$`) }) });
  const deadline = Date.now() + timeoutMs;
  let text = "";
  for (;;) {
    if ((await row.count()) > 0) {
      text = await row.first().locator(".activation-time").innerText();
      if (/\d+ms/.test(text)) break;
    }
    if (Date.now() > deadline) throw new Error(`no activation time for "${displayName}" in Running Extensions (row text: ${JSON.stringify(text)})`);
    // The row may be outside the rendered part of the list, or not filled in yet.
    await editor.hover();
    await page.mouse.wheel(0, 400);
    await page.waitForTimeout(200);
  }
  await runCommand(page, "View: Close Editor");
  const match = /(Startup )?Activation: (\d+)ms/.exec(text);
  if (!match) throw new Error(`unexpected activation text ${JSON.stringify(text)}`);
  return { ms: Number(match[2]), startup: match[1] !== undefined };
}

/** What the extension host logged when it activated an extension. */
export interface ActivationRecord {
  /** The log line's time stamp (the extension host's local time, as logged). */
  at: string;
  /** The event that activated it, e.g. `onView:headstart.chat`. */
  activationEvent: string;
}

/**
 * Finds `ExtensionService#_doActivateExtension <id>, startup: …, activationEvent: '…'` in the
 * extension host logs under `<user-data-dir>/logs/<session>/exthost<N>/remoteexthost.log`.
 * `undefined` when the extension has not been activated.
 */
export function readActivationRecord(userDataDir: string, extensionId: string): ActivationRecord | undefined {
  const pattern = new RegExp(`^(\\S+ \\S+) \\[info\\] ExtensionService#_doActivateExtension ${escapeRegExp(extensionId)}, startup: \\w+, activationEvent: '([^']*)'`, "m");
  for (const file of exthostLogs(join(userDataDir, "logs"))) {
    const match = pattern.exec(readFileSync(file, "utf8"));
    if (match) return { at: match[1], activationEvent: match[2] };
  }
  return undefined;
}

/**
 * Waits until the extension host has finished starting: it logged `Eager extensions activated`
 * and then nothing more for `quietMs`. Activating an extension while the built-in ones still
 * start (they share the host's one thread) inflates its activation time many times over.
 */
export async function waitForExtensionHostIdle(userDataDir: string, timeoutMs = 60_000, quietMs = 1_500): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  let quietSince = Date.now();
  for (;;) {
    const text = exthostLogs(join(userDataDir, "logs")).map((f) => readFileSync(f, "utf8")).join("\n");
    if (text !== last) {
      last = text;
      quietSince = Date.now();
    } else if (text.includes("Eager extensions activated") && Date.now() - quietSince >= quietMs) {
      return;
    }
    if (Date.now() > deadline) throw new Error(`the extension host did not settle within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Every `exthost*.log` / `remoteexthost.log` below `dir`. */
function exthostLogs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /(^|\/)(remote)?exthost\d*\.log$/.test(f))
    .map((f) => join(dir, f));
}
