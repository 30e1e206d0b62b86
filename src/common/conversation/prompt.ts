import type { Conversation, ModelRequest, PromptMessage, UserMessage } from "./conversation";

/**
 * The system prompt both models get. It never changes between requests: providers cache the
 * longest byte-identical prompt prefix, and a stable system prompt is the start of that prefix.
 */
export const SYSTEM_PROMPT =
  "You are Headstart, a concise coding assistant inside a code editor. Answer the user's question " +
  "directly. Use Markdown; put code in fenced blocks with a language tag. Prefer short, correct " +
  "answers over long ones.";

/** Renders a user message with its attached editor context, the same way for both models. */
export function renderUserMessage(message: UserMessage): string {
  const parts = (message.context ?? []).map((c) => {
    const what = c.kind === "selection" ? "Selection from" : "File";
    return `${what} \`${c.fileName}\`:\n\n${fence(c.text, c.language)}`;
  });
  parts.push(message.text);
  return parts.join("\n\n");
}

/** A fence longer than any backtick run inside the code, so attached code cannot close it early. */
export function fence(code: string, language: string): string {
  const longestRun = Math.max(2, ...Array.from(code.matchAll(/`+/g), (m) => m[0].length));
  const ticks = "`".repeat(longestRun + 1);
  return `${ticks}${language}\n${code}\n${ticks}`;
}

/** What the user saw is what both models see next: assistant turns carry the whole shown text. */
export function toModelRequest(conversation: Conversation): ModelRequest {
  const messages: PromptMessage[] = conversation.messages.map((m) =>
    m.role === "user" ? { role: "user", content: renderUserMessage(m) } : { role: "assistant", content: m.text },
  );
  const last = messages.at(-1);
  if (last?.role !== "user") throw new Error("A conversation must end with the user's message.");
  return { conversationId: conversation.id, system: SYSTEM_PROMPT, messages };
}
