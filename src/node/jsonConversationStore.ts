import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { isStoredConversation, type StoredConversation } from "../common/chatHistory";
import type { ChatStore } from "../common/chatController";
import { writeFileAtomically } from "./writeFileAtomically";
import { errorMessage } from "../common/errorMessage";

/** Conversation ids become file names, so only plain ids are accepted. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Keeps each conversation as one JSON file in a folder (the extension's global storage). Writes go
 * to a temporary file first and are renamed into place, so a crash mid-write never leaves a
 * half-written conversation; files that do not parse are skipped and reported, not fatal.
 */
export class JsonConversationStore implements ChatStore {
  /** Saves of one conversation run one after another, so the last one asked for is the one kept. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    private readonly dir: string,
    private readonly onSkipped: (file: string, why: string) => void = () => {},
  ) {}

  async loadAll(): Promise<StoredConversation[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: StoredConversation[] = [];
    for (const name of names.filter((n) => n.endsWith(".json"))) {
      try {
        const data: unknown = JSON.parse(await readFile(join(this.dir, name), "utf8"));
        if (isStoredConversation(data) && `${data.id}.json` === name) out.push(data);
        else this.onSkipped(name, "not a Headstart conversation");
      } catch (e) {
        this.onSkipped(name, errorMessage(e));
      }
    }
    return out;
  }

  save(conversation: StoredConversation): Promise<void> {
    const file = this.file(conversation.id);
    const json = JSON.stringify(conversation);
    const next = (this.writes.get(conversation.id) ?? Promise.resolve()).catch(() => {}).then(() => writeFileAtomically(file, json));
    this.writes.set(conversation.id, next);
    return next;
  }

  async delete(id: string): Promise<void> {
    await rm(this.file(id), { force: true });
  }

  private file(id: string): string {
    if (!SAFE_ID.test(id)) throw new Error(`Refusing an unsafe conversation id: ${JSON.stringify(id)}`);
    return join(this.dir, `${id}.json`);
  }
}
