import type { StudentFailureReason, TeacherFailureReason } from "../models/errors";
import type { Mode } from "../conversation/mode";
import type { StudentStats } from "../models/student";
import type { TeacherUsage } from "../models/teacher";
import type { TurnCost } from "../cost/turnCost";
import type { AutoDecision, TurnPlan } from "./turnPlan";
import type { TeacherContextKind } from "../teacherView/teacherContext";

/** Everything measured about one answer: shown in its footer and recorded in the spend journal. */
export interface TurnRecord {
  mode: Mode;
  /** Who wrote the answer: the teacher an opening, all of it or nothing; the student or not (auto mode's as its probe decided). */
  plan: TurnPlan;
  /** In auto mode: which way the turn went and why. */
  auto?: AutoDecision;
  /** What the teacher was shown when it wrote an opening (absent in cloud mode, where it sees everything). */
  teacherView?: {
    kind: TeacherContextKind;
    tokens: number;
    elisions: number;
    /** Symbols of attached files sent whole because the question pointed at them. */
    whole?: readonly string[];
    /** Those too large to go whole, sent as their signature and the blocks the question is about. */
    partly?: readonly string[];
    /** Similar symbols sent that scored close together: the question may be about any of them. */
    unsure?: readonly string[];
  };
  /** The teacher model asked (or priced against, in local mode). */
  teacherModel?: string;
  /** What the provider reported, when the teacher was called and reported usage. */
  teacherUsage?: TeacherUsage;
  /** The student's own figures, when it wrote part of the answer. */
  studentStats?: StudentStats;
  /** A paid student server's hold against the spending limits, and what it set aside: the turn's end settles it. */
  studentHold?: { hold: string; heldUsd: number };
  cost: TurnCost;
  /** Why the teacher did not guide this answer, when it failed. */
  notice?: TeacherFailureReason;
  /** Why the turn ended in an error, when it did: such a turn claims no saving. */
  failed?: StudentFailureReason | TeacherFailureReason | "internal";
  /** The answer was cut at a length limit (the student's, or the teacher's cap in cloud mode), not finished: it may end mid-word. */
  cutAtLimit?: true;
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

/** A record as a face shows it: without what only the host reads (the hold it settled, its timings). */
export type ShownRecord = Omit<TurnRecord, "studentHold" | "timings">;
