// The evaluation as a terminal table: the modes side by side, then each question's verdicts.
import { formatUsd } from "../src/common/cost/money";
import type { EvalReport, ModeSummary, QuestionResult } from "./evalReport";

/** The report's tables, one string a line. */
export function formatReport(report: EvalReport): string[] {
  const modes = report.modes;
  const ran = (m: ModeSummary): boolean => m.skipped === undefined || m.questions > 0;
  const cell = (m: ModeSummary, value: (m: ModeSummary) => string): string => (ran(m) ? value(m) : "–");
  const rows: [string, (m: ModeSummary) => string][] = [
    ["passed", (m) => cell(m, (m) => `${m.passed}/${m.questions}`)],
    ["accuracy", (m) => cell(m, (m) => percent(m.accuracy))],
    ["errors", (m) => cell(m, (m) => String(m.errors))],
    ["cost", (m) => cell(m, (m) => formatUsd(m.costUsd))],
    ["teacher alone*", (m) => cell(m, (m) => formatUsd(m.teacherOnlyUsd))],
    ["cost / teacher alone", (m) => cell(m, (m) => (m.ratio === null ? (m.costUsd === null || m.teacherOnlyUsd === null ? "unknown" : "–") : m.ratio.toFixed(3)))],
    ["asked the teacher", (m) => cell(m, (m) => percent(m.askedTeacherShare))],
  ];
  const lines = table(["", ...modes.map((m) => m.mode)], rows.map(([label, value]) => [label, ...modes.map(value)]));
  lines.push(TEACHER_ALONE[report.teacherOnly]);
  for (const m of modes) if (m.skipped !== undefined) lines.push(`${m.mode}: skipped (${m.skipped})`);

  const ids = [...new Set(report.questions.map((q) => q.id))];
  if (ids.length > 0) {
    const byKey = new Map(report.questions.map((q) => [`${q.mode}\u0000${q.id}`, q]));
    lines.push("");
    lines.push(
      ...table(
        ["question", ...modes.map((m) => m.mode)],
        ids.map((id) => [id, ...modes.map((m) => verdict(byKey.get(`${m.mode}\u0000${id}`)))]),
      ),
    );
  }
  if (report.stopped) lines.push("", "Stopped before the end: the figures cover the questions answered.");
  return lines;
}

/** What the starred row means, the same in every column. */
const TEACHER_ALONE: Record<EvalReport["teacherOnly"], string> = {
  cloud: "* teacher alone: what cloud mode (the teacher answering by itself) cost for the same questions.",
  estimate: "* teacher alone: estimated, each answer priced as if the teacher had written all of it (run cloud mode on every question to measure it).",
};

function verdict(result: QuestionResult | undefined): string {
  if (!result) return "–";
  if (result.error !== undefined) return "error";
  return result.passed ? "pass" : "fail";
}

function percent(share: number | null): string {
  return share === null ? "–" : `${(share * 100).toFixed(0)}%`;
}

/** Left column left-aligned, the others right-aligned, two spaces apart. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd());
}
