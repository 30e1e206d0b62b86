import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ledger } from "../../src/common/ledger";
import { JsonStateFile } from "../../src/node/jsonStateFile";

test("spend totals survive a restart through the ledger file, and a damaged file starts afresh", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "headstart-ledger-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = new JsonStateFile(join(dir, "sub", "ledger.json"));
  assert.equal(file.load(), undefined);
  const ledger = new Ledger();
  const when = new Date();
  ledger.add("c", {
    mode: "guided",
    cost: { actualUsd: 0.25, counterfactualUsd: 1, savingUsd: 0.75, source: "provider", estimated: false },
    stopped: false,
    timings: { firstTextMs: 1, handoffGapMs: 1, totalMs: 2 },
  }, when);
  // Saves queue up; the last one asked for is what the file holds.
  const stale = file.save({ stale: true });
  await file.save(ledger.toJSON());
  await stale;
  assert.equal(new Ledger(file.load()).month(when).teacherUsd, 0.25);
  assert.deepEqual(await readdir(join(dir, "sub")), ["ledger.json"], "no temporary file left behind");
  await writeFile(join(dir, "sub", "ledger.json"), "{ half-writ");
  assert.equal(new Ledger(file.load()).month(when).turns, 0);
});
