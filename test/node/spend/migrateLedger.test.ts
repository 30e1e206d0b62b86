import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateLedger } from "../../../src/node/spend/migrateLedger";
import { SpendJournal } from "../../../src/node/spend/spendJournal";

const totals = (teacherUsd: number, savingUsd: number, turns: number) => ({ turns, teacherUsd, counterfactualUsd: teacherUsd + savingUsd, savingUsd, unknownCostTurns: 1, teacherInputTokens: 0, teacherOutputTokens: 0, studentOutputTokens: 0 });

test("the totals file of earlier versions is carried into the journal once, a record a day, and kept", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "headstart-migrate-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const old = join(dir, "ledger.json");
  await writeFile(old, JSON.stringify({ version: 1, conversations: {}, days: { "2026-11-28": totals(0.5, 1.5, 3), "2026-11-29": totals(0.25, 0.75, 2) }, months: { "2026-11": totals(0.75, 2.25, 5) } }));
  const journal = new SpendJournal(join(dir, "data", "spend-journal.jsonl"));
  assert.equal(await migrateLedger(old, journal), 2);
  const month = journal.totals.month(new Date(2026, 10, 15));
  assert.equal(month.teacherUsd, 0.75);
  assert.equal(month.savingUsd, 2.25);
  assert.equal(month.turns, 5);
  assert.equal(month.unpricedCharges, 2);
  assert.equal(journal.totals.day(new Date(2026, 10, 29)).teacherUsd, 0.25);
  assert.deepEqual((await readdir(dir)).sort(), ["data", "ledger.json.migrated"], "kept beside, not deleted");
  assert.equal(await migrateLedger(old, journal), 0, "once");
  assert.equal(journal.totals.month(new Date(2026, 10, 15)).teacherUsd, 0.75, "not twice");
});

test("an unreadable totals file is kept as it is and reported, not carried as zero", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "headstart-migrate-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const old = join(dir, "ledger.json");
  await writeFile(old, "{ half-writ");
  const journal = new SpendJournal(join(dir, "spend-journal.jsonl"));
  await assert.rejects(migrateLedger(old, journal), /could not be read; they are kept as .*ledger\.json\.unreadable/);
  assert.deepEqual(await readdir(dir), ["ledger.json.unreadable"]);
});
