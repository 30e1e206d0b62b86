import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonStateFile } from "../../../src/node/util/jsonStateFile";

test("state survives a restart through its file, and a damaged file reads as nothing", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "headstart-state-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = new JsonStateFile(join(dir, "sub", "provider-quirks.json"));
  assert.equal(file.load(), undefined);
  const learned = { "https://api.example.com/v1 gpt-4o-mini": { refuses: ["stream_options"] } };
  // Saves queue up; the last one asked for is what the file holds.
  const stale = file.save({ stale: true });
  await file.save(learned);
  await stale;
  assert.deepEqual(file.load(), learned);
  assert.deepEqual(await readdir(join(dir, "sub")), ["provider-quirks.json"], "no temporary file left behind");
  await writeFile(join(dir, "sub", "provider-quirks.json"), "{ half-writ");
  assert.equal(file.load(), undefined);
});
