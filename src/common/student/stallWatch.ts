/** What `watchForStall` yields in place of a chunk when the source has gone quiet too long. */
export const STALLED = Symbol("stalled");

/**
 * Passes `source` through, and yields `STALLED` once when, after its first chunk, nothing more
 * comes for `ms`: a student that stops producing tokens mid-answer (other programs took the
 * cores) is noticed and eased, instead of leaving the user looking at a frozen answer. Timers use
 * the `setTimer` given, so tests can drive them. Stops the source when the consumer stops.
 */
export async function* watchForStall<T>(
  source: AsyncIterable<T>,
  ms: number,
  setTimer: (fire: () => void, ms: number) => () => void = (fire, delay) => {
    const timer = setTimeout(fire, delay);
    return () => clearTimeout(timer);
  },
): AsyncGenerator<T | typeof STALLED> {
  const iterator = source[Symbol.asyncIterator]();
  let started = false;
  let stalled = false;
  /** A `next` still unanswered when the consumer stopped at the `STALLED` marker. */
  let pending = false;
  try {
    for (;;) {
      const next = iterator.next();
      let result: IteratorResult<T>;
      if (!started || stalled) {
        result = await next;
      } else {
        let cancel = (): void => {};
        const quiet = new Promise<typeof STALLED>((resolve) => (cancel = setTimer(() => resolve(STALLED), ms)));
        const first = await Promise.race([next, quiet]);
        cancel();
        if (first === STALLED) {
          stalled = true;
          pending = true;
          yield STALLED;
          result = await next;
          pending = false;
        } else result = first;
      }
      if (result.done) return;
      started = true;
      yield result.value;
    }
  } finally {
    // Behind an unanswered `next`, `return` would wait for it: the caller's abort ends the source.
    const closing = iterator.return?.();
    if (!pending) await closing;
    else closing?.catch(() => undefined);
  }
}
