import { PREFIX_TOKENS_PER_TEACHER_TOKEN } from "../models/openingSpace";
import type { Conversation, ModelRequest } from "../conversation/conversation";
import { StudentError, TeacherError } from "../models/errors";
import { cutGuidance } from "./guidanceCut";
import { GuidancePreloader } from "./guidancePreloader";
import type { Mode } from "../conversation/mode";
import type { PriceLookup } from "../cost/prices";
import { toModelRequest } from "../conversation/prompt";
import type { Student, StudentNote, StudentStats } from "../models/student";
import type { Teacher, TeacherFinish, TeacherUsage, ToolCall, ToolSpec } from "../models/teacher";
import type { TokenCounter } from "../conversation/tokenCounter";
import { learnedNote } from "../models/providerQuirks";
import { STALLED, watchForStall } from "../student/stallWatch";
import { billedUsage, computeTurnCost } from "../cost/turnCost";
import type { TurnEvent } from "./turnEvents";
import { errorMessage } from "../util/errorMessage";
import { teacherView, type TeacherContextOptions } from "../teacherView/teacherContext";
import { studentView } from "../student/studentView";
import { promptTokens } from "../conversation/promptTokens";
import { SETTINGS } from "../settings/settings";
import type { TurnRecord } from "./turnRecord";
import { planTurn, type AutoDecision } from "./turnPlan";
import { overHoldNote, type SpendGate } from "../holds/spendGate";
import { teacherWorstCase } from "../holds/teacherWorstCase";
import { linkedAbort } from "../util/abort";

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
  /** Absent when no teacher is configured: guided turns then fall back to the student. */
  teacher: Teacher | undefined;
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

/**
 * Runs one answer to the conversation's last user message, as a stream of events ending in `done`.
 * Never throws for a model's failure: those become `notice` or `error` events.
 */
