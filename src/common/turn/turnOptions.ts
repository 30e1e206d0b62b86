import type { Mode } from "../conversation/mode";
import type { PriceLookup } from "../cost/prices";
import type { Student } from "../models/student";
import type { Teacher, ToolSpec } from "../models/teacher";
import type { TokenCounter } from "../conversation/tokenCounter";
import type { TeacherContextOptions } from "../teacherView/teacherContext";
import { SETTINGS } from "../settings/settings";
import type { SpendGate } from "../holds/spendGate";

export interface TurnOptions {
  mode: Mode;
  /** Teacher tokens in guided mode: the opening the student continues. */
  guidanceBudget: number;
  /** Teacher tokens in cloud mode, where it writes the whole answer. */
  cloudMaxTokens: number;
  /** Stops both models; the answer so far is kept. */
  signal: AbortSignal;
  /**
   * How long the student may go without a new token, once it has begun, before the turn calls it
   * stalled and asks it to use fewer threads. Defaults to `10000`.
   */
  studentStallMs?: number;
  /** What the teacher is shown of the conversation. Defaults to all of it (`full`). */
  teacherContext?: TeacherContextOptions;
  /** How auto mode decides. Defaults to `DEFAULT_AUTO`. */
  auto?: AutoOptions;
  /**
   * Functions the caller offers, sent to the teacher whenever it is asked (guided, auto when it
   * asks, cloud). A call it makes comes out as a `tool-call` event and ends the turn: the caller
   * runs it and asks again. Ignored in local mode, and when the student answers alone: the
   * student cannot call tools.
   */
  tools?: readonly ToolSpec[];
}

/** Auto mode's rule: ask the teacher unless the student's probe is at least `threshold` sure. */
export interface AutoOptions {
  /** Mean token probability (0 to 1) at or above which the student goes on alone. */
  threshold: number;
  /** Tokens the student writes to measure its confidence; discarded afterwards. */
  probeTokens: number;
  /** Ask the teacher for the first answer of a conversation without probing. */
  askOnFirstTurn: boolean;
}

/** The settings' defaults (the threshold there is a percentage). */
export const DEFAULT_AUTO: AutoOptions = {
  threshold: SETTINGS["auto.threshold"].default / 100,
  probeTokens: 4,
  askOnFirstTurn: SETTINGS["auto.askOnFirstTurn"].default,
};

export interface TurnDeps {
  /**
   * Absent when no teacher is configured: guided turns then fall back to the student. Or how to
   * get one, asked only when the turn's plan may need a teacher (a service builds it with its key).
   */
  teacher: Teacher | undefined | (() => Promise<Teacher | undefined>);
  student: Student;
  counter: TokenCounter;
  /** A model's price from every list the host has, in order of trust; asked when the turn ends. */
  prices: PriceLookup;
  /** Milliseconds on a monotonic clock. */
  now: () => number;
  /** The user's spending limits, checked before every teacher request; none when absent. */
  gate?: SpendGate;
  /** Arms a timer and returns its cancel; tests fire them by hand. Defaults to `setTimeout`. */
  setTimer?: (fire: () => void, ms: number) => () => void;
}
