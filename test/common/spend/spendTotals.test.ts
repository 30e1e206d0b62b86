import { test } from "node:test";
import assert from "node:assert/strict";
import { chargeEntry, turnEntry, type SpendTurn } from "../../../src/common/spend/spendEntries";
import { anyLimitSet, dueAlerts, limitRefusal } from "../../../src/common/spend/spendLimits";
import { parseSpendRecord } from "../../../src/common/spend/spendRecord";
import { formatUsd } from "../../../src/common/cost/money";
import { spendCsv, spendReport, spendReportLines } from "../../../src/common/spend/spendReport";
import { spendingPageHtml } from "../../../src/common/spend/spendingPage";
import { SpendTotals } from "../../../src/common/spend/spendTotals";
import type { TurnRecord } from "../../../src/common/turn/turnRecord";
import { planTurn } from "../../../src/common/turn/phases/turnPlanner";

const turn = (id: string, over: Partial<SpendTurn> = {}): SpendTurn => ({ turn: id, face: "panel", conversationId: "a", origin: "https://api.openai.com", mode: "guided", model: "gpt-4o-mini", ...over });
const record = (actualUsd: number | null, counterfactualUsd: number | null, over: Partial<TurnRecord> = {}): TurnRecord => ({
  mode: "guided",
  plan: planTurn(over.mode ?? "guided", over.auto),
  teacherModel: "gpt-4o-mini",
  teacherUsage: { inputTokens: 100, cachedInputTokens: 0, outputTokens: 30 },
  studentStats: { inputTokens: 10, outputTokens: 200, tokensPerSecond: 50 },
  cost: { actualUsd, counterfactualUsd, savingUsd: actualUsd !== null && counterfactualUsd !== null ? counterfactualUsd - actualUsd : null, source: actualUsd === null ? "none" : "table", estimated: false },
  stopped: false,
  timings: { firstTextMs: 10, handoffGapMs: 5, totalMs: 100 },
  ...over,
});
const charged = (t: SpendTurn, usd: number | null, at: Date) => chargeEntry(t, { type: "teacher-charged", usd, usage: { inputTokens: 100, cachedInputTokens: 20, outputTokens: 30 }, priceSource: "table" }, at);
const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

test("totals per day, month, conversation and dimension; unpriced charges counted apart, never as $0", () => {
  const t = new SpendTotals();
  const nov22 = new Date(2026, 10, 22, 10);
  const nov23 = new Date(2026, 10, 23, 10);
  t.add(charged(turn("1"), 0.01, nov22));
  t.add(turnEntry(turn("1"), record(0.01, 0.05), nov22));
  t.add(charged(turn("2", { model: "mystery" }), null, nov22));
  t.add(turnEntry(turn("2", { model: "mystery" }), record(null, null), nov22));
  t.add(charged(turn("3", { conversationId: "b", face: "cli", origin: "https://openrouter.ai" }), 0.02, nov23));
  t.add(turnEntry(turn("3", { conversationId: "b", face: "cli" }), record(0.02, 0.1), nov23));
  assert.equal(t.conversation("a").turns, 2);
  assert.equal(t.conversation("a").unpricedCharges, 1);
  near(t.conversation("a").teacherUsd, 0.01);
  near(t.day(nov23).savingUsd, 0.08);
  near(t.month(nov22).teacherUsd, 0.03);
  assert.equal(t.month(nov22).inputTokens, 300);
  assert.equal(t.day(new Date(2026, 10, 24)).turns, 0);
  assert.deepEqual(t.by("face", "2026-11").map(([k]) => k), ["cli", "panel"]);
  assert.deepEqual(t.by("origin", "2026-11").map(([k]) => k), ["https://openrouter.ai", "https://api.openai.com"]);
  assert.equal(t.unpricedIn("2026-11").length, 1);
  const r = spendReport(t, "2026-11");
  near(r.total.teacherUsd, 0.03);
  assert.equal(r.days.length, 2);
});

test("a failed turn, and one the teacher skipped, claim no saving; local mode keeps its own", () => {
  const t = new SpendTotals();
  const when = new Date(2026, 10, 22);
  const skipped = record(0, 0.05, { teacherUsage: undefined, notice: "rate-limited", cost: { actualUsd: 0, counterfactualUsd: 0.05, savingUsd: 0.05, source: "none", estimated: true } });
  t.add(turnEntry(turn("1"), skipped, when));
  assert.equal(t.day(when).savingUsd, 0);
  assert.equal(t.day(when).counterfactualUsd, 0);
  assert.equal(t.day(when).turns, 1);
  t.add(turnEntry(turn("2", { mode: "local" }), { ...skipped, mode: "local", plan: { teacher: "none", student: true }, notice: undefined }, when));
  near(t.day(when).savingUsd, 0.05);
  t.add(turnEntry(turn("3"), record(0.01, 0.05, { failed: "too-long" }), when));
  near(t.day(when).savingUsd, 0.05);
});

