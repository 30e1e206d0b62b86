import type { Conversation, ModelRequest } from "../../conversation/conversation";
import type { Mode } from "../../conversation/mode";
import type { Student } from "../../models/student";
import { DEFAULT_AUTO, type AutoOptions, type TurnOptions } from "../turnOptions";
import type { AutoDecision, TurnPlan } from "../turnPlan";
import { planTurn } from "./turnPlanner";

/** What the turn is to do as it starts, from its mode: auto mode may still leave the teacher out (`decidePhase`). */
export function startingPlan(mode: Mode): TurnPlan {
  return planTurn(mode);
}

/** The plan the turn goes on with, and auto mode's decision when it made one. */
export interface Decided {
  plan: TurnPlan;
  auto?: AutoDecision;
}

/** Settles the plan: the starting one (`starting`), except in auto mode, where the student's probe decides. */
export async function decidePhase(
  starting: TurnPlan,
  conversation: Conversation,
  request: ModelRequest,
  options: Pick<TurnOptions, "mode" | "auto">,
  hasTeacher: boolean,
  student: Student,
  signal: AbortSignal,
): Promise<Decided> {
  if (options.mode !== "auto") return { plan: starting };
  const auto = await decideAuto(conversation, request, { ...DEFAULT_AUTO, ...options.auto }, hasTeacher, student, signal);
  return { plan: planTurn(options.mode, auto), auto };
}

/**
 * Auto mode's choice: the first answer of a conversation asks the teacher at once (when so set);
 * otherwise the student's probe decides. Without a teacher the student answers alone.
 */
async function decideAuto(conversation: Conversation, request: ModelRequest, rule: AutoOptions, hasTeacher: boolean, student: Student, signal: AbortSignal): Promise<AutoDecision> {
  const { threshold } = rule;
  if (!hasTeacher) return { asked: false, reason: "no-teacher", confidence: null, threshold };
  if (rule.askOnFirstTurn && conversation.messages.length === 1) return { asked: true, reason: "first-turn", confidence: null, threshold };
  const probe = await student.probe?.(request, rule.probeTokens, signal);
  const confidence = probe?.confidence ?? null;
  const sure = confidence !== null && confidence >= threshold;
  return { asked: !sure, reason: sure ? "sure" : "unsure", confidence, threshold };
}
