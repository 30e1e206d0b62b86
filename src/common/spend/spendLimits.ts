import { formatUsd } from "../cost/money";
import { dayKey, monthKey } from "../util/calendarKeys";
import type { SpendFigures, SpendTotals } from "./spendTotals";

/** The user's limits in USD; 0 is none. */
export interface SpendLimits {
  dailyUsd: number;
  monthlyUsd: number;
  /** One run's own cap (`npm run ask -- --max-usd`), counted from what this run spent. */
  runUsd?: number;
}

/** Whether any limit is set: with none, nothing is checked or held. */
export function anyLimitSet(limits: SpendLimits): boolean {
  return limits.dailyUsd > 0 || limits.monthlyUsd > 0 || (limits.runUsd ?? 0) > 0;
}

/**
 * What counts against a limit: the teacher's charges, a paid student server's, and, for a charge
 * that is not known (a stopped stream sends no usage), the most that was held for it.
 */
export function limitSpend(f: SpendFigures): number {
  return f.teacherUsd + f.studentServerUsd + f.unknownAtMostUsd;
}

/** The shares of a limit at which the user is told how close they are, once per period. */
export const ALERT_PERCENTS = [75, 90, 100] as const;

/**
 * Whether a request whose worst case is `worstUsd` may be sent: what was spent in the day and the
 * month, plus what other requests hold, plus this one's worst case, must stay within each limit.
 * A line saying why and what to do when not; `undefined` when it may.
 */
export function limitRefusal(totals: SpendTotals, limits: SpendLimits, worstUsd: number | null, model: string, now: Date, runSpentUsd = 0): string | undefined {
  if (!anyLimitSet(limits)) return undefined;
  if (worstUsd === null) {
    return `No price is known for ${model}, so a spending limit cannot be kept: add its price to “headstart.prices”, or remove the limit.`;
  }
  const held = totals.heldUsd(now);
  const checks: [string, number, number, string][] = [
    ["Today's", limits.dailyUsd, limitSpend(totals.day(now)) + held, "headstart.limits.dailyUsd"],
    ["This month's", limits.monthlyUsd, limitSpend(totals.month(now)) + held, "headstart.limits.monthlyUsd"],
    ["This run's", limits.runUsd ?? 0, runSpentUsd, "--max-usd"],
  ];
  for (const [which, limit, spent, setting] of checks) {
    if (limit > 0 && spent + worstUsd > limit) {
      const unpriced = which === "Today's" ? totals.day(now).unpricedCharges : which === "This month's" ? totals.month(now).unpricedCharges : 0;
      const also = unpriced > 0 ? ` (and ${unpriced} unpriced)` : "";
      const over = totals.lastOverrun(now);
      const why = over ? ` A request to ${over.model} was billed ${formatUsd(over.usd)} today, more than the ${formatUsd(over.heldUsd)} held for it.` : "";
      return `${which} spending limit of ${formatUsd(limit)} could be crossed by this request (${formatUsd(spent)} spent or held${also}, this request at most ${formatUsd(worstUsd)}), so it was not sent.${why} Raise “${setting}” to go on.`;
    }
  }
  return undefined;
}

/** The alerts now due: a limit's share passed in this period that no window has shown yet. */
export function dueAlerts(totals: SpendTotals, limits: SpendLimits, now: Date): { period: "day" | "month"; key: string; percent: number; message: string }[] {
  const due: { period: "day" | "month"; key: string; percent: number; message: string }[] = [];
  const periods: ["day" | "month", number, number, string, string][] = [
    ["day", limits.dailyUsd, limitSpend(totals.day(now)), dayKey(now), "today's"],
    ["month", limits.monthlyUsd, limitSpend(totals.month(now)), monthKey(now), "this month's"],
  ];
  for (const [period, limit, spent, key, name] of periods) {
    if (limit <= 0) continue;
    // Only the highest share passed is shown; the lower ones are marked shown with it.
    const passed = ALERT_PERCENTS.filter((p) => spent >= (limit * p) / 100 && !totals.alerted(period, key, p));
    const top = passed.at(-1);
    if (top === undefined) continue;
    const message =
      top >= 100
        ? `Headstart has reached ${name} spending limit of ${formatUsd(limit)} (${formatUsd(spent)} spent): the teacher is not asked again until it resets or you raise it; answers are written locally.`
        : `Headstart has used ${top}% of ${name} spending limit of ${formatUsd(limit)} (${formatUsd(spent)} spent).`;
    for (const percent of passed) due.push({ period, key, percent, message });
  }
  return due;
}
