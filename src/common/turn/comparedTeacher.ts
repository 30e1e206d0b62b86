import type { ShownRecord } from "./turnRecord";

/**
 * The teacher an answer's cost is compared with, or `undefined` when there is none: no teacher
 * configured, or the test teacher in a turn that did not ask it (local mode, auto mode when sure).
 * Its canned answers have no price, so there is nothing of it to say under such an answer.
 */
export function comparedTeacher(r: ShownRecord): string | undefined {
  return r.plan.teacher === "none" && r.cost.priceSource === "test" ? undefined : r.teacherModel;
}
