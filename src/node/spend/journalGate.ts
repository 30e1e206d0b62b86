import { randomUUID } from "node:crypto";
import type { SpendGate } from "../../common/holds/spendGate";
import { anyLimitSet, limitRefusal, type SpendLimits } from "../../common/spend/spendLimits";
import type { SpendFace } from "../../common/spend/spendRecord";
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

  async hold(request: { model: string; worstUsd: number | null; origin?: string }): Promise<{ hold?: string; heldUsd?: number } | { refused: string }> {
    const limits = this.limits();
    if (!anyLimitSet(limits)) return {};
    return this.journal.exclusive(async () => {
      const totals = this.journal.totals;
      // At the list price, or at what the provider last billed over it, whichever is more.
      const worstUsd = request.worstUsd === null ? null : request.worstUsd * Math.max(1, totals.providerRate(request.model));
      const refused = limitRefusal(totals, limits, worstUsd, request.model, new Date(), this.runSpentUsd());
      if (refused !== undefined) return { refused };
      const id = randomUUID();
      await this.journal.append({ kind: "hold", id, at: new Date().toISOString(), face: this.face, origin: request.origin ?? this.origin(), model: request.model, worstUsd: worstUsd ?? 0 });
      return { hold: id, heldUsd: worstUsd ?? 0 };
    });
  }

  async release(hold: string): Promise<void> {
    await this.journal.append({ kind: "release", hold, at: new Date().toISOString() });
  }
}
