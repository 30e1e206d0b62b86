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

process.once("exit", () => runAll(onExit));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    runAll(onExit);
    runAll(onInterrupt);
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}
