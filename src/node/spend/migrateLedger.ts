import { readFile, rename } from "node:fs/promises";
import type { SpendJournal } from "./spendJournal";

interface OldTotals {
  turns: number;
  teacherUsd: number;
  counterfactualUsd: number;
  savingUsd: number;
  unknownCostTurns: number;
}

/**
 * Carries the totals file of earlier versions (`ledger.json`: totals by day, month and
 * conversation) into the spend journal, once: one `imported` record a day. The file is first
 * renamed, so that of two windows starting at once only one carries it over; afterwards it is kept
 * beside as `ledger.json.migrated`, never deleted. Returns how many days were carried.
 */
export async function migrateLedger(file: string, journal: SpendJournal): Promise<number> {
  const claimed = `${file}.migrating-${process.pid}`;
  try {
    await rename(file, claimed);
  } catch {
    return 0; // none, or another window took it
  }
  let days: Record<string, OldTotals>;
  try {
    const data = JSON.parse(await readFile(claimed, "utf8")) as { days?: Record<string, OldTotals> };
    days = data.days ?? {};
  } catch {
    await rename(claimed, `${file}.unreadable`);
    throw new Error(`The spending totals of an earlier version (${file}) could not be read; they are kept as ${file}.unreadable.`);
  }
  const number = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  let carried = 0;
  for (const [day, t] of Object.entries(days).sort(([a], [b]) => a.localeCompare(b))) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) continue;
    await journal.append({
      kind: "imported",
      at: new Date().toISOString(),
      day,
      teacherUsd: number(t.teacherUsd),
      counterfactualUsd: number(t.counterfactualUsd),
      savingUsd: number(t.savingUsd),
      unpricedTurns: Math.max(0, Math.round(number(t.unknownCostTurns))),
      turns: Math.max(0, Math.round(number(t.turns))),
    });
    carried++;
  }
  await rename(claimed, `${file}.migrated`);
  return carried;
}
