import type { StoredConversation } from "./chatHistory";

/** Where conversations are kept between sessions. */
export interface ChatStore {
  loadAll(): Promise<StoredConversation[]>;
  save(conversation: StoredConversation): Promise<void>;
  /** Deletes the conversation and the requests its answers sent. */
  delete(id: string): Promise<void>;
  /**
   * Keeps the body one answer sent to the teacher, apart from the conversation, so the stored
   * conversation grows with what was said, not with every request's copy of it.
   */
  saveRequest(conversationId: string, messageId: string, body: unknown): Promise<void>;
  /** The body `saveRequest` kept; undefined when there is none. */
  loadRequest(conversationId: string, messageId: string): Promise<unknown>;
}
