import type { PriceSource } from "./prices";
import { TEST_TEACHER_LABEL } from "./testTeacher";
import type { TurnCost } from "./turnCost";

/** Dollars with enough digits to tell small teacher bills apart; unknown stays "unknown". */
export function formatUsd(usd: number | null): string {
  if (usd === null) return "unknown";
  if (usd === 0) return "$0";
  const abs = Math.abs(usd);
  const digits = abs >= 1 ? 2 : abs >= 0.01 ? 4 : 6;
  return `${usd < 0 ? "-" : ""}$${abs.toFixed(digits)}`;
}

/**
 * A spend total and the turns it leaves out: "$0.42 + 3 unpriced". Turns with no known price add
 * nothing to the dollars, so they are counted beside them rather than vanishing into them.
 */
export function formatSpend(usd: number, unpricedTurns: number): string {
  return unpricedTurns > 0 ? `${formatUsd(usd)} + ${unpricedTurns} unpriced` : formatUsd(usd);
}

/** What a student server charged for one answer: "student server $0.12". */
export function formatStudentServerCost(usd: number | null): string {
  return `student server ${formatUsd(usd)}`;
}


/**
 * Whether the actual cost is an estimate. A provider's own figure never is; the "est." that an
 * inexact count of the student's text earns belongs to the saving, not to what was paid.
 */
function actualEstimated(cost: TurnCost): boolean {
  return cost.source !== "provider" && (cost.actualEstimated ?? cost.estimated);
}

/** "$0.000103", "$0.000103 est." when counted from the text, or "unknown". */
export function formatActualCost(cost: TurnCost): string {
  return formatUsd(cost.actualUsd) + (cost.actualUsd && actualEstimated(cost) ? " est." : "");
}

const LIST_NAMES: Record<PriceSource, string> = {
  override: "your settings",
  test: TEST_TEACHER_LABEL,
  openrouter: "OpenRouter",
  table: "built-in table",
  "openai-package": "OpenAI's list",
};

/**
 * Where the turn's figures were priced from, and how old that price is: "price: OpenRouter,
 * 2026-11-28", "price: built-in table, 2026-11-29", "cost reported by the provider". Undefined
 * when nothing was priced (no price is known, or nothing was spent or compared).
 */
export function formatPriceSource(cost: TurnCost): string | undefined {
  if (cost.source === "provider") return "cost reported by the provider";
  if (!cost.priceSource) return undefined;
  if (cost.priceSource === "test") return TEST_TEACHER_LABEL;
  const age = cost.priceDate ?? cost.priceVersion;
  return `price: ${LIST_NAMES[cost.priceSource]}${age ? `, ${age}` : ""}`;
}
