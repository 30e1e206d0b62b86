import type { TurnRecord } from "./turnRecord";

/** One log line about a turn: reasons and timings, no message contents. */
export function describeTurn(r: TurnRecord, face: string): string {
  const t = r.timings;
  return [
    `turn face=${face} mode=${r.mode}`,
    r.auto ? `auto=${r.auto.reason}${r.auto.confidence === null ? "" : `(${r.auto.confidence.toFixed(2)})`}` : "",
    r.notice ? `teacher=${r.notice}` : "",
    r.teacherUsage ? `teacherTokens=${r.teacherUsage.inputTokens}/${r.teacherUsage.outputTokens}` : "",
    r.studentStats ? `studentTokens=${r.studentStats.outputTokens} tps=${r.studentStats.tokensPerSecond.toFixed(1)}` : "",
    `firstText=${t.firstTextMs?.toFixed(0) ?? "-"}ms handoff=${t.handoffGapMs?.toFixed(0) ?? "-"}ms total=${t.totalMs.toFixed(0)}ms`,
    `cost=${r.cost.actualUsd ?? "unknown"} saving=${r.cost.savingUsd ?? "unknown"}`,
    r.stopped ? "stopped" : "",
  ]
    .filter(Boolean)
    .join(" ");
}
