import { cutGuidance } from "./guidanceCut";

/**
 * The teacher's opening, released a whole word at a time, for faces that cannot take text back
 * once shown (VS Code's Chat view, a language-model response): what the handoff may drop, a word
 * cut in half by the budget, is never released.
 */
export class WholeWords {
  private text = "";
  private released = 0;

  /** Adds guidance; returns what may be shown now. */
  push(chunk: string): string {
    this.text += chunk;
    return this.release(cutGuidance(this.text).kept);
  }

  /** The teacher finished its answer: the rest is whole and may be shown. */
  finish(): string {
    return this.release(this.text);
  }

  private release(upTo: string): string {
    const out = upTo.slice(this.released);
    this.released = Math.max(this.released, upTo.length);
    return out;
  }
}
