import type { Mode } from "../conversation/mode";
import type { ChargeRecord, SpendFace, TurnRecordEntry } from "./spendRecord";
import type { TurnEvent } from "../turn/turnEvents";
import type { TurnRecord } from "../turn/turnRecord";
import { noSavingReason } from "../turn/noSavingReason";
import type { TeacherCheckReport } from "../teacher/teacherCheck";

/** One turn as the spend journal names it. */
export interface SpendTurn {
  /** Links the turn's charge to how it ended. */
  turn: string;
  face: SpendFace;
  conversationId: string;
  /** The teacher's origin: scheme, host and port of its base URL. */
  origin: string;
  mode: Mode;
  model: string | undefined;
}

/** The journal's record of a teacher's charge. */
export function chargeEntry(t: SpendTurn, e: Extract<TurnEvent, { type: "teacher-charged" }>, at: Date): ChargeRecord {
  return {
    kind: "charge",
    turn: t.turn,
    at: at.toISOString(),
    face: t.face,
    conversationId: t.conversationId,
    origin: t.origin,
    model: t.model ?? "unknown",
    mode: t.mode,
    inputTokens: e.usage.inputTokens,
    cachedInputTokens: e.usage.cachedInputTokens,
    outputTokens: e.usage.outputTokens,
    usd: e.usd,
    ...(e.priceSource ? { priceSource: e.priceSource } : {}),
    ...(e.listUsd !== undefined ? { listUsd: e.listUsd } : {}),
    ...(e.hold ? { hold: e.hold } : {}),
  };
}

/** The journal's record of how a turn ended: the saving it claims, or none (see `noSavingReason`). */
export function turnEntry(t: SpendTurn, r: TurnRecord, at: Date): TurnRecordEntry {
  const claims = noSavingReason(r) === undefined && r.plan.student;
  return {
    kind: "turn",
    turn: t.turn,
    at: at.toISOString(),
    face: t.face,
    conversationId: t.conversationId,
    ...(t.model && r.teacherModel ? { origin: t.origin, model: t.model } : {}),
    mode: r.mode,
    counterfactualUsd: claims ? r.cost.counterfactualUsd : null,
    savingUsd: claims ? r.cost.savingUsd : null,
    ...(r.failed ? { failed: r.failed } : {}),
    studentOutputTokens: r.studentStats?.outputTokens ?? 0,
    // Charged whether or not the answer claims a saving: what was paid was paid.
    ...(r.cost.studentUsd !== undefined ? { studentServerUsd: r.cost.studentUsd } : {}),
    ...(r.studentHold ? { studentServerHold: r.studentHold.hold } : {}),
  };
}

/**
 * The journal's record of a connection check's one tiny request, when the teacher was paid for it
 * (it answered, or reported usage); `undefined` when nothing was billed.
 */
export function checkEntry(report: TeacherCheckReport, face: SpendFace, origin: string, at: Date): ChargeRecord | undefined {
  if (report.usage === undefined && report.text === "") return undefined;
  const usage = report.usage ?? { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0 };
  return {
    kind: "charge",
    turn: `check-${at.getTime()}`,
    at: at.toISOString(),
    face,
    conversationId: "connection-check",
    origin,
    model: report.model,
    mode: "check",
    inputTokens: usage.inputTokens,
    cachedInputTokens: usage.cachedInputTokens,
    outputTokens: usage.outputTokens,
    usd: report.costUsd,
    ...(report.priceSource ? { priceSource: report.priceSource } : {}),
    ...(report.listUsd !== undefined ? { listUsd: report.listUsd } : {}),
    ...(report.hold ? { hold: report.hold } : {}),
  };
}
