import { formatActualCost, formatPriceSource, formatStudentServerCost, formatUsd } from "../cost/money";
import { comparedTeacher } from "./comparedTeacher";
import { noSavingReason } from "./noSavingReason";
import { teacherSkipped } from "./teacherSkipped";
import type { ShownRecord } from "./turnRecord";
import type { AutoDecision } from "./turnPlan";

/** "saved $0.000333 (73%)", "cost $0.000120 more than the teacher alone", or why there is no figure. */
export function formatSaving(r: ShownRecord): string {
  const cost = r.cost;
  const none = noSavingReason(r);
  if (none !== undefined) return none;
  if (cost.savingUsd === null || cost.counterfactualUsd === null) return "saving unknown";
  // A priced student server can cost more than the teacher would have: a loss, said as one.
  if (cost.savingUsd < 0) return `cost ${formatUsd(-cost.savingUsd)} more than the teacher alone${cost.estimated ? " est." : ""}`;
  const pct = cost.counterfactualUsd > 0 ? Math.round((cost.savingUsd / cost.counterfactualUsd) * 100) : 0;
  return `saved ${formatUsd(cost.savingUsd)} (${pct}%)${cost.estimated ? " est." : ""}`;
}


/**
 * Which way an auto-mode turn went and why: "student sure (91% ≥ 80%): no teacher", in
 * percent, as `headstart.auto.threshold` and `--auto-threshold` set it.
 */
export function formatAutoDecision(d: AutoDecision): string {
  const n = (x: number): string => `${Math.round(x * 100)}%`;
  switch (d.reason) {
    case "sure":
      return `student sure (${n(d.confidence ?? 0)} ≥ ${n(d.threshold)}): no teacher`;
    case "unsure":
      return d.confidence === null ? "student could not measure its confidence: teacher asked" : `student unsure (${n(d.confidence)} < ${n(d.threshold)}): teacher asked`;
    case "first-turn":
      return "first answer of the chat: teacher asked";
    case "no-teacher":
      return "no teacher configured: student alone";
  }
}

/** Names listed before "and N more". */
const LISTED_NAMES = 4;

/**
 * How much the teacher was shown: "budgeted context, 2 cuts; sent whole: should_strip_auth,
 * rebuild_auth; outline of the rest", with "in part: reserveN" for a symbol too large to go
 * whole, and "not sure which part: sent evict and expire" when the question matched two parts
 * about as well ("What was sent" shows it all).
 */
export function formatTeacherView(v: NonNullable<ShownRecord["teacherView"]>): string {
  const cuts = v.elisions === 0 ? "nothing left out" : `${v.elisions} cut${v.elisions === 1 ? "" : "s"}`;
  const unsure = v.unsure ?? [];
  const list = (names: readonly string[]): string => `${names.slice(0, LISTED_NAMES).join(", ")}${names.length > LISTED_NAMES ? ` and ${names.length - LISTED_NAMES} more` : ""}`;
  const whole = (v.whole ?? []).filter((n) => !unsure.includes(n));
  const partly = (v.partly ?? []).filter((n) => !unsure.includes(n));
  const parts = [
    ...(unsure.length > 0 ? [`not sure which part: sent ${unsure.slice(0, -1).join(", ")} and ${unsure.at(-1)!}`] : []),
    ...(whole.length > 0 ? [`sent whole: ${list(whole)}`] : []),
    ...(partly.length > 0 ? [`in part: ${list(partly)}`] : []),
  ];
  return parts.length === 0 ? `${v.kind} context, ${cuts}` : `${v.kind} context, ${cuts}; ${parts.join("; ")}; outline of the rest`;
}

/**
 * The teacher's tokens for a footer or CLI line: "812 in (512 cached) / 32 out"; "not asked" when
 * the request was never sent (a spending limit), "wrote nothing" when it failed before its first
 * token, "no usage reported" when it answered without saying.
 */
export function teacherTokens(r: ShownRecord): string {
  const u = r.teacherUsage;
  if (u) return `${u.inputTokens} in${u.cachedInputTokens ? ` (${u.cachedInputTokens} cached)` : ""} / ${u.outputTokens} out`;
  if (teacherSkipped(r)) return r.notice === "limit" ? "not asked" : "wrote nothing";
  return "no usage reported";
}

/** One line summing up a turn: mode, teacher tokens and cost, student speed, the saving, and where the price came from. */
export function formatRecord(r: ShownRecord): string {
  const parts: string[] = [r.mode + (r.stopped ? " (stopped)" : "")];
  if (r.auto) parts.push(formatAutoDecision(r.auto));
  if (r.teacherView) parts.push(formatTeacherView(r.teacherView));
  if (r.plan.teacher !== "none" && r.teacherModel) {
    parts.push(`teacher ${r.teacherModel}: ${teacherTokens(r)}, ${formatActualCost(r.cost)}`);
  }
  if (r.studentStats) {
    parts.push(`student${r.studentStats.server ? ` on ${r.studentStats.server}` : ""}: ${r.studentStats.outputTokens} tokens at ${r.studentStats.tokensPerSecond.toFixed(0)} tok/s`);
  }
  if (r.cost.studentUsd !== undefined) parts.push(formatStudentServerCost(r.cost.studentUsd));
  // An answer the teacher wrote alone is the teacher-only answer: there is nothing to compare it
  // with or save. A turn that claims no saving says why, without a teacher-only price to compare with.
  const compared = comparedTeacher(r);
  const none = noSavingReason(r);
  if (none !== undefined) parts.push(none);
  else if (compared && r.plan.student) parts.push(`teacher-only ${formatUsd(r.cost.counterfactualUsd)}`, formatSaving(r));
  const price = compared ? formatPriceSource(r.cost) : undefined;
  if (price) parts.push(price);
  return parts.join(" · ");
}
