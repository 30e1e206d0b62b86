import { createHash } from "node:crypto";

/**
 * A conversation's id for a face that does not give one (the Chat view, a language-model request),
 * from its first message: the same chat gives the same id each turn, so the local model's cache
 * and the teacher's prompt cache follow it.
 */
export function conversationId(face: "chat" | "lm", firstMessage: string): string {
  return `${face}-${createHash("sha256").update(firstMessage).digest("hex").slice(0, 16)}`;
}
