import type { ShownRecord } from "./turnRecord";

/**
 * True when the teacher was asked (guided or cloud mode) but was paid nothing and wrote nothing:
 * it failed or refused before its first token, or the answer was stopped before it began. The
 * answer is then the student's alone, not a guided one, and comparing it with teacher-only would
 * credit Headstart with a "100%" saving that is only the teacher's absence. So no saving is
 * claimed for such a turn: the footer and the CLI say so (`noSavingReason`), and the totals add no
 * saving. Local mode is the user's own choice of the free answer and keeps its saving, and so
 * does an auto-mode answer whose student was sure enough not to ask.
 */
export function teacherSkipped(r: ShownRecord): boolean {
  // Auto mode's "sure" turns chose the free answer as local mode does: their plan has no teacher.
  return r.plan.teacher !== "none" && r.teacherModel !== undefined && r.cost.source === "none" && r.cost.actualUsd === 0;
}
