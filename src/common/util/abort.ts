// The one place that forwards aborts and races work against them, so that every layer stops the
// same way: a parent that has already aborted counts, and listeners are always taken down.

/** A controller that follows its parents' aborts; `release` stops following them. */
export interface LinkedAbort {
  readonly signal: AbortSignal;
  readonly abort: () => void;
  readonly release: () => void;
}

/** A controller that aborts when any of `parents` does, at once if one already has. */
export function linkedAbort(...parents: (AbortSignal | undefined)[]): LinkedAbort {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  const followed = parents.filter((p): p is AbortSignal => p !== undefined);
  for (const parent of followed) parent.addEventListener("abort", abort, { once: true });
  if (followed.some((p) => p.aborted)) abort();
  return {
    signal: controller.signal,
    abort,
    release: () => {
      for (const parent of followed) parent.removeEventListener("abort", abort);
    },
  };
}

/**
 * Resolves with `promise`'s value, or with `undefined` as soon as `signal` aborts, without waiting
 * for work that notices an abort late (or never); the promise's later rejection is ignored.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = (): void => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
