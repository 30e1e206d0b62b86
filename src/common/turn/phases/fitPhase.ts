import { PREFIX_TOKENS_PER_TEACHER_TOKEN } from "../../models/openingSpace";
import type { Conversation, ModelRequest } from "../../conversation/conversation";
import { StudentError } from "../../models/errors";
import type { Student, StudentNote } from "../../models/student";
import { studentView } from "../../student/studentView";
import type { TurnEvent } from "../turnEvents";
import type { TurnPlan } from "../turnPlan";

/**
 * The request the student is sent: the conversation as its context can hold it (with a `note` when
 * the attachments had to be cut), or the whole one when it cannot say or does not write. An opening
 * needs the student to finish it, so the student is checked first: it must be able to before the
 * teacher is paid. Throws when not even the question fits: a turn the student cannot take is never paid for.
 */
export async function* fitPhase(
  conversation: Conversation,
  whole: ModelRequest,
  plan: TurnPlan,
  guidanceBudget: number,
  student: Student,
  signal: AbortSignal,
): AsyncGenerator<TurnEvent, ModelRequest> {
  if (!plan.student) return whole;
  const opening = plan.teacher === "opening";
  if (opening) await student.check?.(whole, guidanceBudget);
  const fitted = await fitStudent(conversation, opening ? guidanceBudget : 0, student, signal);
  if (!fitted) return whole;
  if (fitted.note) yield { type: "note", ...fitted.note };
  return fitted.request;
}

/** `undefined` when the student cannot say (it has no tokenizer to offer) or the turn was stopped. */
async function fitStudent(
  conversation: Conversation,
  guidanceBudget: number,
  student: Student,
  signal: AbortSignal,
): Promise<{ request: ModelRequest; note?: StudentNote } | undefined> {
  const room = await student.room?.(signal);
  if (!room) return undefined;
  const fitted = studentView(conversation, room.promptTokens - guidanceBudget * PREFIX_TOKENS_PER_TEACHER_TOKEN, room.count);
  const context = room.contextTokens.toLocaleString("en-US");
  if (!fitted) {
    const question = (conversation.messages.at(-1)?.text.length ?? 0).toLocaleString("en-US");
    throw new StudentError(
      "too-long",
      `The question alone (${question} characters) is more than the local model's context of ${context} tokens holds with room for an answer. Shorten it, or raise “headstart.student.contextSize”.`,
    );
  }
  if (fitted.elisions === 0) return { request: fitted.request };
  const whole = fitted.whole.length > 0 ? ` (whole: ${fitted.whole.join(", ")})` : "";
  return {
    request: fitted.request,
    note: {
      reason: "attachments-cut",
      message: `The attachments are more than the local model's context of ${context} tokens holds, so it reads the parts the question is about${whole} and an outline of the rest. Raise “headstart.student.contextSize” to give it more.`,
    },
  };
}
