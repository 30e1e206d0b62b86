import { closeSync, openSync, readSync, fstatSync, renameSync, unwatchFile, watchFile } from "node:fs";
import { appendFile, mkdir, open, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseSpendRecord, type SpendRecord } from "../common/spendRecord";
import { SpendTotals } from "../common/spendTotals";

/** How often a window looks for charges written by another window or the terminal. */
const WATCH_INTERVAL_MS = 500;
/** A lock older than this belongs to a process that died holding it. */
const STALE_LOCK_MS = 10_000;
/** How long to wait for the lock before giving up (another process holds it for milliseconds). */
const LOCK_WAIT_MS = 15_000;

/**
 * The spend journal: one file of JSON lines that every VS Code window and the terminal tools
 * append to, one whole record per append (`O_APPEND`: appends from several processes go one after
 * the other, and a line is never split by another's), with the totals rebuilt from it. Nothing is
 * ever rewritten: a journal that cannot be read is moved aside and reported, never read as empty.
 */
export class SpendJournal {
  totals = new SpendTotals();
  /** Bytes of the file read so far, and the identity of the file they came from. */
  private offset = 0;
  private identity: string | undefined;
  /** The end of a line another process is still writing (or died writing). */
  private tail = "";
  /** Lines that were not records: skipped, counted, reported once. */
  damaged = 0;
  private watching = false;

  constructor(
    readonly file: string,
    private readonly report: (problem: string) => void = () => {},
  ) {}

  /** Reads what was appended since the last read (by any process); true when anything was. */
  refresh(): boolean {
    let fd: number;
    try {
      fd = openSync(this.file, "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return this.restartIfReplaced(undefined);
      this.setAside(e);
      return true;
    }
    try {
      const info = fstatSync(fd);
      if (!info.isFile()) throw Object.assign(new Error("it is not a file"), { code: "EISDIR" });
      this.restartIfReplaced(`${info.dev}:${info.ino}`, info.size);
      if (info.size <= this.offset) return false;
      const first = this.offset === 0;
      const buffer = Buffer.alloc(info.size - this.offset);
      const read = readSync(fd, buffer, 0, buffer.length, this.offset);
      this.offset += read;
      return this.take(buffer.subarray(0, read).toString("utf8"), first);
    } catch (e) {
      this.setAside(e);
      return true;
    } finally {
      closeSync(fd);
    }
  }

  /** Appends one record as one line, after any other process's, then reads it back in. */
  async append(record: SpendRecord): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(record)}\n`, { encoding: "utf8", mode: 0o600 });
    this.refresh();
  }

  /**
   * Runs `work` while no other process runs its own: a check of the totals and the append that
   * follows it (a hold against a limit) are then one step for every window and the terminal.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(dirname(this.file), { recursive: true });
    const lock = `${this.file}.lock`;
    const started = Date.now();
    for (;;) {
      try {
        const handle = await open(lock, "wx", 0o600);
        await handle.close();
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age > STALE_LOCK_MS) await unlink(lock).catch(() => undefined);
        else if (Date.now() - started > LOCK_WAIT_MS) throw new Error(`The spend journal stayed locked for ${LOCK_WAIT_MS / 1000} s (${lock}).`, { cause: e });
        else await sleep(5 + Math.random() * 20);
      }
    }
    try {
      this.refresh();
      return await work();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }

  /** Calls `changed` when another process (or this one) adds to the journal. */
  watch(changed: () => void): { dispose(): void } {
    const listener = (): void => {
      if (this.refresh()) changed();
    };
    watchFile(this.file, { interval: WATCH_INTERVAL_MS, persistent: false }, listener);
    this.watching = true;
    return {
      dispose: () => {
        if (this.watching) unwatchFile(this.file, listener);
        this.watching = false;
      },
    };
  }

  /** Parses whole lines; a line cut short by a writer that died is skipped, and the record after it kept. */
  private take(text: string, first: boolean): boolean {
    const lines = (this.tail + text).split("\n");
    this.tail = lines.pop() ?? "";
    let added = false;
    let damaged = 0;
    let records = 0;
    for (const line of lines) {
      if (line.trim() === "") continue;
      const whole = parseSpendRecord(line);
      const record = whole ?? afterCut(line);
      if (record) {
        this.totals.add(record);
        added = true;
        records++;
      }
      if (!whole) damaged++;
    }
    // A file whose first lines are none of ours is not a journal: it is set aside, not counted as nothing.
    if (first && records === 0 && damaged > 0) {
      this.setAside(new Error("it holds no spend records"));
      return true;
    }
    if (damaged > 0) {
      this.damaged += damaged;
      this.report(`${damaged} line${damaged === 1 ? "" : "s"} of the spend journal ${this.file} could not be read (a write cut short?) and ${damaged === 1 ? "is" : "are"} left out of the totals; the file keeps ${damaged === 1 ? "it" : "them"} as written.`);
    }
    return added;
  }

  /** When the file is not the one read so far (moved aside, replaced, cut short), read it from the start. */
  private restartIfReplaced(identity: string | undefined, size = 0): boolean {
    if (identity === this.identity && size >= this.offset) return false;
    const hadAny = this.offset > 0;
    this.identity = identity;
    this.offset = 0;
    this.tail = "";
    this.totals = new SpendTotals();
    return hadAny;
  }

  /** Moves an unreadable journal aside, says where, and starts a new one; never reads it as empty. */
  private setAside(error: unknown): void {
    const aside = `${this.file}.unreadable-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    const why = error instanceof Error ? error.message : String(error);
    try {
      // Synchronous, so no append of this process lands in the file being moved.
      renameSync(this.file, aside);
      this.report(`The spend journal could not be read (${why}). It was moved to ${aside}, with every charge it holds, and a new one was started: the totals shown no longer count those charges.`);
    } catch (e) {
      this.report(`The spend journal could not be read (${why}) nor moved aside (${e instanceof Error ? e.message : String(e)}). Nothing is written over it; fix or move ${this.file}.`);
    }
    this.identity = undefined;
    this.offset = 0;
    this.tail = "";
    this.totals = new SpendTotals();
  }
}

/** The record that follows a line cut short by a writer that died: the last `{"kind":` that parses. */
function afterCut(line: string): SpendRecord | undefined {
  for (let at = line.lastIndexOf('{"kind":'); at > 0; at = line.lastIndexOf('{"kind":', at - 1)) {
    const record = parseSpendRecord(line.slice(at));
    if (record) return record;
  }
  return undefined;
}
