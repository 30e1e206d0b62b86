import { readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { StudentError } from "../../common/models/errors";
import { loadNodeLlamaCpp } from "./llamaRuntime";
import { errorMessage } from "../../common/util/errorMessage";
import { linkedAbort, untilAborted } from "../../common/util/abort";

/** True for the model sources that are downloaded rather than opened: `hf:` URIs and web URLs. */
export const isModelUri = (value: string): boolean => /^(hf:|https?:\/\/)/i.test(value.trim());

export interface DownloadOptions {
  /** Bytes so far and in all (0 while unknown). */
  onProgress?: (downloadedBytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
  /** Give up when no bytes arrive for this long. Defaults to `60000`. */
  stallTimeoutMs?: number;
}

/** Which file each downloaded URI became, so a downloaded model opens offline later. */
const MANIFEST = "downloads.json";

async function readManifest(dir: string): Promise<Record<string, string>> {
  try {
    const data: unknown = JSON.parse(await readFile(join(dir, MANIFEST), "utf8"));
    return typeof data === "object" && data !== null ? (data as Record<string, string>) : {};
  } catch {
    return {};
  }
}

const isFile = (path: string): Promise<boolean> => stat(path).then((s) => s.isFile(), () => false);

/** The local file an earlier download of `uri` produced, if it is still there. */
export async function findDownloadedModel(uri: string, dir: string): Promise<string | undefined> {
  const name = (await readManifest(dir))[uri.trim()];
  if (typeof name !== "string" || basename(name) !== name) return undefined;
  const path = join(dir, name);
  return (await isFile(path)) ? path : undefined;
}

/**
 * Downloads a model into `dir` through node-llama-cpp (which resolves `hf:` URIs and writes to a
 * temporary file first), or finds it from an earlier download without going online. A cancelled
 * or failed download leaves nothing behind in `dir`: files it created are removed.
 */
export async function downloadModel(uri: string, dir: string, options: DownloadOptions = {}): Promise<string> {
  const source = uri.trim();
  const earlier = await findDownloadedModel(source, dir);
  if (earlier) return earlier;
  const before = new Set(await readdir(dir).catch(() => []));
  const cleanUp = async (): Promise<void> => {
    const created = (await readdir(dir).catch(() => [])).filter((name) => !before.has(name));
    await Promise.all(created.map((name) => rm(join(dir, name), { recursive: true, force: true })));
  };
  // node-llama-cpp's downloader can hang for good on a cut connection and then ignores its
  // signal, so a cancel or a stall ends the wait here, whatever the download does.
  const stop = linkedAbort(options.signal);
  const stallMs = options.stallTimeoutMs ?? 60_000;
  let lastBytes = -1;
  let lastChange = Date.now();
  let stalled = false;
  const watchdog = setInterval(() => {
    if (Date.now() - lastChange < stallMs) return;
    stalled = true;
    stop.abort();
  }, Math.min(1000, stallMs));
  let path: string;
  try {
    const { resolveModelFile } = await loadNodeLlamaCpp();
    // Ends at once on a cancel or a stall; the reason is read from `stalled` and the signal.
    const resolved = await untilAborted(
      resolveModelFile(source, {
        directory: dir,
        cli: false,
        deleteTempFileOnCancel: true,
        signal: stop.signal,
        onProgress: ({ downloadedSize, totalSize }) => {
          if (downloadedSize !== lastBytes) [lastBytes, lastChange] = [downloadedSize, Date.now()];
          options.onProgress?.(downloadedSize, totalSize);
        },
      }),
      stop.signal,
    );
    if (resolved === undefined) throw new Error(stalled ? "stalled" : "cancelled");
    path = resolved;
  } catch (error) {
    await cleanUp();
    if (options.signal?.aborted) throw cancelled(source);
    const why = stalled ? `no data arrived for ${Math.round(stallMs / 1000)} s` : errorMessage(error);
    throw new StudentError("download-failed", `Could not download ${source}: ${why}. Check the address and your connection, or choose a local .gguf file.`);
  } finally {
    clearInterval(watchdog);
    stop.release();
  }
  // node-llama-cpp can return after a cancel without throwing; only a finished file counts.
  if (options.signal?.aborted || !(await isFile(path))) {
    await cleanUp();
    if (options.signal?.aborted) throw cancelled(source);
    throw new StudentError("download-failed", `The download of ${source} did not finish. Try again, or choose a local .gguf file.`);
  }
  const manifest = await readManifest(dir);
  await writeFile(join(dir, MANIFEST), JSON.stringify({ ...manifest, [source]: basename(path) }, null, 2));
  return path;
}

const cancelled = (source: string): StudentError =>
  new StudentError("download-failed", `The download of ${source} was cancelled; nothing was kept.`);
