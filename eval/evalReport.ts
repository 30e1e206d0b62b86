// The evaluation's figures: one row per question and mode, and each mode's totals. Pure arithmetic.
import type { Mode } from "../src/common/conversation/mode";
import type { TurnRecord } from "../src/common/turn/turnRecord";

/** One question answered in one mode. Money in USD; `null` means unknown (no price), never zero. */
export interface QuestionResult {
  id: string;
  mode: Mode;
  passed: boolean;
  /** The whole answer shown: the teacher's opening and the student's continuation. */
  answer: string;
  /** What the teacher was paid for this answer (`record.cost.actualUsd`). */
  costUsd: number | null;
  /**
   * This answer's own estimate of the teacher alone: its prompt, and the answer's tokens at the
   * teacher's output price (`record.cost.counterfactualUsd`). The table uses it only where cloud
   * mode did not answer every question (see `TeacherOnlyBasis`).
   */
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
  /** What the teacher alone cost (or would cost) for the same questions, by the report's `teacherOnly` basis; `null` when any is unknown. */
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
  /** What every mode's teacher-only figure is. */
  teacherOnly: TeacherOnlyBasis;
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

/**
 * One meaning of "teacher alone" for every column of a report: `cloud` is what cloud mode (the
 * teacher answering by itself, really run) cost for the same questions; `estimate`, used when
 * cloud mode did not answer every question, is each answer priced as if the teacher had written
 * all of it. Mixing them made guided look 0.12 of a teacher-only figure that cloud mode, beside
 * it, showed to be far less.
 */
export type TeacherOnlyBasis = "cloud" | "estimate";

/** `cloud` when cloud mode answered every question asked in any mode, with a known cost and no error. */
export function teacherOnlyBasis(results: readonly QuestionResult[]): TeacherOnlyBasis {
  const measured = new Set(results.filter((r) => r.mode === "cloud" && r.error === undefined && r.costUsd !== null).map((r) => r.id));
  const asked = new Set(results.map((r) => r.id));
  return measured.size > 0 && [...asked].every((id) => measured.has(id)) ? "cloud" : "estimate";
}

/** Each answer's teacher-only figure by the basis: the same question's cloud cost, or its own estimate. */
export function teacherOnlyOf(basis: TeacherOnlyBasis, results: readonly QuestionResult[]): (r: QuestionResult) => number | null {
  if (basis === "estimate") return (r) => r.teacherOnlyUsd;
  const cloud = new Map(results.filter((r) => r.mode === "cloud").map((r) => [r.id, r.costUsd]));
  return (r) => cloud.get(r.id) ?? null;
}

/** The mode's totals over the results that belong to it (others in `results` are ignored). */
export function summarizeMode(mode: Mode, results: readonly QuestionResult[], teacherOnly: (r: QuestionResult) => number | null = (r) => r.teacherOnlyUsd): ModeSummary {
  const mine = results.filter((r) => r.mode === mode);
  const questions = mine.length;
  const passed = mine.filter((r) => r.passed).length;
  const costUsd = sumKnown(mine.map((r) => r.costUsd));
  const teacherOnlyUsd = sumKnown(mine.map(teacherOnly));
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
