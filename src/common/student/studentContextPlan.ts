/** What the student's context must hold for one answer, in the student's own tokens. */
export interface StudentContextNeeds {
  /** Tokens per earlier message (user and assistant alternating, oldest first), template included. */
  historyTokens: readonly number[];
  /** Everything that is always kept: the system prompt, the new question, the forced prefix. */
  fixedTokens: number;
  /** Tokens the context holds for this conversation. */
  contextSize: number;
  /** The longest answer the user allows (`headstart.student.maxAnswerTokens`). */
  maxAnswerTokens: number;
  /** Earlier messages this conversation had already left out, so the kept start stays the same. */
  previouslyDropped: number;
  /**
   * Whether the cache can lose a span of tokens and keep what follows it, moved up (llama.cpp's
   * shift): then leaving out an exchange costs no re-reading of the ones kept.
   */
  cacheShifts: boolean;
}

export interface StudentContextPlan {
  /** Earlier messages to leave out, from the oldest: always whole exchanges. */
  dropped: number;
  /** The longest answer that fits in what is left of the context. */
  answerTokens: number;
}

/** The fewest answer tokens worth starting an answer for (fewer only when the user allows fewer). */
const MIN_ANSWER_TOKENS = 16;

/**
 * The most prompt tokens a context of `contextSize` holds while keeping the room for an answer that
 * `planStudentContext` wants: what a conversation must fit so the plan need not cut it.
 */
export function promptRoom(contextSize: number, maxAnswerTokens: number): number {
  const usable = contextSize - 1;
  return usable - wantedAnswer(usable, maxAnswerTokens);
}

/** The answer room the plan keeps: the allowed answer, or a quarter of the context if that is less. */
function wantedAnswer(usable: number, maxAnswerTokens: number): number {
  return Math.min(maxAnswerTokens, Math.floor(usable / 4));
}

/**
 * Which earlier messages the student keeps, and how long its answer may be, so that prompt and
 * answer always fit its context. Without this, llama.cpp shifts the context while the answer is
 * being written and re-evaluates the whole history each time, and the student slows to a crawl.
 *
 * Once the history leaves too little room (less than the allowed answer, or a quarter of the
 * context if that is less), the oldest whole exchanges are dropped, and remembered so that the cut
 * only ever moves forward. A cache that shifts loses just the dropped span and keeps the rest, so
 * only as many are dropped as make that room again: every later turn holds about as much history
 * as the one before, and writes as deep in the context, at the same speed. A cache that cannot
 * shift re-reads everything after the cut, so there the drop is a block, down to at most half the
 * context, which keeps the cut where it is for the next several turns.
 * Returns `undefined` when even the new message alone leaves no room for an answer.
 */
export function planStudentContext(needs: StudentContextNeeds): StudentContextPlan | undefined {
  const { historyTokens, fixedTokens, contextSize, maxAnswerTokens } = needs;
  // Keep one token free: llama.cpp needs it to sample the next token.
  const usable = contextSize - 1;
  const least = Math.max(1, Math.min(MIN_ANSWER_TOKENS, maxAnswerTokens));
  if (fixedTokens + least > usable) return undefined;
  const used = (dropped: number): number => fixedTokens + historyTokens.slice(dropped).reduce((n, t) => n + t, 0);
  const wholeExchanges = (n: number): number => Math.min(historyTokens.length, n + (n % 2));

  let dropped = wholeExchanges(Math.max(0, needs.previouslyDropped));
  const room = Math.max(wantedAnswer(usable, maxAnswerTokens), least);
  if (usable - used(dropped) < room) {
    const target = needs.cacheShifts ? usable - room : Math.floor(usable / 2);
    while (dropped < historyTokens.length && used(dropped) > target) dropped = wholeExchanges(dropped + 1);
  }
  const answerTokens = Math.min(maxAnswerTokens, usable - used(dropped));
  return answerTokens >= least ? { dropped, answerTokens } : undefined;
}
