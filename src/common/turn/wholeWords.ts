import { cutGuidance } from "./guidanceCut";

/**
 * The teacher's opening, released a whole word at a time, for faces that cannot take text back
 * once shown (VS Code's Chat view, a language-model response): what the handoff may drop, a word
 * cut in half by the budget, is never released.
 */
export class WholeWords {
  private text = "";
  private released = 0;
  private handedOff = false;

  /** Adds guidance; returns what may be shown now. */
  push(chunk: string): string {
    this.text += chunk;
    return this.release(cutGuidance(this.text).kept);
  }

  /** The student takes over: what was not released (a half word) is dropped for good. */
  handoff(): void {
    this.handedOff = true;
  }

  /** The turn ended: if the teacher wrote the whole answer (no handoff), the rest of it is whole and may be shown. */
  finish(): string {
    return this.handedOff ? "" : this.release(this.text);
  }

  private release(upTo: string): string {
    const out = upTo.slice(this.released);
    this.released = Math.max(this.released, upTo.length);
    return out;
  }
}
