// Where the answers an export draws on are kept: the panel's conversations and the Chat view's
// rated answers, in the extension's storage folder. Shared by the command and `npm run export`.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { StoredConversation } from "../../common/history/chatHistory";
import { JsonConversationStore } from "../history/jsonConversationStore";

export const CONVERSATIONS_DIR = "conversations";
export const CHAT_VIEW_RATINGS_DIR = "chat-view-ratings";
const EXTENSION_ID = "headstart-dev.headstart";

/** Every conversation in `storage` (the extension's global storage folder); unreadable files are reported, not fatal. */
export async function loadExportable(storage: string, onSkipped: (file: string, why: string) => void = () => undefined): Promise<StoredConversation[]> {
  const panel = await new JsonConversationStore(join(storage, CONVERSATIONS_DIR), onSkipped).loadAll();
  const chatView = await new JsonConversationStore(join(storage, CHAT_VIEW_RATINGS_DIR), onSkipped).loadAll();
  return [...panel, ...chatView];
}

/** The extension's storage folder in each VS Code-family editor this OS may have, most common first. */
export function editorStorageDirs(): string[] {
  const home = homedir();
  const userDirs =
    process.platform === "win32"
      ? ["Code", "Code - Insiders", "VSCodium"].map((e) => join(process.env.APPDATA ?? join(home, "AppData", "Roaming"), e, "User"))
      : process.platform === "darwin"
        ? ["Code", "Code - Insiders", "VSCodium"].map((e) => join(home, "Library", "Application Support", e, "User"))
        : [...["Code", "Code - Insiders", "VSCodium"].map((e) => join(process.env.XDG_CONFIG_HOME || join(home, ".config"), e, "User")), join(process.env.XDG_DATA_HOME || join(home, ".local", "share"), "code-server", "User")];
  return userDirs.map((d) => join(d, "globalStorage", EXTENSION_ID));
}

/** The first editor storage folder that exists, if any. */
export function foundStorageDir(): string | undefined {
  return editorStorageDirs().find((d) => existsSync(d));
}
