import { createHash, randomUUID } from "node:crypto";
import type { ChatMessage } from "../../common/conversation/conversation";

/**
 * Conversation ids for faces that give none (the Chat view, a language-model request), so the
 * local model's cache and the teacher's prompt cache follow each chat across its turns. A request
 * is placed by its questions so far: one that goes on from where a chat known here last answered
 * gets that chat's id. Anything ambiguous gets a new id, which costs only a cache: two chats that
 * opened alike, or a second request going on from the same point (a retry, a fork), never share
 * the student's state.
 */
export class ConversationIds {
  /** By the key of a chat's questions so far: the chat that ended there, or `null` when two did. */
  private readonly ends = new Map<string, string | null>();
  /** Keys a request already went on from. */
  private readonly continued = new Set<string>();

  constructor(
    private readonly face: "chat" | "lm",
    private readonly newId: () => string = randomUUID,
    private readonly limit = 500,
  ) {}

  /** The id for a request whose messages end with the question being asked now. */
  idFor(messages: readonly ChatMessage[]): string {
    const key = keyOf(messages.slice(0, -1));
    const known = messages.length > 1 ? this.ends.get(key) : undefined;
    if (known && !this.continued.has(key)) {
      this.continued.add(key);
      return known;
    }
    return `${this.face}-${this.newId()}`;
  }

  /** After an answer: the chat `id` now ends with `messages` (their question answered). */
  answered(id: string, messages: readonly ChatMessage[]): void {
    const key = keyOf(messages);
    const other = this.ends.get(key);
    this.ends.delete(key);
    this.ends.set(key, other === undefined || other === id ? id : null);
    // The oldest chats are forgotten first; a forgotten one only starts over with a cold cache.
    while (this.ends.size > this.limit) {
      const oldest = this.ends.keys().next().value!;
      this.ends.delete(oldest);
      this.continued.delete(oldest);
    }
  }
}

/** The questions of a chat, in order, as one short key. */
function keyOf(messages: readonly ChatMessage[]): string {
  const hash = createHash("sha256");
  for (const m of messages) if (m.role === "user") hash.update(`${m.text.length}:${m.text}`);
  return hash.digest("hex");
}
