import type { PromptMessage } from "./conversation";

/** Chat formats add a few tokens a message around its content; a close enough allowance. */
export const TOKENS_PER_MESSAGE = 4;

/** A prompt's size as the teacher's budget and the cost estimates count it. */
export function promptTokens(messages: readonly PromptMessage[], count: (text: string) => number): number {
  return messages.reduce((n, m) => n + count(m.content) + TOKENS_PER_MESSAGE, 0);
}
