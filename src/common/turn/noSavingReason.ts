import { teacherSkipped } from "./teacherSkipped";
import type { ShownRecord } from "./turnRecord";

/**
 * Why a turn claims no saving, or `undefined` when it may: a turn that ended in an error is not
 * an answer worth its teacher-only price, and one the teacher was asked for but wrote nothing of
 * is the local model's alone (see `teacherSkipped`), and the test teacher's canned answers are
 * free. Every face and the totals follow this.
 */
export function noSavingReason(r: ShownRecord): string | undefined {
  if (r.failed !== undefined) return "no saving: the answer failed";
  // Canned answers cost nothing either way: a saving against them would be made up. A turn that
  // did not ask the test teacher has nothing of it to say (see `comparedTeacher`).
  if (r.cost.priceSource === "test" && r.plan.teacher !== "none") return "no saving: the test teacher is not billed";
  if (teacherSkipped(r)) return r.plan.student ? "no saving: the teacher wrote nothing, the local model answered alone" : "no saving: the teacher wrote nothing";
  return undefined;
}
