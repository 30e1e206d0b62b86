// The terminal's spend: `npm run ask` records each charge in the spend journal, and `npm run spend`
// shows the totals and the CSV from it. Against the test teacher server (TEST DOUBLE) and stories260K.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monthKey } from "../../../src/common/util/calendarKeys";
import { parseSpendRecord, type ChargeRecord } from "../../../src/common/spend/spendRecord";
import { findStoriesModel, noModelMessage } from "../../support/testModels";
import { startTestTeacherServer } from "../../support/testTeacherServer";
import { runTerminalTool, type ToolRun } from "../../support/runTerminalTool";


function run(script: string, args: string[], dataDir: string): Promise<ToolRun> {
  return runTerminalTool(`src/cli/${script}`, args, { dataDir });
}

test("what the terminal pays is in the spend journal, and npm run spend adds it up to the cent; --csv is the journal", { timeout: 180_000 }, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  const dataDir = mkdtempSync(join(tmpdir(), "headstart-spend-test-"));
  const server = await startTestTeacherServer({ reportCostUsd: 0.0123 });
  try {
    for (const q of ["Tell me a story.", "Tell me another one."]) {
      const r = await run("app/ask.ts", ["--model", model, "--teacher-url", server.url, "--max-answer-tokens", "16", q], dataDir);
      assert.equal(r.code, 0, r.stderr);
    }
    const lines = readFileSync(join(dataDir, "spend-journal.jsonl"), "utf8").trimEnd().split("\n");
    const records = lines.map((l) => parseSpendRecord(l));
    const charges = records.filter((r): r is ChargeRecord => r?.kind === "charge");
    assert.equal(charges.length, 2);
    assert.ok(charges.every((c) => c.face === "cli" && c.usd === 0.0123 && c.origin.startsWith("http://127.0.0.1")));
    assert.equal(records.filter((r) => r?.kind === "turn").length, 2);
    const report = await run("spend/spend.ts", [], dataDir);
    assert.equal(report.code, 0, report.stderr);
    assert.match(report.stdout, new RegExp(`^Spending in ${monthKey(new Date())}: teacher \\$0\\.0246, saved `, "m"));
    assert.match(report.stdout, /^ {2}cli\s+\$0\.0246 /m, "by where asked");
    const csv = await run("spend/spend.ts", ["--csv"], dataDir);
    const rows = csv.stdout.trimEnd().split("\n");
    assert.equal(rows.length, 1 + lines.filter((l) => /"kind":"(charge|turn)"/.test(l)).length, "one row a charge or turn of the journal");
    assert.equal(rows.filter((r) => r.startsWith("charge,")).length, 2);
    const bad = await run("spend/spend.ts", ["--month", "2026-13"], dataDir);
    assert.equal(bad.code, 2);
  } finally {
    await server.close();
  }
});

test("the terminal holds to the limits VS Code wrote beside the journal, and to --max-usd", { timeout: 180_000 }, async (t) => {
  const model = await findStoriesModel();
  if (!model) return t.skip(noModelMessage());
  const dataDir = mkdtempSync(join(tmpdir(), "headstart-spend-test-"));
  const server = await startTestTeacherServer();
  try {
    writeFileSync(join(dataDir, "limits.json"), JSON.stringify({ dailyUsd: 0.000001, monthlyUsd: 0 }));
    const limited = await run("app/ask.ts", ["--model", model, "--teacher-url", server.url, "--max-answer-tokens", "16", "Tell me a story."], dataDir);
    // Answered, but not in the mode asked for: the local model alone (exit 3), the notice on stderr.
    assert.equal(limited.code, 3, limited.stderr);
    assert.match(limited.stderr, /Today's spending limit of \$0\.000001 could be crossed by this request .* Raise “VS Code's headstart\.limits\.dailyUsd setting” to go on/);
    assert.match(limited.stdout, /teacher gpt-4o-mini: not asked, \$0/);
    writeFileSync(join(dataDir, "limits.json"), JSON.stringify({ dailyUsd: 0, monthlyUsd: 0 }));
    const capped = await run("app/ask.ts", ["--model", model, "--teacher-url", server.url, "--max-usd", "0.000001", "--max-answer-tokens", "16", "Tell me a story."], dataDir);
    assert.equal(capped.code, 3, capped.stderr);
    assert.match(capped.stderr, /This run's spending limit of \$0\.000001 could be crossed .* Raise “--max-usd” to go on/);
    assert.equal(server.requests.length, 0, "the teacher was never asked");
  } finally {
    await server.close();
  }
});

test("a connection check's tiny request is paid for, so it is in the journal too", { timeout: 120_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "headstart-spend-test-"));
  const server = await startTestTeacherServer({ reportCostUsd: 0.00002, alwaysUsage: true });
  try {
    const r = await run("app/ask.ts", ["--check", "--teacher-url", server.url], dataDir);
    assert.equal(r.code, 0, r.stderr);
    const charges = readFileSync(join(dataDir, "spend-journal.jsonl"), "utf8").trimEnd().split("\n").map((l) => parseSpendRecord(l));
    assert.equal(charges.length, 1);
    const c = charges[0];
    assert.ok(c?.kind === "charge" && c.mode === "check" && c.usd === 0.00002 && c.face === "cli", JSON.stringify(c));
  } finally {
    await server.close();
  }
});

test("a month with nothing spent says so in words, not five tables of headings", { timeout: 60_000 }, async () => {
  const r = await run("spend/spend.ts", ["--month", "2026-01"], mkdtempSync(join(tmpdir(), "headstart-spend-empty-")));
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trimEnd().split("\n"), [
    "Spending in 2026-01: teacher $0, saved $0 against the teacher alone, 0 answers",
    "",
    "  Nothing was recorded in 2026-01: no answer or request asked a teacher.",
  ]);
});
