import { closeSync, openSync, readSync, fstatSync, renameSync, unwatchFile, watchFile } from "node:fs";
import { appendFile, mkdir, open, stat, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseSpendRecord, type SpendRecord } from "../../common/spend/spendRecord";
import { SpendTotals } from "../../common/spend/spendTotals";

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
  /**
   * The first and the last whole line read so far, where they are in the file: read again before
   * each read, so a file overwritten in place (same file, other contents) is read anew, not
   * continued from the middle of someone else's text.
   */
  private first: { at: number; text: Buffer } | undefined;
  private last: { at: number; text: Buffer } | undefined;
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
      const replaced = this.restartIfReplaced(`${info.dev}:${info.ino}`, info.size) || this.restartIfRewritten(fd);
      if (info.size <= this.offset) return replaced;
      const start = this.offset;
      const buffer = Buffer.alloc(info.size - start);
      const read = readSync(fd, buffer, 0, buffer.length, start);
      this.offset += read;
      this.remember(buffer.subarray(0, read), start);
      return this.take(buffer.subarray(0, read).toString("utf8"), start === 0) || replaced;
    } catch (e) {
      this.setAside(e);
      return true;
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Appends one record as one line, after any other process's, then reads it back in. A record
   * never joins another line: after a line left without its end (a writer that died), it starts a
   * line of its own (at worst an empty line is left, which reading skips).
   */
  async append(record: SpendRecord): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    this.refresh();
    const lead = this.tail === "" ? "" : "\n";
    await appendFile(this.file, `${lead}${JSON.stringify(record)}\n`, { encoding: "utf8", mode: 0o600 });
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

  /**
   * Parses whole lines; a line cut short by a writer that died is skipped, and the record after it
   * kept. A line that is no record at all, not even the start of one, means the file is not the
   * journal (someone's text written over it, or glued to its end): it is set aside, not read.
   */
  private take(text: string, first: boolean): boolean {
    const lines = (this.tail + text).split("\n");
    this.tail = lines.pop() ?? "";
    let added = false;
    let damaged = 0;
    let records = 0;
    let foreign = !startsLikeRecord(this.tail);
    for (const line of lines) {
      if (line.trim() === "") continue;
      const whole = parseSpendRecord(line);
      const record = whole ?? afterCut(line);
      if (!whole && !record && !RECORD_START.test(line)) foreign = true;
      if (record) {
        this.totals.add(record);
        added = true;
        records++;
      }
      if (!whole) damaged++;
    }
    // A file whose first lines are none of ours is not a journal: it is set aside, not counted as nothing.
    if (foreign || (first && records === 0 && damaged > 0)) {
      this.setAside(new Error(records === 0 ? "it holds no spend records" : "it holds lines that are not spend records"));
      return true;
    }
    if (damaged > 0) {
      this.damaged += damaged;
      this.report(`${damaged} line${damaged === 1 ? "" : "s"} of the spend journal ${this.file} could not be read (a write cut short?) and ${damaged === 1 ? "is" : "are"} left out of the totals; the file keeps ${damaged === 1 ? "it" : "them"} as written.`);
    }
    return added;
  }

  /** Keeps where the first and the last whole line read are, to find them again before the next read. */
  private remember(read: Buffer, start: number): void {
    if (start === 0) {
      const end = read.indexOf(0x0a);
      this.first = end < 0 ? undefined : { at: 0, text: Buffer.from(read.subarray(0, end + 1)) };
    }
    const wholeEnd = read.lastIndexOf(0x0a);
    if (wholeEnd < 0) return;
    const lineStart = read.lastIndexOf(0x0a, wholeEnd - 1) + 1;
    this.last = { at: start + lineStart, text: Buffer.from(read.subarray(lineStart, wholeEnd + 1)) };
    this.first ??= this.last.at === 0 ? this.last : undefined;
  }

  /** When the lines read before are no longer where they were (the file was written over in place), read it from the start. */
  private restartIfRewritten(fd: number): boolean {
    const changed = [this.first, this.last].some((line) => {
      if (!line) return false;
      const now = Buffer.alloc(line.text.length);
      return readSync(fd, now, 0, now.length, line.at) !== now.length || !now.equals(line.text);
    });
    if (!changed) return false;
    this.forget();
    return true;
  }

  /** When the file is not the one read so far (moved aside, replaced, cut short), read it from the start. */
  private restartIfReplaced(identity: string | undefined, size = 0): boolean {
    if (identity === this.identity && size >= this.offset) return false;
    const hadAny = this.offset > 0;
    this.identity = identity;
    this.forget();
    return hadAny;
  }

  private forget(): void {
    this.offset = 0;
    this.tail = "";
    this.first = undefined;
    this.last = undefined;
    this.totals = new SpendTotals();
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
    this.forget();
  }
}

/** How every record's line begins, and so how a line cut short by a writer that died begins too. */
const RECORD_START = /^\{"kind":"/;

/** Whether an unfinished last line can be a record still being written: empty, or begun as every record begins. */
function startsLikeRecord(tail: string): boolean {
  return RECORD_START.test(tail) || '{"kind":"'.startsWith(tail);
}

/** The record that follows a line cut short by a writer that died: the last `{"kind":` that parses. */
function afterCut(line: string): SpendRecord | undefined {
  for (let at = line.lastIndexOf('{"kind":'); at > 0; at = line.lastIndexOf('{"kind":', at - 1)) {
    const record = parseSpendRecord(line.slice(at));
    if (record) return record;
  }
  return undefined;
}
