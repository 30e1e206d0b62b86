import { test } from "node:test";
import assert from "node:assert/strict";
import { fork, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chargeEntry } from "../../../src/common/spend/spendEntries";
import { JournalGate } from "../../../src/node/spend/journalGate";
import { SpendJournal } from "../../../src/node/spend/spendJournal";

const WRITER = join(__dirname, "..", "..", "support", "spendWriter.ts");
const LIMIT = { timeout: 240_000 };

async function folder(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "headstart-journal-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function writer(args: string[]): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = fork(WRITER, args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const ready = new Promise<void>((resolve) => child.once("message", () => resolve()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, ready, exited };
}

test("four processes, two through the extension's way of recording and two through the terminal's, 250 charges each at once: all 1,000 are there, the totals exact", LIMIT, async (t) => {
  const file = join(await folder(t), "data", "spend-journal.jsonl");
  const writers = [writer([file, "journal", "250", "0.0013"]), writer([file, "journal", "250", "0.0021"]), writer([file, "terminal", "250", "0.0034"]), writer([file, "terminal", "250", "0.0055"])];
  await Promise.all(writers.map((w) => w.ready));
  for (const w of writers) w.child.send("go");
  assert.deepEqual(await Promise.all(writers.map((w) => w.exited)), [0, 0, 0, 0]);
  const journal = new SpendJournal(file);
  journal.refresh();
  const month = journal.totals.month(new Date());
  assert.equal(journal.damaged, 0, "no line was split by another process's append");
  assert.equal(journal.totals.entries.filter((e) => e.kind === "charge").length, 1000);
  assert.equal(month.turns, 1000);
  // 250 × (0.0013 + 0.0021 + 0.0034 + 0.0055) = $3.0750, to the cent and well below.
  assert.equal(Math.round(month.teacherUsd * 1e6), 3_075_000);
  assert.equal(Math.round(month.savingUsd * 1e6), 3 * 3_075_000);
  assert.deepEqual(journal.totals.by("face", new Date().toISOString().slice(0, 7)).map(([face, f]) => `${face}:${f.turns}`).sort(), ["cli:500", "panel:500"]);
});

test("a process killed in the middle of a write loses at most the charge it was writing", LIMIT, async (t) => {
  const file = join(await folder(t), "spend-journal.jsonl");
  // Records of 8 MB: a write that size is cut short by SIGKILL, as a crash would cut it.
  const big = writer([file, "journal", "1000", "0.001", String(8 * 1024 * 1024)]);
  await big.ready;
  big.child.send("go");
  // Its size, not its contents, is polled: reading a growing file of many megabytes every few
  // milliseconds piles up reads on a busy machine until the next fork fails for memory.
  while (((await stat(file).catch(() => undefined))?.size ?? 0) <= 20 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 20));
  big.child.kill("SIGKILL");
  await big.exited;
  const small = writer([file, "journal", "20", "0.01"]);
  await small.ready;
  small.child.send("go");
  assert.equal(await small.exited, 0);
  const journal = new SpendJournal(file);
  journal.refresh();
  const charges = journal.totals.entries.filter((e) => e.kind === "charge");
  const bigOnes = charges.filter((e) => e.kind === "charge" && e.conversationId.length > 1000);
  const smallOnes = charges.filter((e) => e.kind === "charge" && e.conversationId.length < 1000);
  assert.equal(smallOnes.length, 20, "every charge written after the crash is there");
  assert.ok(bigOnes.length >= 1, "the charges written before the crash are there");
  assert.ok(journal.damaged <= 1, `${journal.damaged} damaged lines: only the one being written`);
});

test("a journal that cannot be read is moved aside with every charge in it and reported, and a new one is started", async (t) => {
  const dir = await folder(t);
  const file = join(dir, "spend-journal.jsonl");
  await writeFile(file, "\u0000\u0001 this is not a journal\n\u00ff\u00fe\n");
  const problems: string[] = [];
  const journal = new SpendJournal(file, (p) => problems.push(p));
  journal.refresh();
  assert.equal(problems.length, 1);
  assert.match(problems[0], /could not be read \(it holds no spend records\)\. It was moved to .*spend-journal\.jsonl\.unreadable-.*, with every charge it holds, and a new one was started/);
  const aside = (await readdir(dir)).find((f) => f.startsWith("spend-journal.jsonl.unreadable-"));
  assert.ok(aside, "set aside, not deleted");
  assert.equal(await readFile(join(dir, aside), "utf8"), "\u0000\u0001 this is not a journal\n\u00ff\u00fe\n", "kept as it was");
  const turn = { turn: "t", face: "panel" as const, conversationId: "c", origin: "o", mode: "guided" as const, model: "m" };
  await journal.append(chargeEntry(turn, { type: "teacher-charged", usd: 0.5, usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1 } }, new Date()));
  assert.equal(journal.totals.month(new Date()).teacherUsd, 0.5, "the new journal records");
});

