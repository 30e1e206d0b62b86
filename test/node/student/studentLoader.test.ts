// The local model's life outside VS Code: which model loads when the setting changes while the
// loader waits (for a download, or for the previous model to close). The models are real; the
// download is the test's to finish, since nothing can be fetched from here.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSettings } from "../../../src/common/settings/readSettings";
import type { HeadstartSettings } from "../../../src/common/settings/settings";
import { StudentError } from "../../../src/common/models/errors";
import { LlamaStudent } from "../../../src/node/student/llamaStudent";
import { ServerStudent } from "../../../src/node/studentServer/serverStudent";
import { StudentLoader, type StudentStatus } from "../../../src/node/student/studentLoader";
import { findLargeVocabModel, findStoriesModel, noModelMessage } from "../../support/testModels";

async function models(t: TestContext): Promise<{ stories: string; random: string } | undefined> {
  const [stories, random] = [await findStoriesModel(), await findLargeVocabModel()];
  if (stories && random) return { stories, random };
  t.skip(noModelMessage());
  return undefined;
}

function loader(settings: () => HeadstartSettings, modelsDir: string, download: (uri: string, signal?: AbortSignal) => Promise<string>) {
  const statuses: StudentStatus[] = [];
  const loader = new StudentLoader({
    settings,
    modelsDir,
    download: (uri, _progress, signal) => download(uri, signal),
    onStatus: (s) => statuses.push(s),
    info: () => undefined,
    error: (line) => assert.fail(line),
  });
  return { loader, statuses };
}

test("a model chosen while another is still downloading is the one that loads", async (t) => {
  const found = await models(t);
  if (!found) return;
  const dir = await mkdtemp(join(tmpdir(), "hs-loader-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  let settings: HeadstartSettings = { ...readSettings(() => undefined).settings, "student.model": "hf:example/first.gguf" };
  let finish: (path: string) => void = () => undefined;
  let asked: () => void = () => undefined;
  const downloading = new Promise<void>((resolve) => (asked = resolve));
  const { loader: students } = loader(
    () => settings,
    dir,
    () =>
      new Promise((resolve) => {
        finish = resolve;
        asked();
      }),
  );
  const pending = students.get();
  await downloading;
  // The user picks a file on disk before the download ends.
  settings = { ...settings, "student.model": found.stories };
  students.refresh();
  finish(found.random);
  const student = await pending;
  assert.ok(student instanceof LlamaStudent);
  assert.equal(student.modelPath, found.stories);
  assert.equal(students.current.model, "stories260K.gguf");
  await students.dispose();
});

test("a Stop reaches the download the answer is waiting for", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "hs-loader-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const settings: HeadstartSettings = { ...readSettings(() => undefined).settings, "student.model": "hf:example/first.gguf" };
  const stop = new AbortController();
  const { loader: students, statuses } = loader(
    () => settings,
    dir,
    (_uri, signal) =>
      new Promise((_, reject) => {
        signal?.addEventListener("abort", () => reject(new Error("The download was cancelled.")), { once: true });
        stop.abort();
      }),
  );
  await assert.rejects(students.get(stop.signal), /cancelled/);
  assert.ok(statuses.some((s) => s.state === "downloading"), "the download showed");
  assert.equal(students.current.state, "error");
  await students.dispose();
});

test("a student server in the settings stands in for the local model: its status names it, and a missing model name is an error to fix", async () => {
  const base = readSettings(() => undefined).settings;
  let settings: HeadstartSettings = { ...base, "student.server": "http://gpu-box:8000/v1", "student.serverModel": "" };
  const { loader: students, statuses } = loader(() => settings, tmpdir(), () => Promise.reject(new Error("no download")));
  await assert.rejects(students.get(), (e: unknown) => e instanceof StudentError && e.reason === "server-refused" && /headstart\.student\.serverModel/.test(e.message));
  settings = { ...settings, "student.serverModel": "qwen2.5-coder-7b" };
  students.refresh();
  assert.deepEqual(statuses.at(-1), { model: "qwen2.5-coder-7b on gpu-box:8000", state: "ready" });
  assert.ok((await students.get()) instanceof ServerStudent);
  settings = { ...settings, "student.server": "" };
  students.refresh();
  assert.equal(statuses.at(-1)?.state, "none", "cleared: back to the local model, which is not chosen here");
  await students.dispose();
});
