import { formatSpend, formatUsd } from "../cost/money";
import { monthKey } from "../util/calendarKeys";
import { plural } from "../util/plural";
import { TEST_TEACHER_LABEL } from "../cost/testTeacher";
import type { ChargeRecord, SpendRecord } from "./spendRecord";
import { noSpend, type SpendDimension, type SpendFigures, type SpendTotals } from "./spendTotals";

/** "student server $0.12" after `separator`, when a priced student server wrote any answer; else nothing. */
export function studentServerSpend(f: Pick<SpendFigures, "studentServerUsd" | "unpricedStudentServer">, separator: string): string {
  return f.studentServerUsd > 0 || f.unpricedStudentServer > 0 ? `${separator}student server ${formatSpend(f.studentServerUsd, f.unpricedStudentServer)}` : "";
}

/** One month of spend as the spending view and `npm run spend` show it. */
export interface SpendReport {
  /** `YYYY-MM`. */
  month: string;
  total: SpendFigures;
  /** Each day of the month that had any spend or turn, oldest first. */
  days: [string, SpendFigures][];
  tables: Record<SpendDimension, [string, SpendFigures][]>;
  /** Charges with no known price: counted, listed, never added as $0. */
  unpriced: readonly ChargeRecord[];
}

export const DIMENSION_TITLES: Record<SpendDimension, string> = { origin: "provider", model: "model", mode: "mode", face: "where asked" };

export function spendReport(totals: SpendTotals, month: string): SpendReport {
  const total = noSpend();
  const days = totals.daysOf(month);
  for (const [, f] of days) for (const k of Object.keys(total) as (keyof SpendFigures)[]) total[k] += f[k];
  const tables = Object.fromEntries((Object.keys(DIMENSION_TITLES) as SpendDimension[]).map((d) => [d, totals.by(d, month)])) as SpendReport["tables"];
  const names = providerNames(totals.entries, month);
  tables.origin = tables.origin.map(([origin, f]) => [names.get(origin) ?? origin, f]);
  return { month, total, days, tables, unpriced: totals.unpricedIn(month) };
}

/**
 * Providers named as a person knows them: an origin whose every charge this month was priced as
 * the test teacher (canned answers on this machine) is named so, its address after it, rather
 * than by a bare loopback URL that looks like a real provider.
 */
function providerNames(entries: readonly SpendRecord[], month: string): Map<string, string> {
  const test = new Map<string, boolean>();
  for (const e of entries) {
    if (e.kind !== "charge" || monthKey(new Date(e.at)) !== month) continue;
    test.set(e.origin, (test.get(e.origin) ?? true) && e.priceSource === "test");
  }
  return new Map([...test].filter(([, only]) => only).map(([origin]) => [origin, `${TEST_TEACHER_LABEL} (${origin.replace(/^https?:\/\//, "")})`]));
}

/** The report as plain-text tables, for a terminal. */
export function spendReportLines(r: SpendReport): string[] {
  const lines = [`Spending in ${r.month}: teacher ${formatSpend(r.total.teacherUsd, r.total.unpricedCharges)}${studentServerSpend(r.total, ", ")}, saved ${formatUsd(r.total.savingUsd)} against the teacher alone, ${plural(r.total.turns, "answer")}`];
  const row = (name: string, f: SpendFigures): string =>
    `  ${name.padEnd(34)} ${formatSpend(f.teacherUsd, f.unpricedCharges).padStart(20)} ${formatUsd(f.savingUsd).padStart(12)} ${String(f.turns).padStart(7)} ${String(f.inputTokens).padStart(10)} ${String(f.outputTokens).padStart(8)}`;
  // Five tables of headings alone say nothing: an empty month says so in words.
  if (r.days.length === 0 && Object.values(r.tables).every((t) => t.length === 0) && r.unpriced.length === 0) return [...lines, "", `  Nothing was recorded in ${r.month}: no answer or request asked a teacher.`];
  const head = (title: string): string => `  ${title.padEnd(34)} ${"teacher".padStart(20)} ${"saved".padStart(12)} ${"answers".padStart(7)} ${"tokens in".padStart(10)} ${"out".padStart(8)}`;
  lines.push("", head("by day"), ...r.days.map(([d, f]) => row(d, f)));
  for (const d of Object.keys(r.tables) as SpendDimension[]) {
    lines.push("", head(`by ${DIMENSION_TITLES[d]}`), ...r.tables[d].map(([k, f]) => row(k, f)));
  }
  if (r.unpriced.length > 0) {
    lines.push("", `  unpriced charges (no known price; add one to “headstart.prices”): ${r.unpriced.length}`);
    for (const c of r.unpriced) lines.push(`  ${c.at}  ${c.model} at ${c.origin}  ${c.inputTokens} in / ${c.outputTokens} out`);
  }
  return lines;
}

const CSV_COLUMNS = [
  "kind",
  "at",
  "turn",
  "face",
  "conversationId",
  "origin",
  "model",
  "mode",
  "inputTokens",
  "cachedInputTokens",
  "outputTokens",
  "usd",
  "priceSource",
  "counterfactualUsd",
  "savingUsd",
  "failed",
  "studentOutputTokens",
  "studentServerUsd",
] as const;

/** The columns that hold US dollars: written as decimals, as a person would write them. */
const MONEY_COLUMNS = new Set<string>(["usd", "counterfactualUsd", "savingUsd", "studentServerUsd"]);

/**
 * The journal's charges and turns as CSV, one row a record, an empty cell for unknown (never 0).
 * A text cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a return first:
 * a model's name or an origin came from a server) is quoted as text, after OWASP's rule.
 */
export function spendCsv(entries: readonly SpendRecord[]): string {
  const quoted = (s: string): string => `"${s.replace(/"/g, '""')}"`;
  const cell = (column: string, v: unknown): string => {
    if (v === undefined || v === null) return "";
    if (typeof v === "number") return MONEY_COLUMNS.has(column) ? decimalUsd(v) : String(v);
    const s = typeof v === "string" ? v : typeof v === "boolean" ? String(v) : JSON.stringify(v);
    if (/^[=+\-@\t\r]/.test(s)) return quoted(`'${s}`);
    return /[",\n\r]/.test(s) ? quoted(s) : s;
  };
  const rows = entries.filter((e) => e.kind === "charge" || e.kind === "turn").map((e) => CSV_COLUMNS.map((c) => cell(c, (e as unknown as Record<string, unknown>)[c])).join(","));
  return `${[CSV_COLUMNS.join(","), ...rows].join("\n")}\n`;
}

/** Dollars as a decimal to the billionth of a cent at most, never a binary float's tail (0.000026099999999999997). */
export function decimalUsd(usd: number): string {
  const fixed = usd.toFixed(12).replace(/\.?0+$/, "");
  return fixed === "-0" ? "0" : fixed;
}
