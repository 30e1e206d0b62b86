import type { SentRequest } from "../../common/sent/sentRequest";

/**
 * The request bodies of answers given outside the panel (the Chat view), kept in memory for
 * "What was sent" and forgotten oldest first: the Chat view keeps its own history.
 */
export class RecentRequests {
  private readonly bodies = new Map<string, SentRequest>();

  constructor(private readonly limit = 100) {}

  keep(conversationId: string, messageId: string, body: SentRequest): void {
    this.bodies.set(`${conversationId}/${messageId}`, body);
    if (this.bodies.size > this.limit) this.bodies.delete(this.bodies.keys().next().value!);
  }

  get(conversationId: string, messageId: string): SentRequest | undefined {
    return this.bodies.get(`${conversationId}/${messageId}`);
  }
}
