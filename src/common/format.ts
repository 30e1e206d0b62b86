import type { TurnCost } from "./turnCost";
import type { TurnRecord } from "./turnRecord";

/** Dollars with enough digits to tell small teacher bills apart; unknown stays "unknown". */
export function formatUsd(usd: number | null): string {
  if (usd === null) return "unknown";
  if (usd === 0) return "$0";
  const abs = Math.abs(usd);
  const digits = abs >= 1 ? 2 : abs >= 0.01 ? 4 : 6;
  return `${usd < 0 ? "-" : ""}$${abs.toFixed(digits)}`;
}

/** "saved $0.000333 (73%)", or why there is no figure. */
export function formatSaving(cost: TurnCost): string {
  if (cost.savingUsd === null || cost.counterfactualUsd === null) return "saving unknown";
  const pct = cost.counterfactualUsd > 0 ? Math.round((cost.savingUsd / cost.counterfactualUsd) * 100) : 0;
  return `saved ${formatUsd(cost.savingUsd)} (${pct}%)${cost.estimated ? " est." : ""}`;
}

/** One line summing up a turn: mode, teacher tokens and cost, student speed, and the saving. */
export function formatRecord(r: TurnRecord): string {
  const parts: string[] = [r.mode + (r.stopped ? " (stopped)" : "")];
  if (r.mode !== "local" && r.teacherModel) {
    const u = r.teacherUsage;
    const tokens = u ? `${u.inputTokens} in${u.cachedInputTokens ? ` (${u.cachedInputTokens} cached)` : ""} / ${u.outputTokens} out` : "no usage reported";
    parts.push(`teacher ${r.teacherModel}: ${tokens}, ${formatUsd(r.cost.actualUsd)}${r.cost.estimated && r.cost.actualUsd ? " est." : ""}`);
  }
  if (r.studentStats) {
    parts.push(`student: ${r.studentStats.outputTokens} tokens at ${r.studentStats.tokensPerSecond.toFixed(0)} tok/s`);
  }
  if (r.teacherModel) parts.push(`teacher-only ${formatUsd(r.cost.counterfactualUsd)}`, formatSaving(r.cost));
  return parts.join(" · ");
}
