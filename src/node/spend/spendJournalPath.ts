import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Where this user's spend journal lives, the same for every VS Code window and the terminal
 * tools: `$HEADSTART_DATA_DIR`, else the OS's per-user data folder (`$XDG_DATA_HOME/headstart` or
 * `~/.local/share/headstart` on Linux, `~/Library/Application Support/headstart` on macOS,
 * `%APPDATA%\headstart` on Windows).
 */
export function headstartDataDir(): string {
  if (process.env.HEADSTART_DATA_DIR) return process.env.HEADSTART_DATA_DIR;
  if (process.platform === "win32") return join(process.env.APPDATA ?? join(homedir(), "AppData", "Roaming"), "headstart");
  if (process.platform === "darwin") return join(homedir(), "Library", "Application Support", "headstart");
  return join(process.env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "headstart");
}

export function spendJournalPath(): string {
  return join(headstartDataDir(), "spend-journal.jsonl");
}

/** The user's limits as the extension last saw them in the user settings, for the terminal tools. */
export function spendLimitsPath(): string {
  return join(headstartDataDir(), "limits.json");
}
