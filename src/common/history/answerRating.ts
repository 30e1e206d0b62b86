/** The user's verdict on one answer: what the fine-tuning export keeps by default (rated up only). */
export interface AnswerRating {
  value: "up" | "down";
  /** The user's one line on why, when they gave one. */
  reason?: string;
  /** When it was given (ISO 8601). */
  at: string;
}

/** The longest reason kept: one line, not an essay. */
export const MAX_RATING_REASON_CHARS = 300;

/** Whether `v` is a rating as stored (chat history and the Chat view's ratings are files the user can edit). */
export function isAnswerRating(v: unknown): v is AnswerRating {
  if (typeof v !== "object" || v === null) return false;
  const r = v as Record<string, unknown>;
  return (r.value === "up" || r.value === "down") && typeof r.at === "string" && (r.reason === undefined || typeof r.reason === "string");
}

/** A reason as kept: one line, trimmed, at most `MAX_RATING_REASON_CHARS`; empty means none. */
export function cleanReason(reason: string | undefined): string | undefined {
  const line = (reason ?? "").replace(/\s+/g, " ").trim().slice(0, MAX_RATING_REASON_CHARS);
  return line === "" ? undefined : line;
}

/** `m` with `rating` in place of any earlier one (`undefined`: none). */
export function withRating<M extends { rating?: AnswerRating }>(m: M, rating: AnswerRating | undefined): M {
  const { rating: _old, ...rest } = m;
  return (rating ? { ...rest, rating } : rest) as M;
}
