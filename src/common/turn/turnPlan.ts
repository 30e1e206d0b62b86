import type { Mode } from "../conversation/mode";

/**
 * Who writes a turn's answer, decided once: whether the teacher writes an opening, the whole answer
 * or nothing, and whether the student writes (after the opening, or alone). It travels with the
 * turn's events, its record and the stored message, so every face asks it rather than the mode; a
 * new mode is one case here.
 */
export interface TurnPlan {
  teacher: "opening" | "answer" | "none";
  student: boolean;
}

/** The plan of a turn in `mode`; auto mode asks for an opening until its probe (`auto`) says otherwise. */
export function planTurn(mode: Mode, auto?: AutoDecision): TurnPlan {
  switch (mode) {
    case "guided":
      return { teacher: "opening", student: true };
    case "auto":
      return { teacher: auto?.asked === false ? "none" : "opening", student: true };
    case "local":
      return { teacher: "none", student: true };
    case "cloud":
      return { teacher: "answer", student: false };
  }
}

/** Whether `v` is a plan as stored (chat history is read back from files the user can edit). */
export function isTurnPlan(v: unknown): v is TurnPlan {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  return (p.teacher === "opening" || p.teacher === "answer" || p.teacher === "none") && typeof p.student === "boolean";
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
