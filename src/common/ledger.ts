import { noSavingReason } from "./noSavingReason";
import type { TurnRecord } from "./turnRecord";

/** Running totals over a set of turns. USD figures add only known amounts; unknown ones are counted. */
export interface LedgerTotals {
  turns: number;
  teacherUsd: number;
  counterfactualUsd: number;
  savingUsd: number;
  /** Turns whose teacher cost was unknown (no price for the model), left out of `teacherUsd`. */
  unknownCostTurns: number;
  teacherInputTokens: number;
  teacherOutputTokens: number;
  studentOutputTokens: number;
}

export interface LedgerData {
  version: 1;
  conversations: Record<string, LedgerTotals>;
  days: Record<string, LedgerTotals>;
  months: Record<string, LedgerTotals>;
}

export const emptyTotals = (): LedgerTotals => ({
  turns: 0,
  teacherUsd: 0,
  counterfactualUsd: 0,
  savingUsd: 0,
  unknownCostTurns: 0,
  teacherInputTokens: 0,
  teacherOutputTokens: 0,
  studentOutputTokens: 0,
});

const pad = (n: number): string => String(n).padStart(2, "0");
/** Local calendar day, `YYYY-MM-DD`: spend is reported by the user's own day. */
export const dayKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const monthKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;

/** Totals per conversation, day and month. Plain data in and out, so any host can persist it. */
export class Ledger {
  private data: LedgerData;

  constructor(data?: unknown) {
    this.data = isLedgerData(data) ? structuredClone(data) : Ledger.empty();
  }

  private static empty(): LedgerData {
    return { version: 1, conversations: {}, days: {}, months: {} };
  }

  /**
   * Adds a finished turn. `teacherCounted`: its teacher charge was added already, by
   * `addTeacherCharge` when the teacher's request ended, so it is not added twice.
   */
  add(conversationId: string, record: TurnRecord, when: Date, teacherCounted = false): void {
    this.update(conversationId, when, (t) => addRecord(t, record, teacherCounted));
  }

  /**
   * Adds what the teacher charged for a turn as soon as its request has ended (`null`: no price is
   * known), before the rest of the turn: a turn cut short by a reload or a crash has still been
   * paid for.
   */
  addTeacherCharge(conversationId: string, usd: number | null, when: Date): void {
    this.update(conversationId, when, (t) => ({
      ...t,
      teacherUsd: t.teacherUsd + (usd ?? 0),
      unknownCostTurns: t.unknownCostTurns + (usd === null ? 1 : 0),
    }));
  }

  private update(conversationId: string, when: Date, change: (t: LedgerTotals) => LedgerTotals): void {
    for (const [table, key] of [
      [this.data.conversations, conversationId],
      [this.data.days, dayKey(when)],
      [this.data.months, monthKey(when)],
    ] as const) {
      table[key] = change(table[key] ?? emptyTotals());
    }
  }

  conversation(id: string): LedgerTotals {
    return this.data.conversations[id] ?? emptyTotals();
  }
  day(when: Date): LedgerTotals {
    return this.data.days[dayKey(when)] ?? emptyTotals();
  }
  month(when: Date): LedgerTotals {
    return this.data.months[monthKey(when)] ?? emptyTotals();
  }

  /** Forgets a deleted conversation's own totals; its spend stays in the day and month. */
  forgetConversation(id: string): void {
    delete this.data.conversations[id];
  }

  reset(): void {
    this.data = Ledger.empty();
  }

  toJSON(): LedgerData {
    return structuredClone(this.data);
  }
}

function addRecord(t: LedgerTotals, r: TurnRecord, teacherCounted: boolean): LedgerTotals {
  const { cost } = r;
  // A failed turn, or one the teacher skipped, claims no saving (see noSavingReason).
  const compared = noSavingReason(r) === undefined;
  return {
    turns: t.turns + 1,
    teacherUsd: t.teacherUsd + (teacherCounted ? 0 : (cost.actualUsd ?? 0)),
    counterfactualUsd: t.counterfactualUsd + (compared ? (cost.counterfactualUsd ?? 0) : 0),
    savingUsd: t.savingUsd + (compared ? (cost.savingUsd ?? 0) : 0),
    unknownCostTurns: t.unknownCostTurns + (!teacherCounted && cost.actualUsd === null ? 1 : 0),
    teacherInputTokens: t.teacherInputTokens + (r.teacherUsage?.inputTokens ?? 0),
    teacherOutputTokens: t.teacherOutputTokens + (r.teacherUsage?.outputTokens ?? 0),
    studentOutputTokens: t.studentOutputTokens + (r.studentStats?.outputTokens ?? 0),
  };
}

const TOTAL_KEYS = Object.keys(emptyTotals()) as (keyof LedgerTotals)[];

function isTotalsTable(v: unknown): v is Record<string, LedgerTotals> {
  return (
    typeof v === "object" &&
    v !== null &&
    Object.values(v).every(
      (t: unknown) =>
        typeof t === "object" &&
        t !== null &&
        TOTAL_KEYS.every((k) => Number.isFinite((t as Record<string, unknown>)[k])),
    )
  );
}

/** Stored state is checked before use: a damaged store starts a fresh ledger rather than NaN totals. */
function isLedgerData(v: unknown): v is LedgerData {
  if (typeof v !== "object" || v === null) return false;
  const d = v as Record<string, unknown>;
  return d.version === 1 && isTotalsTable(d.conversations) && isTotalsTable(d.days) && isTotalsTable(d.months);
}
