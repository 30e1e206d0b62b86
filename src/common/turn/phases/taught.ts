import type { StudentError, TeacherError, TeacherFailureReason } from "../../models/errors";
import type { TeacherFinish, TeacherUsage, ToolCall } from "../../models/teacher";
import { computeTurnCost, type TurnCost } from "../../cost/turnCost";
import type { TurnDeps } from "../turnOptions";
import type { TurnPlan } from "../turnPlan";
import type { TurnSetup } from "./turnSetup";

/** What the teacher's part of a turn left (the teacher phase's result). */
export interface Taught {
  /** All the text the teacher wrote. */
  guidance: string;
  /** What the answer keeps of it: all when the teacher's answer needs nothing more, else cut back to a whole word. */
  kept: string;
  calls: readonly ToolCall[];
  finish?: TeacherFinish;
  usage?: TeacherUsage;
  /** Why the teacher did not write its part, when it failed. */
  notice?: TeacherError;
  /** Set when the teacher was to write the whole answer and failed: the turn failed. */
  failed?: TeacherFailureReason;
  /** When its first text or call came; `null` before any. */
  firstTextAt: number | null;
  /** When its request ended; `null` when it was not asked. */
  guidanceEndAt: number | null;
  /** The student failed while it read the prompt to follow the teacher: the turn fails with it. */
  preloadError?: StudentError;
}

/** A turn whose teacher was not asked. */
export const NOT_TAUGHT: Taught = { guidance: "", kept: "", calls: [], firstTextAt: null, guidanceEndAt: null };

/** Whether the teacher's answer needs nothing more: it finished, or called tools for the caller to run. */
export function answered(taught: Pick<Taught, "finish">): boolean {
  return taught.finish === "stop" || taught.finish === "tool-calls";
}

/** What the teacher wrote, counted only when the provider reported no usage: the calls' names and arguments too. */
export function teacherWrote(taught: Pick<Taught, "guidance" | "calls">): string {
  return taught.guidance + taught.calls.map((c) => c.name + c.arguments).join("");
}

/** What the turn cost so far, or would have cost had the teacher written `studentText` too. */
export function costSoFar(
  setup: TurnSetup,
  plan: TurnPlan,
  taught: Pick<Taught, "guidance" | "calls" | "finish" | "usage">,
  deps: Pick<TurnDeps, "prices" | "counter">,
  studentText: string,
  studentUsd?: number | null,
): TurnCost {
  const { usage, finish, guidance } = taught;
  return computeTurnCost({
    teacherModel: setup.teacher?.model,
    prompt: setup.teacherPrompt,
    teacherCalled: usage !== undefined || finish !== undefined || guidance !== "",
    usage,
    guidanceText: teacherWrote(taught),
    studentText,
    prices: deps.prices,
    counter: deps.counter,
    // The request the teacher alone would have had: when its view was cut, or it wrote nothing.
    ...(setup.shortened || plan.teacher === "none" ? { teacherOnly: setup.teacherOnly() } : {}),
    ...(studentUsd !== undefined ? { studentUsd } : {}),
  });
}
