import type { Mode } from "../conversation/mode";

/** Where a charge was made: the Headstart panel, the Chat view, a language-model caller, `npm run ask`, `npm run eval`. */
export type SpendFace = "panel" | "chat" | "model" | "cli" | "eval";

export const SPEND_FACES: readonly SpendFace[] = ["panel", "chat", "model", "cli", "eval"];

/** What the teacher charged for one request, written as soon as the request ended. */
export interface ChargeRecord {
  kind: "charge";
  /** The turn it belongs to: its `turn` record, when it ends, has the same id. */
  turn: string;
  /** When, as an ISO time; days and months are the user's local ones. */
  at: string;
  face: SpendFace;
  conversationId: string;
  /** The teacher's origin (scheme, host, port). */
  origin: string;
  model: string;
  /** `check`: the one tiny request of *Test Teacher Connection* (`npm run ask -- --check`). */
  mode: Mode | "check";
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** `null`: no price is known for the model (unpriced, never $0). */
  usd: number | null;
  /** Where the price came from (`provider`, `override`, `test`, `openrouter`, `table`, `openai-package`). */
  priceSource?: string;
  /** When the provider reported its charge: the same tokens at the list price (a provider may bill above it). */
  listUsd?: number;
  /** The hold this charge settles, when the request was held against a limit. */
  hold?: string;
}

/** How a turn ended: what asking the teacher for everything would have cost, and the saving it claims. */
export interface TurnRecordEntry {
  kind: "turn";
  turn: string;
  at: string;
  face: SpendFace;
  conversationId: string;
  origin?: string;
  model?: string;
  mode: Mode;
  counterfactualUsd: number | null;
  /** `null`: no saving is claimed (failed, the teacher wrote nothing) or none is known. */
  savingUsd: number | null;
  failed?: string;
  studentOutputTokens: number;
  /** What the student server charged for the answer, when it has a price; `null`: not known. Counted against the limits with the teacher's. */
  studentServerUsd?: number | null;
  /** The hold the student server's charge settles (a charge not known counts at the worst case held). */
  studentServerHold?: string;
}

/** A request's worst case, set aside against the limits before it is sent, until its charge settles it. */
export interface HoldRecord {
  kind: "hold";
  id: string;
  at: string;
  face: SpendFace;
  origin: string;
  model: string;
  worstUsd: number;
}

/** A hold whose request was not sent after all, or ended without a charge. */
export interface ReleaseRecord {
  kind: "release";
  hold: string;
  at: string;
}

/** A day of totals carried over from the ledger of earlier versions, which kept only totals. */
export interface ImportedDayRecord {
  kind: "imported";
  at: string;
  day: string;
  teacherUsd: number;
  counterfactualUsd: number;
  savingUsd: number;
  unpricedTurns: number;
  turns: number;
}

/** A limit's alert shown for a period, so every window shows it once. */
export interface AlertRecord {
  kind: "alert";
  at: string;
  period: "day" | "month";
  /** `YYYY-MM-DD` or `YYYY-MM`. */
  key: string;
  percent: number;
}

export type SpendRecord = ChargeRecord | TurnRecordEntry | HoldRecord | ReleaseRecord | ImportedDayRecord | AlertRecord;

const isFiniteOrNull = (v: unknown): boolean => v === null || (typeof v === "number" && Number.isFinite(v));
const isText = (v: unknown): v is string => typeof v === "string";
const isCount = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v >= 0;

/** One journal line checked before use: a damaged line is skipped and counted, never read as zero. */
export function parseSpendRecord(line: string): SpendRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  const r = v as Record<string, unknown>;
  if (!isText(r.at) || Number.isNaN(Date.parse(r.at))) return undefined;
  switch (r.kind) {
    case "charge":
      return isText(r.turn) && isText(r.conversationId) && isText(r.origin) && isText(r.model) && isText(r.face) && isText(r.mode) &&
        isCount(r.inputTokens) && isCount(r.cachedInputTokens) && isCount(r.outputTokens) && isFiniteOrNull(r.usd) &&
        (r.listUsd === undefined || (typeof r.listUsd === "number" && Number.isFinite(r.listUsd)))
        ? (r as unknown as ChargeRecord)
        : undefined;
    case "turn":
      return isText(r.turn) && isText(r.conversationId) && isText(r.face) && isText(r.mode) && isFiniteOrNull(r.counterfactualUsd) && isFiniteOrNull(r.savingUsd) && isCount(r.studentOutputTokens) &&
        (r.studentServerUsd === undefined || isFiniteOrNull(r.studentServerUsd)) && (r.studentServerHold === undefined || isText(r.studentServerHold))
        ? (r as unknown as TurnRecordEntry)
        : undefined;
    case "hold":
      return isText(r.id) && isText(r.origin) && isText(r.model) && typeof r.worstUsd === "number" && Number.isFinite(r.worstUsd) ? (r as unknown as HoldRecord) : undefined;
    case "release":
      return isText(r.hold) ? (r as unknown as ReleaseRecord) : undefined;
    case "imported":
      return isText(r.day) && [r.teacherUsd, r.counterfactualUsd, r.savingUsd].every((x) => typeof x === "number" && Number.isFinite(x)) && isCount(r.unpricedTurns) && isCount(r.turns)
        ? (r as unknown as ImportedDayRecord)
        : undefined;
    case "alert":
      return (r.period === "day" || r.period === "month") && isText(r.key) && typeof r.percent === "number" ? (r as unknown as AlertRecord) : undefined;
    default:
      return undefined;
  }
}
