import type { Mode } from "../conversation/mode";

/**
 * Who writes a turn's answer, decided once: whether the teacher writes an opening, the whole answer
 * or nothing, and whether the student writes (after the opening, or alone). It travels with the
 * turn's events, its record and the stored message, so every face asks it rather than the mode.
 * The turn's decide phase makes it (`phases/turnPlanner.ts`); this module only reads plans.
 */
export interface TurnPlan {
  teacher: "opening" | "answer" | "none";
  student: boolean;
}

/** Whether `v` is a plan as stored (chat history is read back from files the user can edit). */
export function isTurnPlan(v: unknown): v is TurnPlan {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  return (p.teacher === "opening" || p.teacher === "answer" || p.teacher === "none") && typeof p.student === "boolean";
}

/**
 * The plan of an answer stored by an earlier version, which kept none: what its mode meant then
 * (auto mode's as its recorded decision went). Fixed, as those answers are.
 */
export function planOfOldAnswer(mode: Mode, auto?: AutoDecision): TurnPlan {
  if (mode === "cloud") return { teacher: "answer", student: false };
  const opened = mode === "guided" || (mode === "auto" && auto?.asked !== false);
  return { teacher: opened ? "opening" : "none", student: true };
}

/** Auto mode's choice for one turn. */
export interface AutoDecision {
  /** Whether the teacher was asked for the opening. */
  asked: boolean;
  /** `sure`/`unsure`: the probe decided; `first-turn`: a conversation's first answer always asks; `no-teacher`: none is configured. */
  reason: "sure" | "unsure" | "first-turn" | "no-teacher";
  /** The probe's mean token probability; `null` when there was no probe. */
  confidence: number | null;
  threshold: number;
}
