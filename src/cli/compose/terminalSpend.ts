import { readFile } from "node:fs/promises";
import type { Mode } from "../../common/conversation/mode";
import type { TurnCharged, TurnFinished, TurnOwner, TurnSpendFollower } from "../../common/compose/composeTurn";
import { originOf } from "../../common/util/originOf";
import type { SpendGate } from "../../common/holds/spendGate";
import type { SpendLimits } from "../../common/spend/spendLimits";
import { JournalGate } from "../../node/spend/journalGate";
import { SpendJournal } from "../../node/spend/spendJournal";
import { spendJournalPath, spendLimitsPath } from "../../node/spend/spendJournalPath";

export interface TerminalSpendOptions {
  face: "cli" | "eval";
  /** The teacher's base URL: its origin is recorded with each charge. */
  baseUrl: string | undefined;
  /** `--max-usd`: the most this run may spend. */
  runLimitUsd?: number;
  report: (problem: string) => void;
  /** The journal written. Defaults to the user's own spend journal. */
  file?: string;
  /**
   * Whether the user's daily and monthly limits hold: not for charges that are made up (a test
   * teacher's), which are kept in a journal of their own. Defaults to `true`.
   */
  userLimits?: boolean;
}

/**
 * What the terminal tools spend, in the same journal as every VS Code window: each charge and each
 * turn's end is appended as it happens (the turn waits for it), and the user's limits (as the
 * extension last saw them in the user settings, and `--max-usd` for this run) are held before
 * every teacher request.
 */
export class TerminalSpend implements TurnSpendFollower {
  readonly journal: SpendJournal;
  private spentUsd = 0;
  private readonly face: "cli" | "eval";
  private readonly baseUrl: string | undefined;

  constructor(private readonly options: TerminalSpendOptions) {
    this.face = options.face;
    this.baseUrl = options.baseUrl;
    this.journal = new SpendJournal(options.file ?? spendJournalPath(), options.report);
    this.journal.refresh();
  }

  /** The limits to hold to: the user's, from the extension's copy of them, and this run's own. */
  async gate(): Promise<SpendGate> {
    const limits = this.options.userLimits === false ? { dailyUsd: 0, monthlyUsd: 0 } : await readLimits();
    const runUsd = this.options.runLimitUsd;
    return new JournalGate(this.journal, () => ({ ...limits, ...(runUsd !== undefined ? { runUsd } : {}) }), this.face, () => originOf(this.baseUrl ?? ""), () => this.spentUsd);
  }

  /** Whose turns these are, for `composeTurn`. */
  owner(mode: Mode): TurnOwner {
    return { face: this.face, origin: originOf(this.baseUrl ?? ""), mode };
  }

  async charged({ usd, entry }: TurnCharged): Promise<void> {
    this.spentUsd += usd ?? 0;
    await this.journal.append(entry);
  }

  async finished({ entry }: TurnFinished): Promise<void> {
    await this.journal.append(entry);
  }
}

/** The limits the extension copied from the user settings; none when it never ran or the copy is unreadable. */
async function readLimits(): Promise<SpendLimits> {
  try {
    const v = JSON.parse(await readFile(spendLimitsPath(), "utf8")) as Partial<SpendLimits>;
    const usd = (x: unknown): number => (typeof x === "number" && Number.isFinite(x) && x > 0 ? x : 0);
    return { dailyUsd: usd(v.dailyUsd), monthlyUsd: usd(v.monthlyUsd) };
  } catch {
    return { dailyUsd: 0, monthlyUsd: 0 };
  }
}
