import { randomUUID } from "node:crypto";
import type { SpendGate } from "../common/spendGate";
import { limitRefusal, type SpendLimits } from "../common/spendLimits";
import type { SpendFace } from "../common/spendRecord";
import type { SpendJournal } from "./spendJournal";

/**
 * The spending limits kept over the spend journal: the check of what is spent and held, and the
 * hold that follows it, run under the journal's lock, so two windows (or a window and the
 * terminal) cannot both take the last of a limit.
 */
export class JournalGate implements SpendGate {
  constructor(
    private readonly journal: SpendJournal,
    private readonly limits: () => SpendLimits,
    private readonly face: SpendFace,
    private readonly origin: () => string,
    /** What this run has spent, for a per-run cap. */
    private readonly runSpentUsd: () => number = () => 0,
  ) {}

  async hold(request: { model: string; worstUsd: number | null }): Promise<{ hold?: string } | { refused: string }> {
    const limits = this.limits();
    if (!(limits.dailyUsd > 0 || limits.monthlyUsd > 0 || (limits.runUsd ?? 0) > 0)) return {};
    return this.journal.exclusive(async () => {
      const refused = limitRefusal(this.journal.totals, limits, request.worstUsd, request.model, new Date(), this.runSpentUsd());
      if (refused !== undefined) return { refused };
      const id = randomUUID();
      await this.journal.append({ kind: "hold", id, at: new Date().toISOString(), face: this.face, origin: this.origin(), model: request.model, worstUsd: request.worstUsd ?? 0 });
      return { hold: id };
    });
  }

  async release(hold: string): Promise<void> {
    await this.journal.append({ kind: "release", hold, at: new Date().toISOString() });
  }
}
