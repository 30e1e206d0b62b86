import { withRating, type AnswerRating } from "./answerRating";
import { settleInterrupted, summarize, type ConversationSummary, type StoredAssistantMessage, type StoredConversation, type StoredUserMessage } from "./chatHistory";
import type { ChatStore } from "./chatStore";
import { errorMessage } from "../util/errorMessage";
import { fromStored, type SentRequest } from "../sent/sentRequest";

/**
 * The panel's conversations as they are now: read from the store once (an answer cut off by a
 * closed window settled as partial), changed here, and saved back one conversation at a time.
 */
export class ConversationBook {
  private readonly conversations = new Map<string, StoredConversation>();
  /** Settles once the stored conversations are read. */
  readonly loaded: Promise<void>;

  constructor(
    private readonly store: ChatStore,
    /** Where a failed save is told: it is logged, never thrown. */
    private readonly log: (line: string) => void,
  ) {
    this.loaded = store.loadAll().then((all) => {
      for (const c of all) this.conversations.set(c.id, settleInterrupted(c));
    });
  }

  get(id: string): StoredConversation | undefined {
    return this.conversations.get(id);
  }

  put(c: StoredConversation): void {
    this.conversations.set(c.id, c);
  }

  /** Most recently changed first. */
  sorted(): StoredConversation[] {
    return [...this.conversations.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  summaries(): ConversationSummary[] {
    return this.sorted().map(summarize);
  }

  /** Saves the conversation as it is now; a failure is logged. */
  async save(id: string): Promise<void> {
    const c = this.conversations.get(id);
    if (!c) return;
    try {
      await this.store.save(c);
    } catch (e) {
      this.log(`could not save conversation ${id}: ${errorMessage(e)}`);
    }
  }

  /** Deletes the conversation and the requests its answers sent. */
  async delete(id: string): Promise<void> {
    this.conversations.delete(id);
    await this.store.delete(id);
  }

  /**
   * Keeps `rating` with a finished answer (`undefined` takes it back) and saves the conversation;
   * false when the answer is gone or still being written.
   */
  async rate(conversationId: string, messageId: string, rating: AnswerRating | undefined): Promise<boolean> {
    const c = this.conversations.get(conversationId);
    const m = c?.messages.find((x) => x.id === messageId);
    if (!c || m?.role !== "assistant" || m.streaming) return false;
    const rated = withRating(m, rating);
    this.put({ ...c, messages: c.messages.map((x) => (x.id === messageId ? rated : x)) });
    await this.save(conversationId);
    return true;
  }

  /** An answer and the question it answers; undefined when either is gone. */
  answerOf(conversationId: string, messageId: string): { answer: StoredAssistantMessage; question?: StoredUserMessage } | undefined {
    const messages = this.conversations.get(conversationId)?.messages ?? [];
    const at = messages.findIndex((m) => m.id === messageId);
    const answer = messages[at];
    if (answer?.role !== "assistant") return undefined;
    const question = messages.slice(0, at).findLast((m): m is StoredUserMessage => m.role === "user");
    return { answer, ...(question ? { question } : {}) };
  }

  /** The exact body sent to the teacher for one answer, if it was asked. */
  async sentRequest(conversationId: string, messageId: string): Promise<SentRequest | undefined> {
    const m = this.conversations.get(conversationId)?.messages.find((x) => x.id === messageId);
    if (m?.role !== "assistant" || !m.sentRequest) return undefined;
    const stored = await this.store.loadRequest(conversationId, messageId);
    return stored === undefined ? undefined : fromStored(stored);
  }
}
