import type { Conversation } from "../conversation/conversation";
import { StudentError, TeacherError } from "../models/errors";
import type { TurnEvent } from "./turnEvents";
import { errorMessage } from "../util/errorMessage";
import { linkedAbort } from "../util/abort";
import type { TurnDeps, TurnOptions } from "./turnOptions";
import { setUpTurn } from "./phases/turnSetup";
import { holdPhase } from "./phases/holdPhase";
import { fitPhase } from "./phases/fitPhase";
import { decidePhase, startingPlan } from "./phases/decidePhase";
import { teacherPhase } from "./phases/teacherPhase";
import { NOT_TAUGHT } from "./phases/taught";
import { NOT_WRITTEN, studentPhase } from "./phases/studentPhase";
import { recordPhase, type TurnReached } from "./phases/recordPhase";

/**
 * Runs one answer to the conversation's last user message, as a stream of events ending in `done`.
 * Never throws for a model's failure: those become `notice` or `error` events. The turn is its
 * phases in order, each given what the earlier ones returned: hold the student server, fit the
 * student's request, decide the plan, the teacher's part, the student's part, and the record.
 */
export async function* runTurn(conversation: Conversation, options: TurnOptions, deps: TurnDeps): AsyncGenerator<TurnEvent> {
  const { mode } = options;
  const { student } = deps;
  const starting = startingPlan(mode);
  // A teacher offered as a way to get one is asked for only when the plan may need it.
  const teacher = typeof deps.teacher !== "function" ? deps.teacher : starting.teacher === "none" ? undefined : await deps.teacher();
  const started = deps.now();
  const setup = setUpTurn(conversation, starting, options, { teacher, counter: deps.counter });
  // Our own controller, so that a consumer that stops iterating also stops the models; a Stop
  // pressed before the turn began (while a model loaded) counts too.
  const turn = linkedAbort(options.signal);
  const { signal } = turn;
  // What the phases have returned: one that throws ends the turn, and the record tells how far it got.
  const reached: Omit<TurnReached, "stopped"> = { mode, started, decided: { plan: starting }, taught: NOT_TAUGHT, written: NOT_WRITTEN };
  try {
    yield { type: "start", mode, plan: starting, teacherModel: teacher?.model };
    reached.studentHold = await holdPhase(student, setup.whole, starting, options.guidanceBudget, deps.gate);
    const request = yield* fitPhase(conversation, setup.whole, starting, options.guidanceBudget, student, signal);
    reached.decided = await decidePhase(starting, conversation, request, options, teacher !== undefined, student, signal);
    reached.taught = yield* teacherPhase(setup, reached.decided.plan, request, options, deps, signal);
    if (reached.taught.preloadError) throw reached.taught.preloadError;
    reached.written = yield* studentPhase(reached.decided.plan, request, reached.taught, reached.studentHold, options, deps, signal);
    if ("failure" in reached.written) throw reached.written.failure;
  } catch (e) {
    const reason = e instanceof StudentError || e instanceof TeacherError ? e.reason : "internal";
    reached.failed = reason;
    yield { type: "error", reason, message: errorMessage(e) };
  } finally {
    turn.release();
    turn.abort();
  }
  yield recordPhase(setup, { ...reached, stopped: options.signal.aborted }, deps);
}
