import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

/** A test model and where to find it when no path is given. */
interface TestModel {
  /** Environment variable that names the file. */
  envVar: string;
  /** File name in `../shared/models/` next to the repository. */
  fileName: string;
  /** node-llama-cpp model URI to download when online. */
  uri: string;
}

const STORIES: TestModel = {
  envVar: "HEADSTART_TEST_MODEL",
  fileName: "stories260K.gguf",
  uri: "hf:ggml-org/models/tinyllamas/stories260K.gguf",
};

const LARGE_VOCAB: TestModel = {
  envVar: "HEADSTART_TEST_MODEL_32K",
  fileName: "llama-2-tiny-random.gguf",
  // No file name: node-llama-cpp picks the repository's GGUF file.
  uri: "hf:aladar/llama-2-tiny-random-GGUF",
};

const REPO_ROOT = resolve(__dirname, "..", "..");
const DOWNLOAD_TIMEOUT_MS = 20_000;
const CACHE_DIR = join(tmpdir(), "headstart-test-models");
const run = promisify(execFile);

/**
 * The trained TinyStories model (260K parameters, own 512-token vocabulary, no chat template):
 * `$HEADSTART_TEST_MODEL`, else `../shared/models/stories260K.gguf`, else a download into a
 * cache folder when online. `undefined` (with a warning) when none works: tests then skip.
 */
export function findStoriesModel(): Promise<string | undefined> {
  return findModel(STORIES);
}

/** A random-weight llama with the real 32,000-token Llama-2 vocabulary; found like `findStoriesModel`. */
export function findLargeVocabModel(): Promise<string | undefined> {
  return findModel(LARGE_VOCAB);
}

/** The skip message for a test that needs a model that was not found. */
export function noModelMessage(fileName = STORIES.fileName, envVar = STORIES.envVar): string {
  return `SKIPPED: no model: set ${envVar} to a copy of ${fileName}, or put it in ../shared/models/`;
}

/**
 * Downloads with node-llama-cpp in a child process: its `hf:` resolution ignores abort signals
 * and retries for minutes when offline, and a child can be killed at the deadline.
 */
async function download(uri: string): Promise<string> {
  const script = [
    `import { resolveModelFile } from "node-llama-cpp";`,
    `const path = await resolveModelFile(${JSON.stringify(uri)}, { directory: ${JSON.stringify(CACHE_DIR)}, cli: false });`,
    `process.stdout.write(path);`,
  ].join("\n");
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: REPO_ROOT,
    timeout: DOWNLOAD_TIMEOUT_MS,
    killSignal: "SIGKILL",
  });
  if (!existsSync(stdout)) throw new Error(`no file at “${stdout}”`);
  return stdout;
}

const found = new Map<string, Promise<string | undefined>>();
let offline = false;

function findModel(model: TestModel): Promise<string | undefined> {
  let pending = found.get(model.envVar);
  if (pending === undefined) {
    pending = locate(model);
    found.set(model.envVar, pending);
  }
  return pending;
}

async function locate(model: TestModel): Promise<string | undefined> {
  const fromEnv = process.env[model.envVar];
  if (fromEnv !== undefined && fromEnv !== "") {
    if (existsSync(fromEnv)) return resolve(fromEnv);
    console.warn(`${model.envVar}=${fromEnv} does not exist; looking elsewhere for ${model.fileName}.`);
  }
  const shared = resolve(REPO_ROOT, "..", "shared", "models", model.fileName);
  if (existsSync(shared)) return shared;
  if (offline) {
    console.warn(`${noModelMessage(model.fileName, model.envVar)} (offline: not downloading ${model.uri})`);
    return undefined;
  }
  try {
    return await download(model.uri);
  } catch (error) {
    // A download that timed out means no network: the next model does not wait again.
    offline = (error as { killed?: boolean }).killed === true;
    const reason = offline ? `no answer in ${DOWNLOAD_TIMEOUT_MS / 1000} s` : String((error as Error).message).split("\n", 1)[0];
    console.warn(`${noModelMessage(model.fileName, model.envVar)} (download of ${model.uri} failed: ${reason})`);
    return undefined;
  }
}
