import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StudentError } from "../../../src/common/models/errors";
import { downloadModel, isModelUri } from "../../../src/node/student/modelDownloader";
import { startTestFileServer } from "../../support/testFileServer";

// Any bytes do for a download; they need not be a model.
const body = Buffer.alloc(3 * 1024 * 1024, 7);
const sha = (b: Buffer): string => createHash("sha256").update(b).digest("hex");

test("model sources: hf: URIs and web URLs are downloaded, paths are opened", () => {
  assert.ok(isModelUri("hf:ggml-org/models/tinyllamas/stories260K.gguf"));
  assert.ok(isModelUri("https://example.com/m.gguf"));
  assert.equal(isModelUri("/home/me/m.gguf"), false);
  assert.equal(isModelUri("C:\\models\\m.gguf"), false);
});

test("downloads with progress, then finds the file again without downloading", async (t) => {
  const server = await startTestFileServer("model.gguf", body);
  const dir = await mkdtemp(join(tmpdir(), "headstart-dl-"));
  t.after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const progress: number[] = [];
  const path = await downloadModel(server.url, dir, { onProgress: (done, total) => progress.push(total ? done / total : 0) });
  assert.equal(sha(await readFile(path)), sha(body));
  assert.ok(progress.length > 0 && progress.at(-1) === 1, `progress reported: ${progress.join(",")}`);
  const gets = server.requests.filter((r) => r.startsWith("GET")).length;
  assert.equal(await downloadModel(server.url, dir), path);
  assert.equal(server.requests.filter((r) => r.startsWith("GET")).length, gets, "no second download");
});

test("a cancelled download leaves nothing behind", async (t) => {
  const server = await startTestFileServer("slow.gguf", body);
  server.behaviour = { chunkBytes: 64 * 1024, pauseMs: 50 };
  const dir = await mkdtemp(join(tmpdir(), "headstart-dl-"));
  t.after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const ac = new AbortController();
  const attempt = downloadModel(server.url, dir, { signal: ac.signal, onProgress: (done) => done > 0 && ac.abort() });
  await assert.rejects(attempt, (e: unknown) => e instanceof StudentError && e.reason === "download-failed" && /cancelled/.test(e.message));
  assert.deepEqual(await readdir(dir), []);
  // A later, uncancelled try starts afresh and finishes.
  server.behaviour = {};
  assert.equal(sha(await readFile(await downloadModel(server.url, dir))), sha(body));
});

test("a download cut off by the server stalls, then fails clearly and leaves nothing behind", async (t) => {
  const server = await startTestFileServer("cut.gguf", body);
  server.behaviour = { chunkBytes: 256 * 1024, cutAfterBytes: 512 * 1024 };
  const dir = await mkdtemp(join(tmpdir(), "headstart-dl-"));
  t.after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  await assert.rejects(
    downloadModel(server.url, dir, { stallTimeoutMs: 1500 }),
    (e: unknown) => e instanceof StudentError && e.reason === "download-failed" && /no data arrived/.test(e.message),
  );
  const left = await readdir(dir);
  assert.deepEqual(left, [], `left behind: ${left.join(", ")}`);
});

test("a missing file is a clear download error", async (t) => {
  const server = await startTestFileServer("here.gguf", body);
  const dir = await mkdtemp(join(tmpdir(), "headstart-dl-"));
  t.after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  await assert.rejects(downloadModel(server.url.replace("here", "gone"), dir), (e: unknown) => e instanceof StudentError && /Could not download/.test(e.message));
  assert.deepEqual(await readdir(dir), []);
});
