// TEST CODE: a process that records charges in a spend journal, the way the extension does
// (`journal`: SpendBook appends each turn service charge through SpendJournal) or the way the
// terminal tools do (`terminal`: TerminalSpend follows each composed turn), for the journal's tests.
// With `hold`, it asks to hold COUNT requests of at most USD each against a daily limit of $1.00,
// as two windows (or a window and the terminal) would, and prints how many were held.
// Usage: tsx spendWriter.ts FILE journal|terminal|hold COUNT USD [PAD_BYTES]
import { TerminalSpend } from "../../src/cli/compose/terminalSpend";
import { chargeEntry, turnEntry } from "../../src/common/spend/spendEntries";
import { JournalGate } from "../../src/node/spend/journalGate";
import { SpendJournal } from "../../src/node/spend/spendJournal";

const [file, way, count, usd, pad] = process.argv.slice(2);
const padding = "x".repeat(Number(pad ?? 0));

async function main(): Promise<void> {
  const journal = new SpendJournal(file);
  const terminal = way === "terminal" ? new TerminalSpend({ face: "cli", baseUrl: "https://api.openai.com/v1", report: () => undefined, file }) : undefined;
  // Everyone starts together, so the appends really interleave.
  process.send?.("ready");
  await new Promise<void>((resolve) => process.once("message", () => resolve()));
  if (way === "hold") {
    const gate = new JournalGate(journal, () => ({ dailyUsd: 1, monthlyUsd: 0 }), "panel", () => "https://api.openai.com");
    let held = 0;
    for (let i = 0; i < Number(count); i++) if ("hold" in (await gate.hold({ model: "gpt-4o-mini", worstUsd: Number(usd) }))) held++;
    process.send?.(held);
    return;
  }
  for (let i = 0; i < Number(count); i++) {
    const conversationId = `${process.pid}-${i}${padding}`;
    const usage = { inputTokens: 100, cachedInputTokens: 0, outputTokens: 32 };
    const charge = { type: "teacher-charged" as const, usd: Number(usd), usage, priceSource: "table" };
    const record = { mode: "guided" as const, plan: { teacher: "opening" as const, student: true }, teacherModel: "gpt-4o-mini", cost: { actualUsd: Number(usd), counterfactualUsd: Number(usd) * 4, savingUsd: Number(usd) * 3, source: "table" as const, estimated: false }, stopped: false, timings: { firstTextMs: 1, handoffGapMs: 1, totalMs: 2 } };
    const t = { turn: `${process.pid}-${i}`, face: terminal ? ("cli" as const) : ("panel" as const), conversationId, origin: "https://api.openai.com", mode: "guided" as const, model: "gpt-4o-mini" };
    if (terminal) {
      await terminal.charged({ usd: charge.usd, entry: chargeEntry(t, charge, new Date()) });
      await terminal.finished({ record, teacherCharged: true, entry: turnEntry(t, record, new Date()) });
    } else {
      await journal.append(chargeEntry(t, charge, new Date()));
      await journal.append(turnEntry(t, record, new Date()));
    }
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
