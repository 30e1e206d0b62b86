import type { Conversation } from "./conversation";
import { StudentError, TeacherError } from "./errors";
import { cutGuidance } from "./guidanceCut";
import { GuidancePreloader } from "./guidancePreloader";
import type { Mode } from "./mode";
import type { PriceLookup } from "./prices";
import { toModelRequest } from "./prompt";
import type { Student, StudentNote, StudentStats } from "./student";
import type { Teacher, TeacherFinish, TeacherUsage } from "./teacher";
import type { TokenCounter } from "./tokenCounter";
import { learnedNote } from "./providerQuirks";
import { STALLED, watchForStall } from "./stallWatch";
import { computeTurnCost } from "./turnCost";
import type { TurnEvent } from "./turnEvents";
import { errorMessage } from "./errorMessage";
import type { TeacherContextOptions } from "./teacherContext";

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

export const DEFAULT_AUTO: AutoOptions = { threshold: 0.8, probeTokens: 4, askOnFirstTurn: true };

export interface TurnDeps {
  /** Absent when no teacher is configured: guided turns then fall back to the student. */
  teacher: Teacher | undefined;
  student: Student;
  counter: TokenCounter;
  /** A model's price from every list the host has, in order of trust; asked when the turn ends. */
  prices: PriceLookup;
  /** Milliseconds on a monotonic clock. */
  now: () => number;
}

/**
 * Runs one answer to the conversation's last user message, as a stream of events ending in `done`.
 * Never throws for a model's failure: those become `notice` or `error` events.
 */
export async function* runTurn(conversation: Conversation, options: TurnOptions, deps: TurnDeps): AsyncGenerator<TurnEvent> {
  const { mode } = options;
  const { teacher, student, now } = deps;
  const started = now();
  const request = toModelRequest(conversation);
  // Our own controller, so that a consumer that stops iterating also stops the models.
  const turn = new AbortController();
  const onAbort = (): void => turn.abort();
  options.signal.addEventListener("abort", onAbort, { once: true });

  let guidance = "";
  let kept = "";
  let studentText = "";
  let finish: TeacherFinish | undefined;
  let usage: TeacherUsage | undefined;
  let notice: TeacherError | undefined;
  let studentStats: StudentStats | undefined;
  let firstTextAt: number | null = null;
  let guidanceEndAt: number | null = null;
  let handoffGapMs: number | null = null;
  const seen = (): void => void (firstTextAt ??= now());
  // What the turn cost so far, or would have cost had the teacher written `studentText` too.
  const costOf = (studentText: string) =>
    computeTurnCost({
      teacherModel: teacher?.model,
      prompt: [{ role: "user", content: request.system }, ...request.messages],
      teacherCalled: usage !== undefined || finish !== undefined || guidance !== "",
      usage,
      guidanceText: guidance,
      studentText,
      prices: deps.prices,
      counter: deps.counter,
    });

  try {
    yield { type: "start", mode, teacherModel: teacher?.model };

    // A guided answer needs the student to finish it: make sure it can before paying the teacher.
    if (mode === "guided") await student.check?.();
    if (mode !== "local") {
      // The student reads the prompt while the teacher writes; it is not needed if the teacher finishes.
      const preloadAbort = new AbortController();
      const stopPreload = (): void => preloadAbort.abort();
      turn.signal.addEventListener("abort", stopPreload, { once: true });
      const preloader = mode === "guided" ? new GuidancePreloader(student, request, preloadAbort.signal) : undefined;
      try {
        if (!teacher) throw new TeacherError("no-key", "No teacher is configured, so the local model answered alone.");
        const maxTokens = mode === "guided" ? options.guidanceBudget : options.cloudMaxTokens;
        for await (const chunk of teacher.guide({ ...request, maxTokens }, turn.signal)) {
          if (chunk.type === "request") yield { type: "teacher-request", body: chunk.body };
          else if (chunk.type === "text") {
            seen();
            guidance += chunk.text;
            preloader?.offer(guidance);
            yield { type: "guidance", text: chunk.text };
          } else {
            finish = chunk.finish;
            usage = chunk.usage;
            for (const learned of chunk.learned ?? []) yield { type: "note", ...learnedNote(learned) };
          }
        }
      } catch (e) {
        notice = e instanceof TeacherError ? e : new TeacherError("bad-response", `The teacher failed: ${String(e)}`);
        // A failed request can still have been billed (hidden reasoning): that spend is counted.
        usage ??= notice.usage;
        if (mode === "guided") yield { type: "notice", reason: notice.reason, message: notice.message };
      }
      if (mode === "cloud" && finish === "cut" && !turn.signal.aborted) {
        notice = new TeacherError("unavailable", "The teacher's answer ended without finishing (the connection closed early): what arrived is kept. Retry for the whole answer.");
      }
      guidanceEndAt = now();
      // The charge is known now: recorded before the student's part, whatever becomes of the turn.
      const charged = costOf("");
      if (charged.source !== "none" || charged.actualUsd === null) yield { type: "teacher-charged", usd: charged.actualUsd };
      const studentNeeded = mode === "guided" && !turn.signal.aborted && finish !== "stop";
      if (!studentNeeded) stopPreload();
      const preloadError = await preloader?.settled();
      turn.signal.removeEventListener("abort", stopPreload);

      if (mode === "cloud" || !studentNeeded) {
        kept = guidance;
        if (mode === "cloud" && notice) yield { type: "error", reason: notice.reason, message: notice.message };
      } else {
        const cut = cutGuidance(guidance);
        kept = cut.kept;
        if (guidance !== "") yield { type: "handoff", kept: cut.kept, dropped: cut.dropped };
        if (preloadError instanceof StudentError) throw preloadError;
      }
    }

    if (mode === "local" || (mode === "guided" && !turn.signal.aborted && finish !== "stop")) {
      const stallMs = options.studentStallMs ?? 10_000;
      for await (const chunk of watchForStall(student.continue(request, kept, turn.signal), stallMs)) {
        if (chunk === STALLED) yield { type: "note", ...stalledNote(stallMs, student.useFewerThreads?.()) };
        else if (chunk.type === "text") {
          if (studentText === "" && guidanceEndAt !== null) handoffGapMs = now() - guidanceEndAt;
          seen();
          studentText += chunk.text;
          yield { type: "student", text: chunk.text };
        } else if (chunk.type === "note") yield { type: "note", ...chunk.note };
        else studentStats = chunk.stats;
      }
    }
  } catch (e) {
    const reason = e instanceof StudentError || e instanceof TeacherError ? e.reason : "internal";
    yield { type: "error", reason, message: errorMessage(e) };
  } finally {
    options.signal.removeEventListener("abort", onAbort);
    turn.abort();
  }

  const stopped = options.signal.aborted;
  const incomplete = stopped || (mode === "cloud" ? finish !== "stop" : finish !== "stop" && studentStats === undefined);
  const cost = costOf(studentText);
  yield {
    type: "done",
    answer: { role: "assistant", text: kept + studentText, guidanceLength: kept.length, ...(incomplete ? { partial: true } : {}) },
    record: {
      mode,
      ...(teacher ? { teacherModel: teacher.model } : {}),
      ...(usage ? { teacherUsage: usage } : {}),
      ...(studentStats ? { studentStats } : {}),
      cost,
      ...(notice ? { notice: notice.reason } : {}),
      stopped,
      timings: { firstTextMs: firstTextAt === null ? null : firstTextAt - started, handoffGapMs, totalMs: now() - started },
    },
  };
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
