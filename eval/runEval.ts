// Runs a question set through the engine in each mode and judges every answer.
import type { Conversation, EditorContext } from "../src/common/conversation/conversation";
import type { Mode } from "../src/common/conversation/mode";
import { composeTurn, type TurnOwner, type TurnSpendFollower } from "../src/common/compose/composeTurn";
import { DEFAULT_AUTO, type AutoOptions, type TurnDeps } from "../src/common/turn/turnOptions";
import type { Student } from "../src/common/models/student";
import type { Teacher } from "../src/common/models/teacher";
import type { TeacherContextOptions } from "../src/common/teacherView/teacherContext";
import type { TurnEvent } from "../src/common/turn/turnEvents";
import { errorMessage } from "../src/common/util/errorMessage";
import { StudentError } from "../src/common/models/errors";
import { checkAnswer, type CheckResult } from "./checkAnswer";
import { askedTeacher, skippedMode, summarizeMode, teacherOnlyBasis, teacherOnlyOf, type EvalReport, type ModeSummary, type QuestionResult } from "./evalReport";
import type { EvalQuestion } from "./questionSet";

export interface EvalOptions {
  /** The set's path, for the report. */
  setFile: string;
  questions: readonly EvalQuestion[];
  /** In the order they run and are reported. */
  modes: readonly Mode[];
  /** The student model's name or path, for the report; `null` when there is none. */
  studentModel: string | null;
  /** Teacher tokens in guided (and auto) mode. */
  guidanceBudget: number;
  /** Teacher tokens in cloud mode. */
  cloudMaxTokens: number;
  /**
   * Auto mode's rule. Every question is a conversation's first turn, so `askOnFirstTurn` would
   * make auto mode guided mode; the default turns it off so the probe decides every question.
   */
  auto?: AutoOptions;
  /** What the teacher is sent in guided and auto mode; defaults to everything. */
  teacherContext?: TeacherContextOptions;
  /** Stops the run: the question in progress is left out, the report covers what was done. */
  signal: AbortSignal;
  /** How long a `command` checker may run. */
  checkTimeoutMs?: number;
  /** Where `command` checkers run: the set file's folder. */
  checkCwd?: string;
  /** Called as each question is judged, to show progress. */
  onResult?: (result: QuestionResult, question: EvalQuestion) => void;
  /** Where each turn's charges and end go, as every face's do (the spend journal); nowhere when absent. */
  spend?: TurnSpendFollower & { owner(mode: Mode): TurnOwner };
  /** Called once for each mode that cannot run, with the reason. */
  onSkip?: (mode: Mode, reason: string) => void;
  /** Defaults to now. */
  startedAt?: Date;
}

export interface EvalDeps extends Omit<TurnDeps, "student" | "teacher"> {
  /** Absent when no teacher is configured: only local mode can run then. */
  teacher: Teacher | undefined;
  /** Absent when no model is configured: only cloud mode can run then. */
  student: Student | undefined;
}

export const EVAL_AUTO: AutoOptions = { ...DEFAULT_AUTO, askOnFirstTurn: false };

/** Stands in for a missing model in cloud mode, which never asks the student. */
const NO_STUDENT: Student = {
  preload: () => Promise.reject(new StudentError("model-missing", "No student model is configured.")),
  continue: () => {
    throw new StudentError("model-missing", "No student model is configured.");
  },
};

/** A run that keeps no journal (the tests of the eval itself). */
const UNRECORDED: TurnSpendFollower & { owner(mode: Mode): TurnOwner } = {
  owner: (mode) => ({ face: "eval", origin: "", mode }),
  charged: () => undefined,
  finished: () => undefined,
};

/** Why a mode cannot run with these models, or `undefined` when it can. */
export function whyModeCannotRun(mode: Mode, deps: Pick<EvalDeps, "teacher" | "student">): string | undefined {
  if (mode !== "local" && !deps.teacher) return "no teacher configured";
  if (mode !== "cloud" && !deps.student) return "no student model";
  return undefined;
}

