import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { readStoredConversation, type StoredConversation } from "../../common/history/chatHistory";
import type { ChatStore } from "../../common/history/chatStore";
import { writeFileAtomically } from "../util/writeFileAtomically";
import { errorMessage } from "../../common/util/errorMessage";

/** Conversation ids become file names, so only plain ids are accepted. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * Keeps each conversation as one JSON file in a folder (the extension's global storage), and the
 * request each answer sent to the teacher as its own file under `requests/<conversation>/`, so a
 * conversation's file grows with what was said and is cheap to rewrite while an answer streams.
 * Writes go to a temporary file first and are renamed into place, so a crash mid-write never
 * leaves a half-written file; files that do not parse are skipped and reported, not fatal.
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
        const data = readStoredConversation(JSON.parse(await readFile(join(this.dir, name), "utf8")));
        if (data && `${data.id}.json` === name) out.push(await this.moveOutRequests(data));
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
    await rm(this.requestDir(id), { recursive: true, force: true });
  }

  saveRequest(conversationId: string, messageId: string, body: unknown): Promise<void> {
    return writeFileAtomically(this.requestFile(conversationId, messageId), JSON.stringify(body, null, 2));
  }

  async loadRequest(conversationId: string, messageId: string): Promise<unknown> {
    try {
      return JSON.parse(await readFile(this.requestFile(conversationId, messageId), "utf8")) as unknown;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
  }

  /**
   * Conversations saved by earlier versions carry each request's body inline: those bodies move
   * to their own files (written before the conversation is rewritten, so nothing is lost midway).
   */
  private async moveOutRequests(c: StoredConversation): Promise<StoredConversation> {
    const inline = c.messages.filter((m) => m.role === "assistant" && m.sentRequest !== undefined && typeof m.sentRequest !== "boolean");
    if (inline.length === 0) return c;
    for (const m of inline) await this.saveRequest(c.id, m.id, (m as { sentRequest: unknown }).sentRequest);
    const moved = { ...c, messages: c.messages.map((m) => (inline.includes(m) ? { ...m, sentRequest: true } : m)) };
    await this.save(moved);
    return moved;
  }

  private requestDir(conversationId: string): string {
    return join(this.dir, "requests", this.safe(conversationId));
  }

  private requestFile(conversationId: string, messageId: string): string {
    return join(this.requestDir(conversationId), `${this.safe(messageId)}.json`);
  }

  private safe(id: string): string {
    if (!SAFE_ID.test(id)) throw new Error(`Refusing an unsafe id: ${JSON.stringify(id)}`);
    return id;
  }

  private file(id: string): string {
    if (!SAFE_ID.test(id)) throw new Error(`Refusing an unsafe conversation id: ${JSON.stringify(id)}`);
    return join(this.dir, `${id}.json`);
  }
}
