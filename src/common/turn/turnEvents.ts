import type { TeacherUsage } from "../models/teacher";
import type { AssistantMessage } from "../conversation/conversation";
import type { ToolCall } from "../models/teacher";
import type { StudentFailureReason, TeacherFailureReason } from "../models/errors";
import type { Mode } from "../conversation/mode";
import type { AnswerNote } from "./answerNote";
import type { TurnRecord } from "./turnRecord";
import type { TurnPlan } from "./turnPlan";
import type { SentRequest } from "../sent/sentRequest";

/**
 * What a turn emits, in order: `start`, then any of `teacher-request`, `guidance`, `tool-call`,
 * `notice`, `handoff`, `student`, `note`, `error`, and always `done` last. The CLI, tests,
 * benchmark and chat panel all consume this one stream.
 */
export type TurnEvent =
  /** `plan`: who is to write the answer (auto mode may still leave the teacher out after its probe). */
  | { type: "start"; mode: Mode; plan: TurnPlan; teacherModel?: string }
  /** The exact body sent to the teacher (never the key). */
  | { type: "teacher-request"; sent: SentRequest }
  /** The exact body sent to a student server (never its key): the whole conversation and the opening. */
  | { type: "student-request"; url: string; body: unknown }
  /** Teacher text as it arrives. */
  | { type: "guidance"; text: string }
  /**
   * A tool the teacher called, exactly as it made the call, after its text if any. The student
   * does not go on: the caller runs the tool and asks again with its result.
   */
  | { type: "tool-call"; call: ToolCall }
  /** The teacher stopped at its budget; `dropped` is taken back off the end of the shown guidance. */
  | { type: "handoff"; kept: string; dropped: string }
  /**
   * The teacher's request has ended and this is what it cost (`null`: no price is known), sent
   * before the rest of the turn so the charge is recorded even if the turn never finishes.
   */
  | {
      type: "teacher-charged";
      usd: number | null;
      /** What the provider said the teacher wrote, when it did. */
      outputTokens?: number;
      /** The request's tokens as billed (reported, or counted when the provider said nothing). */
      usage: TeacherUsage;
      /** Where the price came from: `provider`, or the price list. */
      priceSource?: string;
      /** When the provider reported its charge: the same usage at the list price. */
      listUsd?: number;
      /** The hold against a spending limit this charge settles. */
      hold?: string;
    }
  /** Student text as it arrives. */
  | { type: "student"; text: string }
  /** The teacher failed; the student answers alone (guided mode) or not at all (cloud mode). */
  | { type: "notice"; reason: TeacherFailureReason; message: string }
  /** The student's answer is not quite what was asked (history left out, stalled, cut at a limit). */
  | ({ type: "note" } & AnswerNote)
  /** The turn could not produce (all of) its answer. */
  | { type: "error"; reason: StudentFailureReason | TeacherFailureReason | "internal"; message: string }
  | { type: "done"; answer: AssistantMessage; record: TurnRecord };
