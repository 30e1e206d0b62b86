import { dayKey, monthKey } from "../util/calendarKeys";
import type { ChargeRecord, HoldRecord, SpendRecord } from "./spendRecord";

/** What a set of charges and turns add up to. Unknown prices are counted beside the dollars, never as $0. */
export interface SpendFigures {
  /** What the teacher was paid, in USD, for the charges whose price is known. */
  teacherUsd: number;
  /** Charges with no known price, left out of `teacherUsd`. */
  unpricedCharges: number;
  /** What asking the teacher for everything would have cost, for the turns that claim a saving. */
  counterfactualUsd: number;
  savingUsd: number;
  /** What student servers with a price charged, apart from the teacher's spend and its limits. */
  studentServerUsd: number;
  /** Answers a priced student server wrote whose charge is not known, left out of `studentServerUsd`. */
  unpricedStudentServer: number;
  /** For the limits only: the worst cases held for charges that are not known (never shown as spent). */
  unknownAtMostUsd: number;
  /** Turns that ended. */
  turns: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

export const noSpend = (): SpendFigures => ({
  teacherUsd: 0,
  unpricedCharges: 0,
  counterfactualUsd: 0,
  savingUsd: 0,
  studentServerUsd: 0,
  unpricedStudentServer: 0,
  unknownAtMostUsd: 0,
  turns: 0,
  inputTokens: 0,
  cachedInputTokens: 0,
  outputTokens: 0,
});

/** A charge billed above the worst case held for it (a provider billing more than its list price). */
export interface Overrun {
  at: string;
  model: string;
  usd: number;
  heldUsd: number;
}

/** The dimensions the spending view and `npm run spend` break a month down by. */
export type SpendDimension = "origin" | "model" | "mode" | "face";

/** A hold older than this is of a process that is gone: it no longer holds back the limits. */
export const HOLD_TTL_MS = 30 * 60_000;

/**
 * Totals rebuilt from the spend journal's records, as they are read (any order of arrival is
 * fine: each record adds to the figures of its own day and month). Every window and the CLI
 * computes the same figures from the same journal.
 */
export class SpendTotals {
  private readonly days = new Map<string, SpendFigures>();
  private readonly conversations = new Map<string, SpendFigures>();
  /** Per month, per dimension, per value. */
  private readonly breakdown = new Map<string, Map<SpendDimension, Map<string, SpendFigures>>>();
  private readonly unpriced = new Map<string, ChargeRecord[]>();
  private readonly holds = new Map<string, HoldRecord>();
  private readonly settled = new Set<string>();
  private readonly alerts = new Set<string>();
  /** Per model, what its provider last billed over the list price of the same tokens (1: at list). */
  private readonly rates = new Map<string, number>();
  /** Charges billed above the worst case held for them, by day. */
  private readonly overruns = new Map<string, Overrun[]>();
  /** Every charge and turn record, in the order read: the journal as the CSV export writes it. */
  readonly entries: SpendRecord[] = [];

  add(record: SpendRecord): void {
    switch (record.kind) {
      case "charge": {
        this.entries.push(record);
        const add = (f: SpendFigures): void => {
          if (record.usd === null) f.unpricedCharges++;
          else f.teacherUsd += record.usd;
          f.inputTokens += record.inputTokens;
          f.cachedInputTokens += record.cachedInputTokens;
          f.outputTokens += record.outputTokens;
        };
        this.apply(record.at, record.conversationId, record, add);
        if (record.usd === null) this.listOf(this.unpriced, monthKey(new Date(record.at))).push(record);
        if (record.listUsd !== undefined && record.listUsd > 0 && record.usd !== null) this.rates.set(record.model, record.usd / record.listUsd);
        if (record.hold) {
          this.settled.add(record.hold);
          const held = this.holds.get(record.hold);
          if (held && record.usd !== null && record.usd > held.worstUsd) {
            this.listOf(this.overruns, dayKey(new Date(record.at))).push({ at: record.at, model: record.model, usd: record.usd, heldUsd: held.worstUsd });
          }
        }
        return;
      }
      case "turn": {
        this.entries.push(record);
        const held = record.studentServerHold ? this.holds.get(record.studentServerHold) : undefined;
        if (record.studentServerHold) this.settled.add(record.studentServerHold);
        if (held && typeof record.studentServerUsd === "number" && record.studentServerUsd > held.worstUsd) {
          this.listOf(this.overruns, dayKey(new Date(record.at))).push({ at: record.at, model: held.model, usd: record.studentServerUsd, heldUsd: held.worstUsd });
        }
        this.apply(record.at, record.conversationId, record, (f) => {
          f.turns++;
          // Not known, so not shown as spent; but for the limits it counts as the most it could be.
          if (record.studentServerUsd === null && held) f.unknownAtMostUsd += held.worstUsd;
          if (record.studentServerUsd === null) f.unpricedStudentServer++;
          else if (record.studentServerUsd !== undefined) f.studentServerUsd += record.studentServerUsd;
          if (record.savingUsd !== null) {
            f.savingUsd += record.savingUsd;
            f.counterfactualUsd += record.counterfactualUsd ?? 0;
          }
        });
        return;
      }
      case "imported": {
        const f = this.figures(this.days, record.day);
        f.teacherUsd += record.teacherUsd;
        f.counterfactualUsd += record.counterfactualUsd;
        f.savingUsd += record.savingUsd;
        f.unpricedCharges += record.unpricedTurns;
        f.turns += record.turns;
        return;
      }
      case "hold":
        this.holds.set(record.id, record);
        return;
      case "release":
        this.settled.add(record.hold);
        return;
      case "alert":
        this.alerts.add(`${record.period}:${record.key}:${record.percent}`);
        return;
    }
  }

