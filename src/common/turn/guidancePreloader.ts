import type { ModelRequest } from "../conversation/conversation";
import { cutGuidance } from "./guidanceCut";
import type { Student } from "../models/student";

/**
 * Keeps the student's cache just behind the guidance while the teacher writes: first the prompt,
 * then, each time the last preload has finished, the guidance up to its last clean boundary. At
 * the handoff only the guidance's last words are left to evaluate.
 */
export class GuidancePreloader {
  private running: Promise<void> = Promise.resolve();
  private busy = false;
  private preloaded = "";
  private error: unknown;

  constructor(
    private readonly student: Student,
    private readonly request: ModelRequest,
    private readonly signal: AbortSignal,
  ) {
    this.start("");
  }

  /** The guidance so far; preloads more of it when the student is free. */
  offer(guidance: string): void {
    if (this.busy || this.error !== undefined || this.signal.aborted) return;
    const { kept } = cutGuidance(guidance);
    if (kept.length > this.preloaded.length) this.start(kept);
  }

  /** Waits for the preload under way; resolves with the first error a preload had, if any. */
  async settled(): Promise<unknown> {
    await this.running;
    return this.error;
  }

  private start(prefix: string): void {
    this.busy = true;
    this.preloaded = prefix;
    this.running = this.student.preload(this.request, this.signal, prefix).then(
      () => void (this.busy = false),
      (e: unknown) => {
        this.error ??= e;
        this.busy = false;
      },
    );
  }
}
