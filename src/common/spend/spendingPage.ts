import { studentServerSpend } from "./spendReport";
import { formatSpend, formatUsd } from "../cost/money";
import { DIMENSION_TITLES, type SpendReport } from "./spendReport";
import type { SpendDimension, SpendFigures } from "./spendTotals";
import { plural } from "../util/plural";

/** Messages the spending view's page sends to the host. */
export type SpendingPageMessage = { type: "export" } | { type: "month"; month: string };

const escape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Whether a message from the page is one the host acts on. */
export function isSpendingPageMessage(m: unknown): m is SpendingPageMessage {
  if (typeof m !== "object" || m === null) return false;
  const v = m as Record<string, unknown>;
  return v.type === "export" || (v.type === "month" && typeof v.month === "string" && /^\d{4}-\d{2}$/.test(v.month));
}

/** The month before or after `month` (`YYYY-MM`). */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split("-").map(Number);
  const d = new Date(y, m - 1 + by, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

/**
 * The spending view's page: the month by day as a bar chart (the teacher's spend, and the saving
 * beside it), tables by provider, model, mode and where asked, the unpriced charges, and Export
 * CSV. Everything in it is data, escaped; only its own nonce'd script and style run.
 */
export function spendingPageHtml(r: SpendReport, nonce: string, today: string): string {
  const csp = ["default-src 'none'", `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, "base-uri 'none'", "form-action 'none'"].join("; ");
  const [year, month] = r.month.split("-").map(Number);
  const daysInMonth = new Date(year, month, 0).getDate();
  const byDay = new Map(r.days);
  const max = Math.max(1e-9, ...r.days.map(([, f]) => Math.max(f.teacherUsd, f.savingUsd)));
  // A month of $0 bars is an empty frame: said in words instead.
  const charted = r.days.some(([, f]) => f.teacherUsd > 0 || f.savingUsd > 0);
  const width = 24;
  const height = 160;
  const bars = Array.from({ length: daysInMonth }, (_, i) => {
    const day = `${r.month}-${String(i + 1).padStart(2, "0")}`;
    const f = byDay.get(day);
    const x = i * width;
    const spend = f ? (f.teacherUsd / max) * height : 0;
    const saving = f ? (Math.max(0, f.savingUsd) / max) * height : 0;
    const title = f ? `${day}: teacher ${formatSpend(f.teacherUsd, f.unpricedCharges)}, saved ${formatUsd(f.savingUsd)}, ${plural(f.turns, "answer")}` : `${day}: nothing`;
    return `<g><title>${escape(title)}</title><rect class="spend" x="${x + 3}" y="${height - spend}" width="8" height="${spend}"></rect><rect class="saving" x="${x + 12}" y="${height - saving}" width="8" height="${saving}"></rect>${
      labelled(i + 1, daysInMonth) ? `<text x="${x + 3}" y="${height + 14}">${i + 1}</text>` : ""
    }</g>`;
  }).join("");
  const table = (d: SpendDimension): string => {
    const rows = r.tables[d];
    if (rows.length === 0) return "";
    return `<h2>By ${DIMENSION_TITLES[d]}</h2><table data-table="${d}"><thead><tr><th scope="col">${escape(DIMENSION_TITLES[d])}</th><th scope="col">teacher</th><th scope="col">saved</th><th scope="col">answers</th><th scope="col">tokens in / out</th></tr></thead><tbody>${rows
      .map(([k, f]) => `<tr>${cells(k, f)}</tr>`)
      .join("")}</tbody></table>`;
  };
  const unpriced = r.unpriced.length
    ? `<h2>Unpriced charges: ${r.unpriced.length}</h2><p>No price is known for these models, so they are counted beside the dollars, never as $0. Add a price to “headstart.prices”.</p><ul>${r.unpriced
        .map((c) => `<li>${escape(c.at)}: ${escape(c.model)} at ${escape(c.origin)}, ${c.inputTokens} in / ${c.outputTokens} out</li>`)
        .join("")}</ul>`
    : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${escape(csp)}">
<title>Headstart spending</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 24px; }
nav { display: flex; gap: 8px; align-items: center; margin: 12px 0; }
button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 4px 10px; cursor: pointer; }
button.primary { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
.summary { font-size: 1.2em; }
svg { display: block; width: 100%; max-width: ${daysInMonth * width * 1.5}px; height: auto; }
svg text { fill: var(--vscode-descriptionForeground); font-size: 10px; }
rect.spend { fill: var(--vscode-charts-blue); }
rect.saving { fill: var(--vscode-charts-green); }
.legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; }
.legend .spend { background: var(--vscode-charts-blue); } .legend .saving { background: var(--vscode-charts-green); }
table { border-collapse: collapse; margin-bottom: 8px; }
th, td { text-align: right; padding: 2px 12px 2px 0; border-bottom: 1px solid var(--vscode-widget-border, transparent); }
th:first-child, td:first-child { text-align: left; }
</style></head>
<body>
<nav aria-label="Month">
<button data-month="${shiftMonth(r.month, -1)}" aria-label="Previous month">‹</button>
<h1 id="month">${escape(r.month)}</h1>
${r.month < today.slice(0, 7) ? `<button data-month="${shiftMonth(r.month, 1)}" aria-label="Next month">›</button>` : ""}
<button class="primary" id="export">Export CSV</button>
</nav>
<p class="summary" id="summary">Teacher ${escape(formatSpend(r.total.teacherUsd, r.total.unpricedCharges))}${escape(studentServerSpend(r.total, " · "))} · saved ${escape(formatUsd(r.total.savingUsd))} against the teacher alone · ${escape(plural(r.total.turns, "answer"))}</p>
${
  charted
    ? `<p class="legend"><span class="spend"></span>teacher's cost<span class="saving"></span>saving</p>
<svg role="img" aria-label="Teacher's cost and saving by day" viewBox="0 0 ${daysInMonth * width + 8} ${height + 20}" preserveAspectRatio="xMinYMin meet">${bars}</svg>`
    : `<p id="no-chart">Nothing to chart in ${escape(r.month)}: no teacher's cost and no saving${r.total.turns > 0 ? ` (${escape(plural(r.total.turns, "answer"))} at $0)` : ""}.</p>`
}
${(Object.keys(DIMENSION_TITLES) as SpendDimension[]).map(table).join("\n")}
${unpriced}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.getElementById("export").addEventListener("click", () => vscode.postMessage({ type: "export" }));
for (const b of document.querySelectorAll("button[data-month]")) b.addEventListener("click", () => vscode.postMessage({ type: "month", month: b.dataset.month }));
</script>
</body></html>`;
}

/** The days the axis names: the first, every fifth, and the month's last, so the axis visibly ends where the month does. */
function labelled(day: number, last: number): boolean {
  return day === 1 || day === last || (day % 5 === 0 && last - day >= 3);
}

function cells(name: string, f: SpendFigures): string {
  return `<td>${escape(name)}</td><td>${escape(formatSpend(f.teacherUsd, f.unpricedCharges))}</td><td>${escape(formatUsd(f.savingUsd))}</td><td>${f.turns}</td><td>${f.inputTokens} / ${f.outputTokens}</td>`;
}