test("the journal's lines are checked: damaged ones are refused, never read as zero", () => {
  const good = JSON.stringify(charged(turn("1"), 0.01, new Date()));
  assert.ok(parseSpendRecord(good));
  for (const bad of [good.slice(0, 40), "{}", '{"kind":"charge","at":"x"}', JSON.stringify({ ...JSON.parse(good), usd: "0.01" }), JSON.stringify({ ...JSON.parse(good), inputTokens: -1 })]) {
    assert.equal(parseSpendRecord(bad), undefined, bad);
  }
});

test("limits: the worst case of a request must fit what is left of the day and the month, holds included", () => {
  const t = new SpendTotals();
  const now = new Date(2026, 11, 2, 12);
  t.add(charged(turn("1"), 0.9, now));
  const limits = { dailyUsd: 1, monthlyUsd: 0 };
  assert.equal(limitRefusal(t, limits, 0.05, "gpt-4o-mini", now), undefined, "0.95 of 1.00");
  assert.match(limitRefusal(t, limits, 0.11, "gpt-4o-mini", now) ?? "", /^Today's spending limit of \$1\.00 could be crossed by this request \(\$0\.9000 spent or held, this request at most \$0\.1100\), so it was not sent\. Raise “headstart\.limits\.dailyUsd” to go on\.$/);
  t.add({ kind: "hold", id: "h1", at: now.toISOString(), face: "chat", origin: "o", model: "gpt-4o-mini", worstUsd: 0.06 });
  assert.ok(limitRefusal(t, limits, 0.05, "gpt-4o-mini", now), "another window's hold counts");
  t.add({ kind: "release", hold: "h1", at: now.toISOString() });
  assert.equal(limitRefusal(t, limits, 0.05, "gpt-4o-mini", now), undefined, "a released hold does not");
  assert.match(limitRefusal(t, { dailyUsd: 0, monthlyUsd: 5 }, null, "mystery", now) ?? "", /No price is known for mystery, so a spending limit cannot be kept: add its price to “headstart\.prices”/);
  assert.equal(limitRefusal(t, { dailyUsd: 0, monthlyUsd: 0 }, null, "mystery", now), undefined, "no limit, nothing to keep");
  assert.match(limitRefusal(t, { dailyUsd: 0, monthlyUsd: 0, runUsd: 0.01 }, 0.02, "gpt-4o-mini", now, 0) ?? "", /This run's spending limit of \$0\.0100 .* Raise “--max-usd”/);
});

test("alerts at 75, 90 and 100% of a limit, each once a period", () => {
  const t = new SpendTotals();
  const now = new Date(2026, 11, 2, 12);
  const limits = { dailyUsd: 1, monthlyUsd: 10 };
  assert.deepEqual(dueAlerts(t, limits, now), []);
  t.add(charged(turn("1"), 0.8, now));
  assert.deepEqual(dueAlerts(t, limits, now).map((a) => `${a.period}:${a.percent}`), ["day:75"]);
  t.add({ kind: "alert", at: now.toISOString(), period: "day", key: "2026-12-02", percent: 75 });
  assert.deepEqual(dueAlerts(t, limits, now), [], "shown once");
  t.add(charged(turn("2"), 0.25, now));
  const due = dueAlerts(t, limits, now);
  assert.deepEqual(due.map((a) => `${a.period}:${a.percent}`), ["day:90", "day:100"]);
  assert.match(due[0].message, /reached today's spending limit of \$1\.00/);
});

test("the CSV has one row a charge or turn, and unknown is an empty cell, not 0", () => {
  const t = new SpendTotals();
  const when = new Date(2026, 10, 22);
  t.add(charged(turn("1"), null, when));
  t.add(turnEntry(turn("1"), record(null, null), when));
  const [head, charge, ended] = spendCsv(t.entries).trimEnd().split("\n");
  assert.match(head, /^kind,at,turn,face,conversationId,origin,model,mode,inputTokens,cachedInputTokens,outputTokens,usd,/);
  assert.match(charge, /^charge,.*,100,20,30,,table,/);
  assert.match(ended, /^turn,/);
});

test("the CSV quotes a cell a spreadsheet would run as a formula, and writes money as decimals", () => {
  const t = new SpendTotals();
  const when = new Date(2026, 10, 22);
  // A server named the model; the charge's float is what adding token prices gives.
  t.add(charged(turn("1", { model: "=HYPERLINK(\"http://x\",\"see\")" }), 0.0000087 * 3, when));
  t.add(charged(turn("2", { model: "@SUM(1+1)" }), 0.1 + 0.2, when));
  t.add(charged(turn("3", { model: "-2+3" }), 0, when));
  const csv = spendCsv(t.entries);
  const [, first, second, third] = csv.trimEnd().split("\n");
  assert.equal(0.0000087 * 3, 0.000026099999999999997, "the float a sum of prices gives");
  assert.match(first, /,"'=HYPERLINK\(""http:\/\/x"",""see""\)",/);
  assert.match(first, /,0\.0000261,/);
  assert.match(second, /,"'@SUM\(1\+1\)",/);
  assert.match(second, /,0\.3,/);
  assert.match(third, /,"'-2\+3",/);
  assert.doesNotMatch(csv, /e-\d|0000000000\d/, "no exponent, no float tail");
});

test("totals say 1 answer, not 1 answers", () => {
  const t = new SpendTotals();
  const when = new Date(2026, 10, 22, 9);
  t.add(charged(turn("1"), 0.0123, when));
  t.add(turnEntry(turn("1"), record(0.0123, 0.05), when));
  const report = spendReport(t, "2026-11");
  assert.match(spendReportLines(report)[0], /, 1 answer$/);
  assert.match(spendingPageHtml(report, "nonce", "2026-12-02"), /· 1 answer<\/p>/);
});

test("npm run spend and the spending view show the same figures, from the same report", () => {
  const t = new SpendTotals();
  const when = new Date(2026, 10, 22, 9);
  t.add(charged(turn("1"), 0.0123, when));
  t.add(turnEntry(turn("1"), record(0.0123, 0.05), when));
  t.add(charged(turn("2", { face: "cli", model: "mystery" }), null, when));
  const report = spendReport(t, "2026-11");
  const terminal = spendReportLines(report).join("\n");
  const page = spendingPageHtml(report, "nonce", "2026-12-02");
  assert.match(terminal, /^Spending in 2026-11: teacher \$0\.0123 \+ 1 unpriced, saved \$0\.0377 against the teacher alone, 1 answer$/m);
  assert.match(page, /<p class="summary" id="summary">Teacher \$0\.0123 \+ 1 unpriced · saved \$0\.0377 against the teacher alone · 1 answer<\/p>/);
  for (const [face, f] of report.tables.face) {
    assert.match(terminal, new RegExp(`^ {2}${face}\\s`, "m"));
    assert.ok(page.includes(`<td>${face}</td><td>${f.unpricedCharges ? `${formatUsd(f.teacherUsd)} + ${f.unpricedCharges} unpriced` : formatUsd(f.teacherUsd)}</td>`), face);
  }
  assert.match(page, /Unpriced charges: 1/);
  assert.ok(!page.includes("<script>"), "only the nonce'd script runs");
  // What the journal says is data: a model's name cannot become markup.
  t.add(charged(turn("3", { model: '<img src=x onerror="alert(1)">' }), null, when));
  const hostile = spendingPageHtml(spendReport(t, "2026-11"), "nonce", "2026-12-02");
  assert.ok(!hostile.includes("<img"), "escaped");
  assert.ok(hostile.includes("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"));
});

test("a priced student server's charge is journaled and summed apart from the teacher's, even for a failed turn; unknown is counted, never $0", () => {
  const t = new SpendTotals();
  const when = new Date(2026, 10, 22, 9);
  const withServer = (studentUsd: number | null, over: Partial<TurnRecord> = {}): TurnRecord => {
    const r = record(0.01, 0.05, over);
    return { ...r, cost: { ...r.cost, studentUsd, savingUsd: studentUsd === null ? null : 0.05 - 0.01 - studentUsd } };
  };
  t.add(charged(turn("1"), 0.01, when));
  t.add(turnEntry(turn("1"), withServer(0.003), when));
  t.add(charged(turn("2"), 0.01, when));
  const failed = turnEntry(turn("2"), withServer(0.002, { failed: "server-unavailable" }), when);
  assert.equal(failed.savingUsd, null, "a failed turn claims no saving");
  assert.equal(failed.studentServerUsd, 0.002, "but what the server charged is kept");
  t.add(failed);
  t.add(charged(turn("3"), 0.01, when));
  t.add(turnEntry(turn("3"), withServer(null), when));
  t.add(turnEntry(turn("4", { model: undefined }), record(0, 0.01), when));
  const month = t.month(when);
  near(month.teacherUsd, 0.03);
  near(month.studentServerUsd, 0.005);
  assert.equal(month.unpricedStudentServer, 1);
  near(month.savingUsd, 0.05 - 0.01 - 0.003 + 0.01);
  const line = turnEntry(turn("1"), withServer(0.003), when);
  assert.deepEqual(parseSpendRecord(JSON.stringify(line)), line, "read back as written");
  assert.equal(parseSpendRecord(JSON.stringify({ ...line, studentServerUsd: "0.003" })), undefined, "a damaged charge is refused, never read as zero");
  const report = spendReport(t, "2026-11");
  assert.match(spendReportLines(report)[0], /teacher \$0\.0300, student server \$0\.005000 \+ 1 unpriced, saved/);
  assert.match(spendingPageHtml(report, "nonce", "2026-12-02"), /Teacher \$0\.0300 · student server \$0\.005000 \+ 1 unpriced · saved/);
  assert.match(spendCsv(t.entries).split("\n")[0], /,studentServerUsd$/);
  // Without a priced server nothing changes on the page or in the terminal.
  const plain = new SpendTotals();
  plain.add(turnEntry(turn("5"), record(0.01, 0.05), when));
  assert.doesNotMatch(spendReportLines(spendReport(plain, "2026-11"))[0], /student server/);
});

test("a month at $0 of the test teacher: no empty chart, and the provider named as the test teacher, not by its loopback URL", () => {
  const t = new SpendTotals();
  const when = new Date(2026, 10, 22, 9);
  const test = turn("1", { origin: "http://127.0.0.1:8787", model: "test-teacher" });
  t.add(chargeEntry(test, { type: "teacher-charged", usd: 0, usage: { inputTokens: 90, cachedInputTokens: 0, outputTokens: 32 }, priceSource: "test" }, when));
  t.add(turnEntry(test, record(0, 0, { teacherModel: "test-teacher" }), when));
  const report = spendReport(t, "2026-11");
  assert.deepEqual(report.tables.origin.map(([name]) => name), ["test teacher (canned answers), not billed (127.0.0.1:8787)"]);
  const page = spendingPageHtml(report, "nonce", "2026-12-02");
  assert.ok(!page.includes("<svg"), "no chart of $0 bars");
  assert.match(page, /<p id="no-chart">Nothing to chart in 2026-11: no teacher's cost and no saving \(1 answer at \$0\)\.<\/p>/);
  assert.match(spendReportLines(report).join("\n"), /^ {2}test teacher \(canned answers\), not billed \(127\.0\.0\.1:8787\)/m);
  // A real provider on this machine keeps its address; a month with spend is charted, scaled to the width it is given.
  t.add(charged(turn("2", { origin: "http://localhost:11434" }), 0.001, when));
  const paid = spendReport(t, "2026-11");
  assert.ok(paid.tables.origin.some(([name]) => name === "http://localhost:11434"));
  const chart = spendingPageHtml(paid, "nonce", "2026-12-02");
  assert.match(chart, /<svg role="img" aria-label="Teacher's cost and saving by day" viewBox="0 0 \d+ \d+"/);
  const days = [...chart.matchAll(/<text x="\d+" y="\d+">(\d+)<\/text>/g)].map((m) => Number(m[1]));
  assert.deepEqual(days, [1, 5, 10, 15, 20, 25, 30], "the axis names the month's last day");
  const december = [...spendingPageHtml(spendReport(t, "2026-12"), "nonce", "2026-12-31").matchAll(/<text x="\d+" y="\d+">(\d+)<\/text>/g)].map((m) => Number(m[1]));
  assert.deepEqual(december, [], "a month with nothing has no chart");
});

test("a limit is set when any of the day's, the month's or the run's is above 0", () => {
  assert.equal(anyLimitSet({ dailyUsd: 0, monthlyUsd: 0 }), false);
  assert.equal(anyLimitSet({ dailyUsd: 0, monthlyUsd: 0, runUsd: 0 }), false);
  assert.equal(anyLimitSet({ dailyUsd: 1, monthlyUsd: 0 }), true);
  assert.equal(anyLimitSet({ dailyUsd: 0, monthlyUsd: 5 }), true);
  assert.equal(anyLimitSet({ dailyUsd: 0, monthlyUsd: 0, runUsd: 0.5 }), true);
});