test("a damaged line among good ones is skipped and counted, never read as zero or written over", async (t) => {
  const file = join(await folder(t), "spend-journal.jsonl");
  const turn = { turn: "t", face: "cli" as const, conversationId: "c", origin: "o", mode: "guided" as const, model: "m" };
  const line = (usd: number) => JSON.stringify(chargeEntry(turn, { type: "teacher-charged", usd, usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1 } }, new Date()));
  const text = `${line(0.1)}\n${line(0.2).slice(0, 30)}${line(0.3)}\n${line(0.4)}\n`;
  await writeFile(file, text);
  const problems: string[] = [];
  const journal = new SpendJournal(file, (p) => problems.push(p));
  journal.refresh();
  assert.ok(Math.abs(journal.totals.month(new Date()).teacherUsd - 0.8) < 1e-12, "the record after a cut-short one is kept");
  assert.equal(journal.damaged, 1);
  assert.match(problems[0], /1 line of the spend journal .* could not be read .* the file keeps it as written/);
  assert.equal(await readFile(file, "utf8"), text, "nothing rewritten");
});

const aTurn = { turn: "t", face: "panel" as const, conversationId: "c", origin: "o", mode: "guided" as const, model: "m" };
const today = new Date();
const chargeLine = (usd: number): string => JSON.stringify(chargeEntry(aTurn, { type: "teacher-charged", usd, usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1 } }, today));
const charge = (usd: number): Parameters<SpendJournal["append"]>[0] => JSON.parse(chargeLine(usd)) as Parameters<SpendJournal["append"]>[0];

test("a journal written over in place (same file, longer text of someone else's) is set aside and reported, never continued from the middle", async (t) => {
  const dir = await folder(t);
  const file = join(dir, "spend-journal.jsonl");
  await writeFile(file, `${chargeLine(0.012)}\n${chargeLine(0.012)}\n`);
  const problems: string[] = [];
  const journal = new SpendJournal(file, (p) => problems.push(p));
  journal.refresh();
  assert.ok(Math.abs(journal.totals.month(new Date()).teacherUsd - 0.024) < 1e-12);
  const inode = (await stat(file)).ino;
  const theirs = "My notes for the week\n".repeat(40);
  await writeFile(file, theirs);
  assert.equal((await stat(file)).ino, inode, "the same file, written over in place");
  journal.refresh();
  assert.equal(problems.length, 1, problems.join("\n"));
  assert.match(problems[0], /could not be read \(it holds no spend records\)\. It was moved to .*unreadable-/);
  assert.equal(journal.totals.month(new Date()).teacherUsd, 0, "their text is no spend");
  const aside = (await readdir(dir)).find((f) => f.includes(".unreadable-"));
  assert.equal(await readFile(join(dir, aside!), "utf8"), theirs, "kept as they wrote it");
  await journal.append(charge(0.5));
  assert.equal(await readFile(file, "utf8"), `${chargeLine(0.5)}\n`, "the new charge starts a new journal, not their text");
});

test("a journal written over in place with other records shows what the file now holds", async (t) => {
  const file = join(await folder(t), "spend-journal.jsonl");
  await writeFile(file, `${chargeLine(0.012)}\n${chargeLine(0.012)}\n`);
  const journal = new SpendJournal(file);
  journal.refresh();
  // A copy from elsewhere, longer than what was read: four charges of $0.004.
  await writeFile(file, `${chargeLine(0.004)}\n${chargeLine(0.004)}\n${chargeLine(0.004)}\n${chargeLine(0.004)}\n`);
  journal.refresh();
  assert.ok(Math.abs(journal.totals.month(new Date()).teacherUsd - 0.016) < 1e-12, `${journal.totals.month(new Date()).teacherUsd}: what the file holds, not what it held`);
});

test("a journal replaced by one line of JSON without its newline is set aside, and the next record is a line of its own", async (t) => {
  const dir = await folder(t);
  const file = join(dir, "spend-journal.jsonl");
  await writeFile(file, `${chargeLine(0.1)}\n`);
  const problems: string[] = [];
  const journal = new SpendJournal(file, (p) => problems.push(p));
  journal.refresh();
  await writeFile(file, '{"editor.fontSize":14}');
  await journal.append(charge(0.2));
  assert.equal(problems.length, 1, "reported");
  assert.match(problems[0], /moved to/);
  const lines = (await readFile(file, "utf8")).split("\n").filter(Boolean);
  assert.equal(lines.length, 1);
  assert.equal((JSON.parse(lines[0]) as { usd: number }).usd, 0.2, "the record is on a line of its own");
  assert.ok(Math.abs(journal.totals.month(new Date()).teacherUsd - 0.2) < 1e-12);
});