  day(when: Date): SpendFigures {
    return { ...(this.days.get(dayKey(when)) ?? noSpend()) };
  }

  month(when: Date): SpendFigures {
    const key = monthKey(when);
    const total = noSpend();
    for (const [day, f] of this.days) if (day.startsWith(key)) addInto(total, f);
    return total;
  }

  /** The month's days that have any spend or turn, oldest first. */
  daysOf(month: string): [string, SpendFigures][] {
    return [...this.days].filter(([day]) => day.startsWith(month)).sort(([a], [b]) => a.localeCompare(b)).map(([d, f]) => [d, { ...f }]);
  }

  conversation(id: string): SpendFigures {
    return { ...(this.conversations.get(id) ?? noSpend()) };
  }

  /** A month broken down by provider origin, model, mode or face, largest spend first. */
  by(dimension: SpendDimension, month: string): [string, SpendFigures][] {
    const table = this.breakdown.get(month)?.get(dimension) ?? new Map<string, SpendFigures>();
    return [...table].sort(([a, x], [b, y]) => y.teacherUsd - x.teacherUsd || a.localeCompare(b)).map(([k, f]) => [k, { ...f }]);
  }

  /** The month's charges with no known price. */
  unpricedIn(month: string): readonly ChargeRecord[] {
    return this.unpriced.get(month) ?? [];
  }

  /** The worst cases of requests held and not yet settled, younger than `HOLD_TTL_MS`. */
  heldUsd(now: Date): number {
    let total = 0;
    for (const [id, hold] of this.holds) {
      if (this.settled.has(id) || now.getTime() - Date.parse(hold.at) > HOLD_TTL_MS) continue;
      total += hold.worstUsd;
    }
    return total;
  }

  /** What `model`'s provider last billed as a multiple of its list price, when it reported a charge; 1 when never. */
  providerRate(model: string): number {
    return this.rates.get(model) ?? 1;
  }

  /** The day's last charge billed above the worst case held for it, if any. */
  lastOverrun(when: Date): Overrun | undefined {
    return this.overruns.get(dayKey(when))?.at(-1);
  }

  alerted(period: "day" | "month", key: string, percent: number): boolean {
    return this.alerts.has(`${period}:${key}:${percent}`);
  }

  private apply(at: string, conversationId: string, record: { origin?: string; model?: string; mode: string; face: string }, add: (f: SpendFigures) => void): void {
    const when = new Date(at);
    add(this.figures(this.days, dayKey(when)));
    add(this.figures(this.conversations, conversationId));
    const month = monthKey(when);
    let dims = this.breakdown.get(month);
    if (!dims) this.breakdown.set(month, (dims = new Map<SpendDimension, Map<string, SpendFigures>>()));
    const values: Record<SpendDimension, string> = { origin: record.origin ?? "none", model: record.model ?? "none", mode: record.mode, face: record.face };
    for (const dim of Object.keys(values) as SpendDimension[]) {
      let table = dims.get(dim);
      if (!table) dims.set(dim, (table = new Map<string, SpendFigures>()));
      add(this.figures(table, values[dim]));
    }
  }

  private figures(table: Map<string, SpendFigures>, key: string): SpendFigures {
    let f = table.get(key);
    if (!f) table.set(key, (f = noSpend()));
    return f;
  }

  private listOf<T>(table: Map<string, T[]>, key: string): T[] {
    let list = table.get(key);
    if (!list) table.set(key, (list = []));
    return list;
  }
}

function addInto(total: SpendFigures, f: SpendFigures): void {
  for (const k of Object.keys(total) as (keyof SpendFigures)[]) total[k] += f[k];
}
