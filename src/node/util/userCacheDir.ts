import { homedir } from "node:os";
import { join } from "node:path";

/**
 * This user's own cache folder for an app, as each OS places it: `$XDG_CACHE_HOME/<app>` or
 * `~/.cache/<app>` on Linux, `~/Library/Caches/<app>` on macOS, `%LOCALAPPDATA%\<app>\Cache` on
 * Windows. Unlike the shared temp folder, no other user can plant a file in it, and it survives
 * reboots, so what is cached there (prices the user is shown) stays theirs and stays put.
 */
export function userCacheDir(app: string): string {
  if (process.platform === "win32") return join(process.env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"), app, "Cache");
  if (process.platform === "darwin") return join(homedir(), "Library", "Caches", app);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), app);
}
