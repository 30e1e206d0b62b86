import type { OpenModel } from "./llamaRuntime";

/**
 * Halves the threads the model evaluates with, for a machine that is busy elsewhere: the new
 * count, or `undefined` when it is down to one already.
 */
export function useFewerThreads(open: OpenModel): number | undefined {
  // The threads evaluating now: the context's, within the process-wide cap (openModel sets one).
  const current = Math.min(open.context.currentThreads, open.model.llama.maxThreads);
  if (current <= 1) return undefined;
  open.model.llama.maxThreads = Math.floor(current / 2);
  return open.model.llama.maxThreads;
}
