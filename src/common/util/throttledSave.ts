/** Runs `save` at most once per interval while asked to, and never after `cancel`. */
export class ThrottledSave {
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(
    private readonly save: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}
  soon(): void {
    // `save` reports its own failures (it logs and never rejects), so nothing is left to handle.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.save().catch(() => undefined);
    }, this.intervalMs);
  }
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
