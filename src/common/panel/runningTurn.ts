/** The turn the panel's controller is busy with: its conversation, its Stop, and when it has ended. */
export class RunningTurn {
  readonly controller = new AbortController();
  /** Resolves once `finish` is called, when the turn has ended and its answer is saved. */
  readonly finished: Promise<void>;
  readonly finish: () => void;

  constructor(readonly conversationId: string) {
    let finish!: () => void;
    this.finished = new Promise((resolve) => (finish = resolve));
    this.finish = finish;
  }
}
