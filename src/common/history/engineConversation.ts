import type { StoredAssistantMessage, StoredUserMessage } from "./chatHistory";
import type { ChatMessage, Conversation } from "../conversation/conversation";

/**
 * What the models see of a stored chat: what the user saw. An exchange whose answer came out empty
 * (the local model failed) is left out, so the models never see a question without its answer.
 */
export function toEngineConversation(id: string, messages: readonly (StoredUserMessage | StoredAssistantMessage)[]): Conversation {
  const out: ChatMessage[] = [];
  messages.forEach((m, i) => {
    const next = messages[i + 1];
    if (m.role === "user" && next?.role === "assistant" && next.text === "") return;
    if (m.role === "assistant" && m.text === "") return;
    out.push(m.role === "user" ? { role: "user", text: m.text, ...(m.context ? { context: m.context } : {}) } : { role: "assistant", text: m.text, guidanceLength: m.guidanceLength });
  });
  return { id, messages: out };
}
