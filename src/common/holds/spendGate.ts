import { formatUsd } from "../cost/money";

/**
 * Holds a teacher request's worst case against the user's spending limits before it is sent, so
 * that no request can cross a limit, in any window or the terminal.
 */
export interface SpendGate {
  /**
   * Sets the worst case aside, or refuses the request with a line that says why and what to do.
   * What is set aside (`heldUsd`) may be more than asked: a provider that last billed above its
   * list price is held at that rate. `origin` is the server paid, when not the teacher's.
   */
  hold(request: { model: string; worstUsd: number | null; origin?: string }): Promise<{ hold?: string; heldUsd?: number } | { refused: string }>;
  /** The request ended without a charge: its hold no longer counts. */
  release(hold: string): Promise<void>;
}


/** Why a note says a charge went past what was held for it: recorded as billed, the next request waits for room. */
export type SpendNoteReason = "charged-over-hold";

/** The note for a request billed `usd`, more than the `heldUsd` set aside for it against the limits. */
export function overHoldNote(who: string, usd: number, heldUsd: number): { reason: SpendNoteReason; message: string } {
  return {
    reason: "charged-over-hold",
    message: `${who} billed ${formatUsd(usd)} for this request, more than the ${formatUsd(heldUsd)} held for it against your spending limits. The charge is recorded as billed; later requests are held at this rate, and none is sent until a limit has room for it.`,
  };
}
