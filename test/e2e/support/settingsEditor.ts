// Changes settings the way a user does: in VS Code's Settings editor (Preferences: Open User
// Settings), by searching for the setting and typing into its box. The editor writes the user's
// settings.json itself; `readUserSettings` reads that file back.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import type { Sandbox } from "./codeServer";
import { runCommand } from "./workbench";
import { STATE_TIMEOUT_MS } from "./steps";

/**
 * Opens the Settings editor (User tab) unless it is open, searches for `key` (e.g.
 * `headstart.teacher.baseUrl`) and types `value` into the setting's text or number box. Returns
 * what the box held before. The editor saves the change itself a moment later (debounced): wait
 * for it with `readUserSettings`.
 */
export async function typeSetting(page: Page, key: string, value: string, timeoutMs = STATE_TIMEOUT_MS): Promise<string> {
  const editor = page.locator(".settings-editor");
  if (!(await editor.isVisible())) {
    await runCommand(page, "Preferences: Open User Settings");
    await editor.waitFor({ timeout: timeoutMs });
  }
  await editor.locator(".settings-tabs-widget .action-label", { hasText: /^User$/ }).click();
  // The search box is a small Monaco editor: click it, replace its text.
  await editor.locator(".search-container .monaco-editor").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(key);
  const box = editor.locator(`.setting-item-contents[data-key="${key}"] input[aria-label="${key}"]`);
  await box.waitFor({ state: "visible", timeout: timeoutMs });
  const before = await box.inputValue();
  await box.click();
  await box.fill(value);
  return before;
}

/** Closes the Settings editor (shown as a modal editor in this VS Code, a tab in others). */
export async function closeSettingsEditor(page: Page, timeoutMs = STATE_TIMEOUT_MS): Promise<void> {
  const editor = page.locator(".settings-editor");
  if (!(await editor.isVisible())) return;
  const closeModal = page.locator('.monaco-modal-editor-block .action-label[aria-label^="Close Modal Editor"]');
  if (await closeModal.isVisible()) await closeModal.click();
  else await runCommand(page, "View: Close Editor");
  await editor.waitFor({ state: "hidden", timeout: timeoutMs });
}

/**
 * The user's settings.json in a sandbox, parsed (`{}` before it exists), or `undefined` while it
 * cannot be parsed: VS Code rewrites the file in place, so a read can catch it empty or half
 * written. Poll it with `waitUntil` (see `userSettingIs`).
 */
export function readUserSettings(sandbox: Sandbox): Record<string, unknown> | undefined {
  const file = join(sandbox.userDataDir, "User", "settings.json");
  if (!existsSync(file)) return {};
  const text = readFileSync(file, "utf8");
  for (const candidate of [text, text.replace(/^\s*\/\/.*$/gm, "").replace(/,(\s*[}\]])/g, "$1")]) {
    try {
      return JSON.parse(candidate) as Record<string, unknown>;
    } catch {
      // VS Code keeps the file as JSON with comments: try again without line comments and trailing commas.
    }
  }
  return undefined;
}

/** Whether the user's settings.json, read now, holds `value` for `key` (false while it is being written). */
export function userSettingIs(sandbox: Sandbox, key: string, value: unknown): boolean {
  const settings = readUserSettings(sandbox);
  return settings !== undefined && JSON.stringify(settings[key]) === JSON.stringify(value);
}
