// Days as a user types them (YYYY-MM-DD, local time) turned into the export's date filters, so the
// terminal and VS Code read "from" and "to" the same way: both days included.
import type { ExportFilters } from "./fineTuneExport";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The start of `text`'s day in local time, or undefined when it is not a real YYYY-MM-DD day. */
export function parseDay(text: string): Date | undefined {
  if (!DAY.test(text)) return undefined;
  const start = new Date(`${text}T00:00:00`);
  // 2026-02-30 parses to an invalid date here; a day that rolls over is not the day typed.
  return Number.isNaN(start.getTime()) || localDay(start) !== text ? undefined : start;
}

/** `since` from the start of its day, `until` up to and including its day. */
export function dayFilters(since: Date | undefined, until: Date | undefined): Pick<ExportFilters, "since" | "until"> {
  // By the calendar, not 24 hours: a day that changes the clock is 23 or 25 hours long.
  return { ...(since ? { since } : {}), ...(until ? { until: new Date(until.getFullYear(), until.getMonth(), until.getDate() + 1) } : {}) };
}

/** The last `days` days, today included, as of `now`. */
export function lastDays(days: number, now = new Date()): Pick<ExportFilters, "since"> {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return { since: new Date(today.getFullYear(), today.getMonth(), today.getDate() - (days - 1)) };
}

function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
