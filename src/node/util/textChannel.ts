/**
 * Carries text from a callback API to an async iterator. Pushes never block and are never lost:
 * what arrives while the reader is busy is joined into its next read. The reader waits only
 * until the next push or `close`, so a writer that always closes never leaves it hanging.
 */
export class TextChannel {
  private readonly queued: string[] = [];
  private closed = false;
  private wake: (() => void) | undefined;

  push(text: string): void {
    this.queued.push(text);
    this.wake?.();
  }

  /** Ends the stream after what was pushed so far has been read. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *drain(): AsyncGenerator<string> {
    for (;;) {
      if (this.queued.length > 0) yield this.queued.splice(0).join("");
      else if (this.closed) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
