import type { ModelRequest } from "../../conversation/conversation";
import { StudentError, TeacherError } from "../../models/errors";
import { learnedNote } from "../../models/providerQuirks";
import type { TeacherFinish, TeacherUsage, ToolCall } from "../../models/teacher";
import { billedUsage } from "../../cost/turnCost";
import { overHoldNote } from "../../holds/spendGate";
import { teacherWorstCase } from "../../holds/teacherWorstCase";
import { linkedAbort } from "../../util/abort";
import { cutGuidance } from "../guidanceCut";
import { GuidancePreloader } from "../guidancePreloader";
import type { TurnDeps, TurnOptions } from "../turnOptions";
import type { TurnEvent } from "../turnEvents";
import type { TurnPlan } from "../turnPlan";
import { answered, costSoFar, NOT_TAUGHT, teacherWrote, type Taught } from "./taught";
import type { TurnSetup } from "./turnSetup";

/**
 * The teacher's part, when the plan has one and the turn is not stopped: its worst case is held
 * against the limits, then its text streams as `guidance` while the student reads the prompt and
 * follows it; the charge is yielded as soon as the request ends. A teacher that fails becomes a
 * `notice` when the student goes on alone, and an `error` when it was to write the whole answer.
 */
export async function* teacherPhase(
  setup: TurnSetup,
  plan: TurnPlan,
  request: ModelRequest,
  options: Pick<TurnOptions, "guidanceBudget" | "cloudMaxTokens" | "tools">,
  deps: Pick<TurnDeps, "student" | "gate" | "prices" | "counter" | "now">,
  signal: AbortSignal,
): AsyncGenerator<TurnEvent, Taught> {
  if (plan.teacher === "none" || signal.aborted) return NOT_TAUGHT;
  const { teacher, teacherPrompt, countForTeacher } = setup;
  const follows = plan.student;
  // The student reads the prompt while the teacher writes; it is not needed if the teacher finishes.
  const preload = linkedAbort(signal);
  const preloader = follows ? new GuidancePreloader(deps.student, request, preload.signal) : undefined;
  let guidance = "";
  const calls: ToolCall[] = [];
  let finish: TeacherFinish | undefined;
  let usage: TeacherUsage | undefined;
  let notice: TeacherError | undefined;
  let firstTextAt: number | null = null;
  let hold: string | undefined;
  let heldUsd: number | undefined;
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
    for await (const chunk of teacher.guide({ ...setup.teacherRequest, maxTokens, ...tools }, signal)) {
      if (chunk.type === "request") yield { type: "teacher-request", sent: { url: chunk.url, body: chunk.body } };
      else if (chunk.type === "text") {
        firstTextAt ??= deps.now();
        guidance += chunk.text;
        preloader?.offer(guidance);
        yield { type: "guidance", text: chunk.text };
      } else if (chunk.type === "tool-call") {
        firstTextAt ??= deps.now();
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
  if (plan.teacher === "answer" && finish === "cut" && !signal.aborted) {
    notice = new TeacherError("unavailable", "The teacher's answer ended without finishing (the connection closed early): what arrived is kept. Retry for the whole answer.");
  }
  const wrote = { guidance, calls, finish, usage };
  const guidanceEndAt = deps.now();
  // The charge is known now: recorded before the student's part, whatever becomes of the turn.
  const charged = costSoFar(setup, plan, wrote, deps, "");
  if (charged.source !== "none" || charged.actualUsd === null) {
    const billed = billedUsage(teacherPrompt, usage, teacherWrote(wrote), countForTeacher);
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
  const studentNeeded = follows && !signal.aborted && !answered(wrote);
  if (!studentNeeded) preload.abort();
  const preloadError = await preloader?.settled();
  preload.release();
  const taught = { ...wrote, ...(notice ? { notice } : {}), firstTextAt, guidanceEndAt };

  if (!studentNeeded) {
    if (!follows && notice) {
      yield { type: "error", reason: notice.reason, message: notice.message };
      return { ...taught, kept: guidance, failed: notice.reason };
    }
    return { ...taught, kept: guidance };
  }
  const cut = cutGuidance(guidance);
  if (guidance !== "") yield { type: "handoff", kept: cut.kept, dropped: cut.dropped };
  return { ...taught, kept: cut.kept, ...(preloadError instanceof StudentError ? { preloadError } : {}) };
}
