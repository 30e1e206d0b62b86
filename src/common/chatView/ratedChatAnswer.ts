// A Chat view answer the user rated, kept as a one-answer conversation so the fine-tuning export
// reads it the same way as the panel's. VS Code keeps the Chat view's history, not Headstart: the
// answer's metadata carries what the export needs.
import type { AnswerRating } from "../history/answerRating";
import type { StoredConversation, StoredMessage } from "../history/chatHistory";
import { titleFrom } from "../history/chatHistory";
import type { ChatMessage } from "../conversation/conversation";
import type { Mode } from "../conversation/mode";
import type { TurnRecord } from "../turn/turnRecord";

/** What a Chat view answer leaves in its result's metadata. */
export interface ChatAnswerMetadata {
  /** Rebuilds the conversation next turn. */
  answer: string;
  guidanceLength: number;
  /** What the feedback buttons need: the conversation the answer was to, and how it was made. */
  messageId?: string;
  messages?: readonly ChatMessage[];
  mode?: Mode;
  record?: TurnRecord;
}

/**
 * The rated answer as a stored conversation (its id the answer's, so rating it again replaces
 * the earlier verdict), or `undefined` when the metadata is from an answer that did not finish
 * or from a version that kept none of it.
 */
export function ratedChatAnswer(meta: Partial<ChatAnswerMetadata> | undefined, rating: AnswerRating, workspace: string | undefined): StoredConversation | undefined {
  if (!meta?.messageId || !meta.messages?.length || !meta.mode || !meta.record || typeof meta.answer !== "string") return undefined;
  const at = Date.parse(rating.at);
  // Earlier answers are context only (never exported as examples: they have no record), so the
  // rated answer's mode stands in for theirs.
  const messages: StoredMessage[] = meta.messages.map((m, i) =>
    m.role === "user"
      ? { id: `m${i}`, role: "user", text: m.text, ...(m.context ? { context: [...m.context] } : {}) }
      : { id: `m${i}`, role: "assistant", mode: meta.mode!, plan: meta.record!.plan, text: m.text, guidanceLength: m.guidanceLength },
  );
  messages.push({
    id: meta.messageId,
    role: "assistant",
    mode: meta.mode,
    plan: meta.record.plan,
    text: meta.answer,
    guidanceLength: meta.guidanceLength ?? 0,
    record: meta.record,
    ...(meta.record.stopped ? { partial: true } : {}),
    rating,
  });
  const question = meta.messages.at(-1);
  return { id: `chat-${meta.messageId}`, title: titleFrom(question?.role === "user" ? question.text : ""), createdAt: at, updatedAt: at, ...(workspace ? { workspace } : {}), messages };
}
