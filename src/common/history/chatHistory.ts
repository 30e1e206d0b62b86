import type { AssistantMessage, EditorContext, UserMessage } from "../conversation/conversation";
import type { StudentFailureReason, TeacherFailureReason } from "../models/errors";
import { isMode, type Mode } from "../conversation/mode";
import type { AnswerNote } from "../turn/answerNote";
import type { TurnRecord } from "../turn/turnRecord";
import { isTurnPlan, planOfOldAnswer, type TurnPlan } from "../turn/turnPlan";
import { isAnswerRating, type AnswerRating } from "./answerRating";
import { isTaskName, type TaskName } from "../tasks/slashCommand";
import type { EditTarget } from "../edits/applyTarget";

export interface StoredUserMessage extends UserMessage {
  id: string;
  context?: EditorContext[];
  /** A task command (`/fix` …): its name and what the user typed; `text` holds the instructions the models were sent. */
  task?: { name: TaskName; typed: string };
  /** Where the answer's code goes when a block names no file: the task's target, kept for Apply. */
  editTarget?: EditTarget;
}

export interface StoredAssistantMessage extends AssistantMessage {
  id: string;
  mode: Mode;
  /** Who writes the answer: what marks the teacher's part; the turn's record settles it at the end. */
  plan: TurnPlan;
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
  /** The user's thumbs up or down, and why. */
  rating?: AnswerRating;
}

export type StoredMessage = StoredUserMessage | StoredAssistantMessage;

export interface StoredConversation {
  id: string;
  title: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** The workspace it was held in, by name; absent outside one and in earlier versions. */
  workspace?: string;
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

/** A message as read from a file, before earlier versions' answers are given their plan. */
type ReadMessage = StoredUserMessage | (Omit<StoredAssistantMessage, "plan" | "record"> & { plan?: TurnPlan; record?: Omit<TurnRecord, "plan"> & { plan?: TurnPlan } });

function isReadMessage(v: unknown): v is ReadMessage {
  if (!isObject(v) || typeof v.id !== "string" || typeof v.text !== "string") return false;
  if (v.role === "user") {
    const taskOk = v.task === undefined || (isObject(v.task) && isTaskName(v.task.name) && typeof v.task.typed === "string");
    const targetOk = v.editTarget === undefined || (isObject(v.editTarget) && typeof v.editTarget.fileName === "string" && typeof v.editTarget.exists === "boolean");
    return (v.context === undefined || Array.isArray(v.context)) && taskOk && targetOk;
  }
  const notes = v.notes;
  const notesOk = notes === undefined || (Array.isArray(notes) && notes.every((n) => isObject(n) && typeof n.reason === "string" && typeof n.message === "string"));
  const planOk = v.plan === undefined || isTurnPlan(v.plan);
  const recordOk = v.record === undefined || (isObject(v.record) && (v.record.plan === undefined || isTurnPlan(v.record.plan)));
  const ratingOk = v.rating === undefined || isAnswerRating(v.rating);
  return v.role === "assistant" && typeof v.guidanceLength === "number" && isMode(v.mode) && notesOk && planOk && recordOk && ratingOk;
}

/**
 * Earlier versions stored no plan with an answer: it is what their mode (and auto mode's recorded
 * decision) meant then, so the teacher's part is marked as it was.
 */
function withPlan(m: ReadMessage): StoredMessage {
  if (m.role === "user") return m;
  const { record, ...rest } = m;
  const plan = record?.plan ?? m.plan ?? planOfOldAnswer(m.mode, record?.auto);
  return { ...rest, plan, ...(record ? { record: { ...record, plan } } : {}) };
}

/** Stored files can be damaged or edited by hand: only well-formed conversations are loaded. */
export function readStoredConversation(v: unknown): StoredConversation | undefined {
  const ok =
    isObject(v) &&
    typeof v.id === "string" &&
    typeof v.title === "string" &&
    typeof v.createdAt === "number" &&
    typeof v.updatedAt === "number" &&
    (v.workspace === undefined || typeof v.workspace === "string") &&
    Array.isArray(v.messages) &&
    v.messages.every(isReadMessage);
  if (!ok) return undefined;
  const c = v as Omit<StoredConversation, "messages"> & { messages: ReadMessage[] };
  return { ...c, messages: c.messages.map(withPlan) };
}