test("after a writer died mid-line, the next record starts a line of its own instead of joining it", async (t) => {
  const file = join(await folder(t), "spend-journal.jsonl");
  await writeFile(file, `${chargeLine(0.1)}\n${chargeLine(0.2).slice(0, 40)}`);
  const journal = new SpendJournal(file);
  await journal.append(charge(0.3));
  const lines = (await readFile(file, "utf8")).split("\n");
  assert.equal(lines.at(-2), chargeLine(0.3), "the last line is the new record, whole");
  assert.ok(Math.abs(journal.totals.month(new Date()).teacherUsd - 0.4) < 1e-12);
  assert.equal(journal.damaged, 1, "the cut-short one is counted, not read");
});

test("two processes' limits: requests that could cross the daily limit are not held, in either", LIMIT, async (t) => {
  const file = join(await folder(t), "spend-journal.jsonl");
  // Two processes ask at once for five holds of at most $0.15 each against $1.00: six fit, in all.
  const writers = [writer([file, "hold", "5", "0.15"]), writer([file, "hold", "5", "0.15"])];
  await Promise.all(writers.map((w) => w.ready));
  const held = writers.map((w) => new Promise<number>((resolve) => w.child.on("message", (m) => typeof m === "number" && resolve(m))));
  for (const w of writers) w.child.send("go");
  const counts = await Promise.all(held);
  assert.deepEqual(await Promise.all(writers.map((w) => w.exited)), [0, 0]);
  assert.equal(counts[0] + counts[1], 6, `held ${counts.join(" + ")}`);
  const journal = new SpendJournal(file);
  journal.refresh();
  assert.ok(Math.abs(journal.totals.heldUsd(new Date()) - 0.9) < 1e-9, "what is held never passes the limit");
  // A gate in this process sees the other processes' holds too.
  const gate = new JournalGate(new SpendJournal(file), () => ({ dailyUsd: 1, monthlyUsd: 0 }), "cli", () => "o");
  assert.ok("refused" in (await gate.hold({ model: "gpt-4o-mini", worstUsd: 0.15 })));
  assert.ok("hold" in (await gate.hold({ model: "gpt-4o-mini", worstUsd: 0.1 })));
});

test("a provider that billed above its list price is held at its own rate next time, and its overrun is named in the refusal", async (t) => {
  const journal = new SpendJournal(join(await folder(t), "spend-journal.jsonl"));
  const gate = new JournalGate(journal, () => ({ dailyUsd: 0.01, monthlyUsd: 0 }), "panel", () => "https://provider.example");
  const first = await gate.hold({ model: "gpt-4o-mini", worstUsd: 0.001 });
  assert.ok("hold" in first && first.heldUsd === 0.001, "at the list price while nothing is known");
  // Billed three times the list price of the same tokens, and above what was held.
  const billed = { type: "teacher-charged" as const, usd: 0.0045, usage: { inputTokens: 1000, cachedInputTokens: 0, outputTokens: 100 }, priceSource: "provider", listUsd: 0.0015, hold: first.hold };
  await journal.append(chargeEntry({ ...aTurn, model: "gpt-4o-mini" }, billed, new Date()));
  assert.deepEqual(journal.totals.lastOverrun(new Date()), { at: journal.totals.lastOverrun(new Date())!.at, model: "gpt-4o-mini", usd: 0.0045, heldUsd: 0.001 });
  const second = await gate.hold({ model: "gpt-4o-mini", worstUsd: 0.001 });
  assert.ok("hold" in second && Math.abs(second.heldUsd! - 0.003) < 1e-12, "held at three times the list price");
  const third = await gate.hold({ model: "gpt-4o-mini", worstUsd: 0.001 });
  assert.ok("refused" in third, "0.0045 spent + 0.003 held + 0.003 would cross 0.01");
  assert.match(third.refused, /A request to gpt-4o-mini was billed \$0\.004500 today, more than the \$0\.001000 held for it\./);
  const other = await gate.hold({ model: "another-model", worstUsd: 0.0001 });
  assert.ok("hold" in other && other.heldUsd === 0.0001, "another model is held at its own list price");
});
