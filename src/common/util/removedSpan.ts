/** A run of cached tokens, `start` inclusive, `end` exclusive. */
export interface TokenSpan {
  start: number;
  end: number;
}

/**
 * The one span to cut from `cached` so that what is left starts like `wanted` for longer than
 * `cached` does now: what older messages left out of the middle of a conversation (after its
 * system prompt) look like to a cache. `undefined` when `cached` already starts with all it can
 * of `wanted`, or when no cut keeps at least `leastKept` tokens more than are shared now; a short
 * chance match is not worth keeping tokens that were read in another context.
 */
export function removedSpan(cached: readonly number[], wanted: readonly number[], leastKept: number): TokenSpan | undefined {
  let shared = 0;
  while (shared < cached.length && shared < wanted.length && cached[shared] === wanted[shared]) shared++;
  if (shared === cached.length || shared === wanted.length) return undefined;
  let best: { end: number; kept: number } | undefined;
  for (let end = shared + 1; end < cached.length; end++) {
    // No later cut can keep more than what is left of the cache after it.
    if (best !== undefined && cached.length - end <= best.kept) break;
    let kept = 0;
    while (end + kept < cached.length && shared + kept < wanted.length && cached[end + kept] === wanted[shared + kept]) kept++;
    if (kept >= leastKept && (best === undefined || kept > best.kept)) best = { end, kept };
  }
  return best === undefined ? undefined : { start: shared, end: best.end };
}
