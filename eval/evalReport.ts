// The evaluation's figures: one row per question and mode, and each mode's totals. Pure arithmetic.
import type { Mode } from "../src/common/mode";
import type { TurnRecord } from "../src/common/turnRecord";

/** One question answered in one mode. Money in USD; `null` means unknown (no price), never zero. */
export interface QuestionResult {
  id: string;
  mode: Mode;
  passed: boolean;
  /** The whole answer shown: the teacher's opening and the student's continuation. */
  answer: string;
  /** What the teacher was paid for this answer (`record.cost.actualUsd`). */
  costUsd: number | null;
  /** What the teacher alone would have cost for the same answer (`record.cost.counterfactualUsd`). */
  teacherOnlyUsd: number | null;
  /** Whether the teacher was asked: always in guided and cloud, never in local, as decided in auto. */
  askedTeacher: boolean;
  /** Why the teacher did not guide the answer, when it failed (the student then answered alone). */
  notice?: string;
  /** Why there is no proper answer or no verdict: the turn failed, or the checker could not run. */
  error?: string;
  /** Why a check failed, when the checker said more than no. */
  detail?: string;
}

/** A mode's totals over the questions it answered. */
export interface ModeSummary {
  mode: Mode;
  questions: number;
  passed: number;
  /** `passed / questions`; `null` when no question was answered. */
  accuracy: number | null;
  /** Questions with an `error`. */
  errors: number;
  /** Sum of the questions' `costUsd`; `null` when any is unknown. */
  costUsd: number | null;
  /** Sum of the questions' `teacherOnlyUsd`; `null` when any is unknown. */
  teacherOnlyUsd: number | null;
  /** `costUsd / teacherOnlyUsd`; `null` when either is unknown or teacher-only is zero. */
  ratio: number | null;
  /** Share of the questions that asked the teacher, 0 to 1; `null` when none was answered. */
  askedTeacherShare: number | null;
  /** Why the mode was not run (no teacher, no model, stopped). */
  skipped?: string;
}

export interface EvalReport {
  /** The question set's path, as given. */
  set: string;
  /** ISO 8601. */
  startedAt: string;
  teacherModel: string | null;
  studentModel: string | null;
  /** True when the run was stopped (Ctrl+C) before it finished: the figures cover what was done. */
  stopped?: boolean;
  modes: ModeSummary[];
  questions: QuestionResult[];
}

/** Whether a turn asked the teacher: guided and cloud always do, local never, auto as it decided. */
export function askedTeacher(record: TurnRecord): boolean {
  return record.plan.teacher !== "none";
}

/** Adds up money where every figure is known; one unknown makes the total unknown. */
export function sumKnown(values: readonly (number | null)[]): number | null {
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** The mode's totals over the results that belong to it (others in `results` are ignored). */
export function summarizeMode(mode: Mode, results: readonly QuestionResult[]): ModeSummary {
  const mine = results.filter((r) => r.mode === mode);
  const questions = mine.length;
  const passed = mine.filter((r) => r.passed).length;
  const costUsd = sumKnown(mine.map((r) => r.costUsd));
  const teacherOnlyUsd = sumKnown(mine.map((r) => r.teacherOnlyUsd));
  return {
    mode,
    questions,
    passed,
    accuracy: questions === 0 ? null : passed / questions,
    errors: mine.filter((r) => r.error !== undefined).length,
    costUsd,
    teacherOnlyUsd,
    ratio: costUsd === null || teacherOnlyUsd === null || teacherOnlyUsd === 0 ? null : costUsd / teacherOnlyUsd,
    askedTeacherShare: questions === 0 ? null : mine.filter((r) => r.askedTeacher).length / questions,
  };
}

/** A mode that was not run, and why. */
export function skippedMode(mode: Mode, reason: string): ModeSummary {
  return { ...summarizeMode(mode, []), skipped: reason };
}
