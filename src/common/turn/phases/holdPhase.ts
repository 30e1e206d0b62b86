import type { ModelRequest } from "../../conversation/conversation";
import { StudentError } from "../../models/errors";
import type { Student } from "../../models/student";
import type { SpendGate } from "../../holds/spendGate";
import type { TurnRecord } from "../turnRecord";
import type { TurnPlan } from "../turnPlan";

/**
 * Holds what a paid student server can bill for this answer against the spending limits, before
 * either model is sent anything; throws when it could cross one, so nothing is sent to it (nor to
 * the teacher). Nothing for a free student, nor for a turn the student does not write.
 */
export async function holdPhase(student: Student, whole: ModelRequest, plan: TurnPlan, guidanceBudget: number, gate: SpendGate | undefined): Promise<TurnRecord["studentHold"]> {
  if (!plan.student) return undefined;
  const openingTokens = plan.teacher === "opening" ? guidanceBudget : 0;
  const bill = gate ? student.bill?.(whole, openingTokens) : undefined;
  if (!bill || !gate) return undefined;
  const held = await gate.hold({ model: bill.model, worstUsd: bill.worstUsd, origin: bill.origin });
  if ("refused" in held) throw new StudentError("limit", `The student server: ${held.refused}`);
  return held.hold ? { hold: held.hold, heldUsd: held.heldUsd ?? bill.worstUsd } : undefined;
}
