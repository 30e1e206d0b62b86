/**
 * Holds a teacher request's worst case against the user's spending limits before it is sent, so
 * that no request can cross a limit, in any window or the terminal.
 */
export interface SpendGate {
  /** Sets the worst case aside, or refuses the request with a line that says why and what to do. */
  hold(request: { model: string; worstUsd: number | null }): Promise<{ hold?: string } | { refused: string }>;
  /** The request ended without a charge: its hold no longer counts. */
  release(hold: string): Promise<void>;
}

/** Tokens a teacher may write past its cap before Headstart closes the request (it counts as they arrive). */
export const CAP_SLACK_TOKENS = 16;
