// Last-resort cleanup for end-to-end tests, so a failed or interrupted run leaves no servers
// running: registered work runs synchronously when the process exits or is interrupted.

type Cleanup = () => void;
const onExit = new Set<Cleanup>();
const onInterrupt = new Set<Cleanup>();

/** Runs `cleanup` when this process exits for any reason; returns a function that unregisters it. */
export function atExit(cleanup: Cleanup): () => void {
  onExit.add(cleanup);
  return () => onExit.delete(cleanup);
}

/**
 * Runs `cleanup` only when this process is interrupted (SIGINT, SIGTERM), e.g. to delete temp
 * folders that a run which merely failed keeps for debugging. Returns a function that unregisters it.
 */
export function atInterrupt(cleanup: Cleanup): () => void {
  onInterrupt.add(cleanup);
  return () => onInterrupt.delete(cleanup);
}

function runAll(set: Set<Cleanup>): void {
  for (const cleanup of [...set].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: one failed cleanup must not stop the others.
    }
  }
  set.clear();
}

let graceful: ((signal: NodeJS.Signals) => Promise<number>) | undefined;

/**
 * Makes an interrupt (SIGINT, SIGTERM) first await `stop` (at most `deadlineMs`), which ends what
 * it started in an orderly way and returns the exit code; the registered cleanups run after it as
 * a safety net. A second interrupt more than a second later skips the wait. For long-running
 * tools (the demo); tests need none of this.
 */
export function stopGracefullyOnInterrupt(stop: (signal: NodeJS.Signals) => Promise<number>, deadlineMs = 15_000): void {
  graceful = stop;
  gracefulDeadlineMs = deadlineMs;
}
let gracefulDeadlineMs = 15_000;

process.once("exit", () => runAll(onExit));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    const finish = (code: number) => {
      runAll(onExit);
      runAll(onInterrupt);
      process.exit(code);
    };
    const interrupted = signal === "SIGINT" ? 130 : 143;
    if (graceful === undefined) return finish(interrupted);
    // `npm run` forwards the terminal's Ctrl+C to a child that the terminal signalled already:
    // only a second signal a while after the first means "stop now".
    const first = Date.now();
    const again = () => (Date.now() - first > 1_000 ? finish(interrupted) : process.once(signal, again));
    process.once(signal, again);
    const deadline = new Promise<number>((resolve) => setTimeout(() => resolve(interrupted), gracefulDeadlineMs).unref());
    // `graceful`'s failure is caught above, so this race always resolves.
    Promise.race([graceful(signal).catch(() => interrupted), deadline]).then(finish, () => finish(interrupted));
  });
}
