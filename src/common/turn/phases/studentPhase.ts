import type { ModelRequest } from "../../conversation/conversation";
import type { StudentNote, StudentStats } from "../../models/student";
import { overHoldNote } from "../../holds/spendGate";
import { STALLED, watchForStall } from "../../student/stallWatch";
import type { TurnDeps, TurnOptions } from "../turnOptions";
import type { TurnEvent } from "../turnEvents";
import type { TurnPlan } from "../turnPlan";
import type { TurnRecord } from "../turnRecord";
import { answered, type Taught } from "./taught";

/** What the student's part of a turn left (the student phase's result). */
export interface Written {
  /** The student's text, after the teacher's kept opening. */
  text: string;
  /** Its own figures; absent when it did not write, or did not finish. */
  stats?: StudentStats;
  /** It stopped at its length limit. */
  cutAtLimit: boolean;
  /** From the teacher's last text to the student's first. */
  handoffGapMs: number | null;
  /** When the student's first text came, when it was the answer's first (the teacher wrote none); else `null`. */
  firstTextAt: number | null;
  /** What the student threw, ending the turn: the text before it is kept. */
  failure?: unknown;
}

/** A turn whose student did not write. */
export const NOT_WRITTEN: Written = { text: "", cutAtLimit: false, handoffGapMs: null, firstTextAt: null };

/**
 * The student's part, when the plan has one, the turn is not stopped and the teacher's answer
 * needs more: it continues from the kept opening, streaming `student` events. A stall is noted and
 * eases its threads; a paid server that billed past its hold is noted too.
 */
export async function* studentPhase(
  plan: TurnPlan,
  request: ModelRequest,
  taught: Taught,
  studentHold: TurnRecord["studentHold"],
  options: Pick<TurnOptions, "studentStallMs">,
  deps: Pick<TurnDeps, "student" | "now" | "setTimer">,
  signal: AbortSignal,
): AsyncGenerator<TurnEvent, Written> {
  const { student } = deps;
  let text = "";
  let stats: StudentStats | undefined;
  let cutAtLimit = false;
  let handoffGapMs: number | null = null;
  let firstTextAt: number | null = null;
  const written = (): Written => ({ text, ...(stats ? { stats } : {}), cutAtLimit, handoffGapMs, firstTextAt });
  if (signal.aborted || !plan.student || answered(taught)) return written();
  try {
    const stallMs = options.studentStallMs ?? 10_000;
    for await (const chunk of watchForStall(student.continue(request, taught.kept, signal), stallMs, deps.setTimer)) {
      if (chunk === STALLED) yield { type: "note", ...stalledNote(stallMs, student.useFewerThreads?.()) };
      else if (chunk.type === "text") {
        if (text === "" && taught.guidanceEndAt !== null) handoffGapMs = deps.now() - taught.guidanceEndAt;
        if (firstTextAt === null && taught.firstTextAt === null) firstTextAt = deps.now();
        text += chunk.text;
        yield { type: "student", text: chunk.text };
      } else if (chunk.type === "note") {
        if (chunk.note.reason === "length-limit") cutAtLimit = true;
        yield { type: "note", ...chunk.note };
      } else if (chunk.type === "request") yield { type: "student-request", url: chunk.url, body: chunk.body };
      else stats = chunk.stats;
    }
  } catch (e) {
    return { ...written(), failure: e };
  }
  const serverUsd = stats?.serverUsd;
  if (studentHold && typeof serverUsd === "number" && serverUsd > studentHold.heldUsd) {
    yield { type: "note", ...overHoldNote(`The student server (${stats?.server ?? "?"})`, serverUsd, studentHold.heldUsd) };
  }
  return written();
}

function stalledNote(stallMs: number, threads: number | undefined): StudentNote {
  const seconds = Math.round(stallMs / 1000);
  return {
    reason: "stalled",
    message:
      threads === undefined
        ? `The local model wrote nothing for ${seconds} s: other programs are using the processor. Close some, or choose a smaller model.`
        : `The local model wrote nothing for ${seconds} s: other programs are using the processor, so it goes on with ${threads} thread${threads === 1 ? "" : "s"}. “headstart.student.threads” sets the count.`,
  };
}
