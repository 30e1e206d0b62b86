import type { TeacherFailureReason } from "./errors";
import type { Mode } from "./mode";
import type { StudentStats } from "./student";
import type { TeacherUsage } from "./teacher";
import type { TurnCost } from "./turnCost";

/** Everything measured about one answer: shown in its footer and added to the ledger. */
export interface TurnRecord {
  mode: Mode;
  /** The teacher model asked (or priced against, in local mode). */
  teacherModel?: string;
  /** What the provider reported, when the teacher was called and reported usage. */
  teacherUsage?: TeacherUsage;
  /** The student's own figures, when it wrote part of the answer. */
  studentStats?: StudentStats;
  cost: TurnCost;
  /** Why the teacher did not guide this answer, when it failed. */
  notice?: TeacherFailureReason;
  /** The user stopped the answer. */
  stopped: boolean;
  timings: {
    /** From the start of the turn to the first visible text. */
    firstTextMs: number | null;
    /** From the last guidance text to the student's first new text (guided mode only). */
    handoffGapMs: number | null;
    totalMs: number;
  };
}