/** Each question, in each mode, as a fresh one-message conversation; never throws for a model's failure. */
export async function runEval(options: EvalOptions, deps: EvalDeps): Promise<EvalReport> {
  const startedAt = (options.startedAt ?? new Date()).toISOString();
  const results: QuestionResult[] = [];
  const skipped = new Map<Mode, string>();
  let stopped = false;

  for (const mode of options.modes) {
    const why = whyModeCannotRun(mode, deps);
    if (why !== undefined || stopped) {
      const reason = why ?? "stopped before this mode";
      if (why !== undefined) options.onSkip?.(mode, reason);
      skipped.set(mode, reason);
      continue;
    }
    const student = deps.student ?? NO_STUDENT;
    for (const [index, question] of options.questions.entries()) {
      if (options.signal.aborted) break;
      const result = await askOne(question, `eval-${mode}-${index + 1}`, mode, options, { ...deps, student });
      if (result === undefined || options.signal.aborted) break;
      results.push(result);
      options.onResult?.(result, question);
    }
    if (options.signal.aborted) stopped = true;
  }

  // Every mode has run: one meaning of teacher-only for all of them (cloud mode may run in any place).
  const teacherOnly = teacherOnlyBasis(results);
  const teacherOnlyUsd = teacherOnlyOf(teacherOnly, results);
  return {
    set: options.setFile,
    startedAt,
    teacherModel: deps.teacher?.model ?? null,
    studentModel: options.studentModel,
    ...(stopped ? { stopped: true } : {}),
    teacherOnly,
    modes: options.modes.map((mode): ModeSummary => {
      const reason = skipped.get(mode);
      return reason !== undefined ? skippedMode(mode, reason) : summarizeMode(mode, results, teacherOnlyUsd);
    }),
    questions: results,
  };
}

/** One question in one mode; `undefined` when it was stopped before its answer finished. */
async function askOne(question: EvalQuestion, conversationId: string, mode: Mode, options: EvalOptions, deps: TurnDeps): Promise<QuestionResult | undefined> {
  const context: EditorContext[] = question.file ? [{ ...question.file, kind: "file" }] : [];
  const conversation: Conversation = {
    id: conversationId,
    messages: [{ role: "user", text: question.question, ...(context.length ? { context } : {}) }],
  };
  let done: Extract<TurnEvent, { type: "done" }> | undefined;
  let turnError: string | undefined;
  try {
    const spend = options.spend ?? UNRECORDED;
    const events = composeTurn(
      conversation,
      { mode, guidanceBudget: options.guidanceBudget, cloudMaxTokens: options.cloudMaxTokens, signal: options.signal, auto: options.auto ?? EVAL_AUTO, ...(options.teacherContext ? { teacherContext: options.teacherContext } : {}) },
      deps,
      spend.owner(mode),
      spend,
    );
    for await (const event of events) {
      if (event.type === "error") turnError ??= event.message;
      else if (event.type === "done") done = event;
    }
  } catch (e) {
    turnError ??= `internal: ${errorMessage(e)}`;
  }
  if (done?.record.stopped || options.signal.aborted) return undefined;
  if (!done) {
    // runTurn always ends with `done`; if it did not, nothing is known of the cost.
    return { id: question.id, mode, passed: false, answer: "", costUsd: null, teacherOnlyUsd: null, askedTeacher: mode !== "local", error: turnError ?? "the turn ended without an answer" };
  }
  const { record, answer } = done;
  const check: CheckResult =
    turnError === undefined
      ? await checkAnswer(answer.text, question.expect, {
          ...(options.checkTimeoutMs !== undefined ? { timeoutMs: options.checkTimeoutMs } : {}),
          ...(options.checkCwd !== undefined ? { cwd: options.checkCwd } : {}),
          signal: options.signal,
        })
      : { passed: false, error: turnError };
  if (options.signal.aborted) return undefined;
  return {
    id: question.id,
    mode,
    passed: check.passed,
    answer: answer.text,
    costUsd: record.cost.actualUsd,
    teacherOnlyUsd: record.cost.counterfactualUsd,
    askedTeacher: askedTeacher(record),
    ...(record.notice !== undefined ? { notice: record.notice } : {}),
    ...(check.error !== undefined ? { error: check.error } : {}),
    ...(check.detail !== undefined ? { detail: check.detail } : {}),
  };
}