export async function* runTurn(conversation: Conversation, options: TurnOptions, deps: TurnDeps): AsyncGenerator<TurnEvent> {
  const { mode } = options;
  const { teacher, student, now } = deps;
  // What the turn does, decided here; auto mode settles it after its probe.
  let plan = planTurn(mode);
  const started = now();
  // The student sees all that its context holds; the teacher, writing only the opening, may see less.
  const whole = toModelRequest(conversation);
  let request = whole;
  const countForTeacher = (text: string): number => (teacher && text !== "" ? deps.counter.count(text, teacher.model).tokens : 0);
  const context = options.teacherContext ?? { kind: "full", budget: 0 };
  // Only a turn whose teacher may write an opening needs its view (files outlined, history cut).
  const view = teacher && plan.teacher === "opening" ? teacherView(conversation, context, countForTeacher) : undefined;
  const shortened = view !== undefined && view.elisions > 0;
  const teacherRequest = shortened ? view.request : whole;
  // Teacher-only: the whole request; the history before the last message had been sent before.
  // Counted once, when first asked: the charge and the final record both price it.
  let teacherOnlyTokens: { inputTokens: number; cachedInputTokens: number } | undefined;
  const teacherOnly = () => {
    if (teacherOnlyTokens) return teacherOnlyTokens;
    const prompt = [{ role: "user" as const, content: whole.system }, ...whole.messages];
    const inputTokens = promptTokens(prompt, countForTeacher);
    return (teacherOnlyTokens = { inputTokens, cachedInputTokens: inputTokens - promptTokens(prompt.slice(-1), countForTeacher) });
  };
  // Our own controller, so that a consumer that stops iterating also stops the models; a Stop
  // pressed before the turn began (while a model loaded) counts too.
  const turn = linkedAbort(options.signal);

  let guidance = "";
  let kept = "";
  let studentText = "";
  let finish: TeacherFinish | undefined;
  const calls: ToolCall[] = [];
  let usage: TeacherUsage | undefined;
  let notice: TeacherError | undefined;
  let studentStats: StudentStats | undefined;
  let failed: TurnRecord["failed"];
  let hold: string | undefined;
  let heldUsd: number | undefined;
  let studentHold: TurnRecord["studentHold"];
  let firstTextAt: number | null = null;
  let guidanceEndAt: number | null = null;
  let handoffGapMs: number | null = null;
  let auto: AutoDecision | undefined;
  let cutAtLimit = false;
  const seen = (): void => void (firstTextAt ??= now());
  // Whether the teacher's answer needs nothing more: it finished, or called tools for the caller to run.
  const answered = (): boolean => finish === "stop" || finish === "tool-calls";
  // What the turn cost so far, or would have cost had the teacher written `studentText` too.
  const teacherPrompt = [{ role: "user" as const, content: teacherRequest.system }, ...teacherRequest.messages];
  // Counted only when the provider reported no usage: the calls' names and arguments were written too.
  const teacherWrote = (): string => guidance + calls.map((c) => c.name + c.arguments).join("");
  const costOf = (studentText: string, studentUsd?: number | null) =>
    computeTurnCost({
      teacherModel: teacher?.model,
      prompt: teacherPrompt,
      teacherCalled: usage !== undefined || finish !== undefined || guidance !== "",
      usage,
      guidanceText: teacherWrote(),
      studentText,
      prices: deps.prices,
      counter: deps.counter,
      // The request the teacher alone would have had: when its view was cut, or it wrote nothing.
      ...(shortened || plan.teacher === "none" ? { teacherOnly: teacherOnly() } : {}),
      ...(studentUsd !== undefined ? { studentUsd } : {}),
    });

  try {
    yield { type: "start", mode, plan, teacherModel: teacher?.model };

    // An opening needs the student to finish it: make sure it can before paying the teacher.
    const opening = plan.teacher === "opening";
    // A student that bills is held against the limits like the teacher, before either is sent anything.
    if (plan.student) studentHold = await holdStudent(student, whole, opening ? options.guidanceBudget : 0, deps.gate);
    if (opening && plan.student) await student.check?.(whole, options.guidanceBudget);
    if (plan.student) {
      const fitted = await fitStudent(conversation, opening ? options.guidanceBudget : 0, student, turn.signal);
      if (fitted) {
        request = fitted.request;
        if (fitted.note) yield { type: "note", ...fitted.note };
      }
    }
    if (mode === "auto") {
      auto = await decideAuto(conversation, request, { ...DEFAULT_AUTO, ...options.auto }, teacher !== undefined, student, turn.signal);
      plan = planTurn(mode, auto);
    }
    if (plan.teacher !== "none" && !turn.signal.aborted) {
      const follows = plan.student;
      // The student reads the prompt while the teacher writes; it is not needed if the teacher finishes.
      const preload = linkedAbort(turn.signal);
      const preloader = follows ? new GuidancePreloader(student, request, preload.signal) : undefined;
      try {
        if (!teacher) throw new TeacherError("no-key", "No teacher is configured, so the local model answered alone.");
        const maxTokens = plan.teacher === "opening" ? options.guidanceBudget : options.cloudMaxTokens;
        // A call's JSON arguments may well be longer than a guidance budget: with tools the
        // provider may write up to the cloud cap, while the teacher holds its text to the budget.
        const tools = options.tools?.length ? { tools: options.tools, toolCallMaxTokens: options.cloudMaxTokens } : {};
        // Its worst case is held against the spending limits before it is sent.
        const cap = Math.max(maxTokens, tools.toolCallMaxTokens ?? 0);
        const held = deps.gate ? await deps.gate.hold({ model: teacher.model, worstUsd: teacherWorstCase(teacherPrompt, options.tools, cap, teacher.model, countForTeacher, deps.prices) }) : {};
        if ("refused" in held) throw new TeacherError("limit", held.refused);
        ({ hold, heldUsd } = held);
        for await (const chunk of teacher.guide({ ...teacherRequest, maxTokens, ...tools }, turn.signal)) {
          if (chunk.type === "request") yield { type: "teacher-request", sent: { url: chunk.url, body: chunk.body } };
          else if (chunk.type === "text") {
            seen();
            guidance += chunk.text;
            preloader?.offer(guidance);
            yield { type: "guidance", text: chunk.text };
          } else if (chunk.type === "tool-call") {
            seen();
            calls.push(chunk.call);
            yield { type: "tool-call", call: chunk.call };
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
        // The student answers alone; a teacher that was to write everything fails the turn (below).
        if (follows) yield { type: "notice", reason: notice.reason, message: notice.message };
      }
      if (plan.teacher === "answer" && finish === "cut" && !turn.signal.aborted) {
        notice = new TeacherError("unavailable", "The teacher's answer ended without finishing (the connection closed early): what arrived is kept. Retry for the whole answer.");
      }
      guidanceEndAt = now();
      // The charge is known now: recorded before the student's part, whatever becomes of the turn.
      const charged = costOf("");
      if (charged.source !== "none" || charged.actualUsd === null) {
        const billed = billedUsage(teacherPrompt, usage, teacherWrote(), countForTeacher);
        const source = charged.source === "none" ? undefined : charged.source;
        yield {
          type: "teacher-charged",
          usd: charged.actualUsd,
          ...(usage ? { outputTokens: usage.outputTokens } : {}),
          usage: billed,
          ...(source ? { priceSource: source } : {}),
          ...(charged.listUsd !== undefined ? { listUsd: charged.listUsd } : {}),
          ...(hold ? { hold } : {}),
        };
        // Never hidden: what was billed is recorded as it is, and the user told it passed its hold.
        if (heldUsd !== undefined && charged.actualUsd !== null && charged.actualUsd > heldUsd) yield { type: "note", ...overHoldNote(`The teacher (${teacher?.model ?? "?"})`, charged.actualUsd, heldUsd) };
      } else if (hold) await deps.gate?.release(hold);
      const studentNeeded = follows && !turn.signal.aborted && !answered();
      if (!studentNeeded) preload.abort();
      const preloadError = await preloader?.settled();
      preload.release();

      if (!studentNeeded) {
        kept = guidance;
        if (!follows && notice) {
          failed = notice.reason;
          yield { type: "error", reason: notice.reason, message: notice.message };
        }
      } else {
        const cut = cutGuidance(guidance);
        kept = cut.kept;
        if (guidance !== "") yield { type: "handoff", kept: cut.kept, dropped: cut.dropped };
        if (preloadError instanceof StudentError) throw preloadError;
      }
    }

    if (!turn.signal.aborted && plan.student && !answered()) {
      const stallMs = options.studentStallMs ?? 10_000;
      for await (const chunk of watchForStall(student.continue(request, kept, turn.signal), stallMs, deps.setTimer)) {
        if (chunk === STALLED) yield { type: "note", ...stalledNote(stallMs, student.useFewerThreads?.()) };
        else if (chunk.type === "text") {
          if (studentText === "" && guidanceEndAt !== null) handoffGapMs = now() - guidanceEndAt;
          seen();
          studentText += chunk.text;
          yield { type: "student", text: chunk.text };
        } else if (chunk.type === "note") {
          if (chunk.note.reason === "length-limit") cutAtLimit = true;
          yield { type: "note", ...chunk.note };
        } else if (chunk.type === "request") yield { type: "student-request", url: chunk.url, body: chunk.body };
        else studentStats = chunk.stats;
      }
      const serverUsd = studentStats?.serverUsd;
      if (studentHold && typeof serverUsd === "number" && serverUsd > studentHold.heldUsd) {
        yield { type: "note", ...overHoldNote(`The student server (${studentStats?.server ?? "?"})`, serverUsd, studentHold.heldUsd) };
      }
    }
  } catch (e) {
    const reason = e instanceof StudentError || e instanceof TeacherError ? e.reason : "internal";
    failed = reason;
    yield { type: "error", reason, message: errorMessage(e) };
  } finally {
    turn.release();
    turn.abort();
  }

  const stopped = options.signal.aborted;
  const incomplete = stopped || (plan.student ? !answered() && studentStats === undefined : !answered());
  const cost = costOf(studentText, studentStats?.serverUsd);
  yield {
    type: "done",
    answer: { role: "assistant", text: kept + studentText, guidanceLength: kept.length, ...(incomplete ? { partial: true } : {}) },
    record: {
      mode,
      plan,
      ...(teacher ? { teacherModel: teacher.model } : {}),
      ...(usage ? { teacherUsage: usage } : {}),
      ...(studentStats ? { studentStats } : {}),
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
      ...(notice ? { notice: notice.reason } : {}),
      ...(failed ? { failed } : {}),
      // The teacher writing the whole answer stopped by its token cap, or the student by its length limit.
      ...(cutAtLimit || (plan.teacher === "answer" && finish === "length") ? { cutAtLimit: true } : {}),
      stopped,
      timings: { firstTextMs: firstTextAt === null ? null : firstTextAt - started, handoffGapMs, totalMs: now() - started },
    },
  };
}

/**
 * The conversation as the student can hold it, with a note when its attachments had to be cut;
 * `undefined` when the student cannot say (it has no tokenizer to offer) or the turn was stopped.
 * Throws when not even the question fits: a turn the student cannot take is never paid for.
 */
async function fitStudent(
  conversation: Conversation,
  guidanceBudget: number,
  student: Student,
  signal: AbortSignal,
): Promise<{ request: ModelRequest; note?: StudentNote } | undefined> {
  const room = await student.room?.(signal);
  if (!room) return undefined;
  const fitted = studentView(conversation, room.promptTokens - guidanceBudget * PREFIX_TOKENS_PER_TEACHER_TOKEN, room.count);
  const context = room.contextTokens.toLocaleString("en-US");
  if (!fitted) {
    const question = (conversation.messages.at(-1)?.text.length ?? 0).toLocaleString("en-US");
    throw new StudentError(
      "too-long",
      `The question alone (${question} characters) is more than the local model's context of ${context} tokens holds with room for an answer. Shorten it, or raise “headstart.student.contextSize”.`,
    );
  }
  if (fitted.elisions === 0) return { request: fitted.request };
  const whole = fitted.whole.length > 0 ? ` (whole: ${fitted.whole.join(", ")})` : "";
  return {
    request: fitted.request,
    note: {
      reason: "attachments-cut",
      message: `The attachments are more than the local model's context of ${context} tokens holds, so it reads the parts the question is about${whole} and an outline of the rest. Raise “headstart.student.contextSize” to give it more.`,
    },
  };
}

/**
 * Holds what a paid student server can bill for this answer against the spending limits; throws
 * when it could cross one, so nothing is sent to it (nor to the teacher). Nothing for a free student.
 */
async function holdStudent(student: Student, request: ModelRequest, openingTokens: number, gate: SpendGate | undefined): Promise<TurnRecord["studentHold"]> {
  const bill = gate ? student.bill?.(request, openingTokens) : undefined;
  if (!bill || !gate) return undefined;
  const held = await gate.hold({ model: bill.model, worstUsd: bill.worstUsd, origin: bill.origin });
  if ("refused" in held) throw new StudentError("limit", `The student server: ${held.refused}`);
  return held.hold ? { hold: held.hold, heldUsd: held.heldUsd ?? bill.worstUsd } : undefined;
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

/**
 * Auto mode's choice: the first answer of a conversation asks the teacher at once (when so set);
 * otherwise the student's probe decides. Without a teacher the student answers alone.
 */
async function decideAuto(
  conversation: Conversation,
  request: ModelRequest,
  rule: AutoOptions,
  hasTeacher: boolean,
  student: Student,
  signal: AbortSignal,
): Promise<AutoDecision> {
  const { threshold } = rule;
  if (!hasTeacher) return { asked: false, reason: "no-teacher", confidence: null, threshold };
  if (rule.askOnFirstTurn && conversation.messages.length === 1) return { asked: true, reason: "first-turn", confidence: null, threshold };
  const probe = await student.probe?.(request, rule.probeTokens, signal);
  const confidence = probe?.confidence ?? null;
  const sure = confidence !== null && confidence >= threshold;
  return { asked: !sure, reason: sure ? "sure" : "unsure", confidence, threshold };
}
