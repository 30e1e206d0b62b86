import type { AssistantMessage, EditorContext, UserMessage } from "./conversation";
import type { StudentFailureReason, TeacherFailureReason } from "./errors";
import type { Mode } from "./mode";
import type { AnswerNote } from "./answerNote";
import type { TurnRecord } from "./turnRecord";

export interface StoredUserMessage extends UserMessage {
  id: string;
  context?: EditorContext[];
}

export interface StoredAssistantMessage extends AssistantMessage {
  id: string;
  mode: Mode;
  /** The teacher model that wrote the opening, for the tooltip on the marked part. */
  teacherModel?: string;
  /** Set once the turn ended. */
  record?: TurnRecord;
  notice?: { reason: TeacherFailureReason; message: string };
  /**
   * Notes under the answer, in order: the student's (history left out, stalled, cut at a limit)
   * and the teacher's (a parameter refused, the cap ignored).
   */
  notes?: AnswerNote[];
  error?: { reason: StudentFailureReason | TeacherFailureReason | "internal"; message: string };
  /** True while the answer is being written; an answer stored with it set was cut off by a reload. */
  streaming?: boolean;
  /**
   * Whether a request went to the teacher for this answer. Its body (never the key) is kept apart,
   * by `ChatStore.saveRequest`, and loaded only when the user asks "What was sent".
   */
  sentRequest?: boolean;
}

export type StoredMessage = StoredUserMessage | StoredAssistantMessage;

export interface StoredConversation {
  id: string;
  title: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  messages: StoredMessage[];
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
  messageCount: number;
}

export const summarize = (c: StoredConversation): ConversationSummary => ({
  id: c.id,
  title: c.title,
  updatedAt: c.updatedAt,
  messageCount: c.messages.length,
});

/** A title from the first question: its first line, shortened at a word. */
export function titleFrom(text: string): string {
  const line = text.trim().split("\n", 1)[0] ?? "";
  if (line.length <= 60) return line || "New chat";
  const cut = line.slice(0, 60);
  const space = cut.lastIndexOf(" ");
  return `${space > 30 ? cut.slice(0, space) : cut}…`;
}

/**
 * After a reload, answers that were still streaming are kept as they were last saved, marked
 * partial and no longer streaming, so nothing the user saw is lost and nothing looks alive.
 */
export function settleInterrupted(c: StoredConversation): StoredConversation {
  if (!c.messages.some((m) => m.role === "assistant" && m.streaming)) return c;
  return {
    ...c,
    messages: c.messages.map((m) => (m.role === "assistant" && m.streaming ? { ...m, streaming: false, partial: true } : m)),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function isStoredMessage(v: unknown): v is StoredMessage {
  if (!isObject(v) || typeof v.id !== "string" || typeof v.text !== "string") return false;
  if (v.role === "user") return v.context === undefined || Array.isArray(v.context);
  const notes = v.notes;
  const notesOk = notes === undefined || (Array.isArray(notes) && notes.every((n) => isObject(n) && typeof n.reason === "string" && typeof n.message === "string"));
  return v.role === "assistant" && typeof v.guidanceLength === "number" && typeof v.mode === "string" && notesOk;
}

/** Stored files can be damaged or edited by hand: only well-formed conversations are loaded. */
export function isStoredConversation(v: unknown): v is StoredConversation {
  return (
    isObject(v) &&
    typeof v.id === "string" &&
    typeof v.title === "string" &&
    typeof v.createdAt === "number" &&
    typeof v.updatedAt === "number" &&
    Array.isArray(v.messages) &&
    v.messages.every(isStoredMessage)
  );
}
