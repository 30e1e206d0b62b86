import type { Mode } from "../../conversation/mode";
import type { TurnDeps } from "../turnOptions";
import type { TurnEvent } from "../turnEvents";
import type { TurnRecord } from "../turnRecord";
import type { Decided } from "./decidePhase";
import type { Written } from "./studentPhase";
import { answered, costSoFar, type Taught } from "./taught";
import type { TurnSetup } from "./turnSetup";

/** What the phases returned, as far as the turn got: a failure ends it early, and its record says so. */
export interface TurnReached {
  mode: Mode;
  decided: Decided;
  studentHold?: TurnRecord["studentHold"];
  taught: Taught;
  written: Written;
  /** Why the turn failed, when a phase threw. */
  failed?: TurnRecord["failed"];
  /** When the turn began, on the `now` clock. */
  started: number;
  /** The user stopped it. */
  stopped: boolean;
}

/** The `done` event: the answer as written, and the turn's record (what it cost and saved, and how long it took). */
export function recordPhase(setup: TurnSetup, reached: TurnReached, deps: Pick<TurnDeps, "prices" | "counter" | "now">): Extract<TurnEvent, { type: "done" }> {
  const { teacher, view, context } = setup;
  const { mode, decided, studentHold, taught, written, stopped } = reached;
  const { plan, auto } = decided;
  const { usage, kept } = taught;
  const stats = written.stats;
  const firstTextAt = taught.firstTextAt ?? written.firstTextAt;
  const failed = reached.failed ?? taught.failed;
  const incomplete = stopped || (plan.student ? !answered(taught) && stats === undefined : !answered(taught));
  const cost = costSoFar(setup, plan, taught, deps, written.text, stats?.serverUsd);
  return {
    type: "done",
    answer: { role: "assistant", text: kept + written.text, guidanceLength: kept.length, ...(incomplete ? { partial: true } : {}) },
    record: {
      mode,
      plan,
      ...(teacher ? { teacherModel: teacher.model } : {}),
      ...(usage ? { teacherUsage: usage } : {}),
      ...(stats ? { studentStats: stats } : {}),
      ...(studentHold ? { studentHold } : {}),
      ...(auto ? { auto } : {}),
      ...(view && usage !== undefined
        ? {
            teacherView: {
              kind: context.kind,
              tokens: view.tokens,
              elisions: view.elisions,
              ...(view.whole.length ? { whole: view.whole } : {}),
              ...(view.partly ? { partly: view.partly } : {}),
              ...(view.unsure ? { unsure: view.unsure } : {}),
            },
          }
        : {}),
      cost,
      ...(taught.notice ? { notice: taught.notice.reason } : {}),
      ...(failed ? { failed } : {}),
      // The teacher writing the whole answer stopped by its token cap, or the student by its length limit.
      ...(written.cutAtLimit || (plan.teacher === "answer" && taught.finish === "length") ? { cutAtLimit: true } : {}),
      stopped,
      timings: { firstTextMs: firstTextAt === null ? null : firstTextAt - reached.started, handoffGapMs: written.handoffGapMs, totalMs: deps.now() - reached.started },
    },
  };
}
