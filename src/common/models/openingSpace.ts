/** Student tokens kept for a teacher's opening of `budget` teacher tokens: small vocabularies spend several per word. */
export const PREFIX_TOKENS_PER_TEACHER_TOKEN = 4;

/**
 * An opening that ends in whitespace, sent without it, and the whitespace given back. TGI finds the
 * opening in the prompt its template renders, and templates that trim each message (Llama 3's
 * does) never contain an opening that ends in a newline, so TGI would start a new reply. Sent
 * trimmed, the opening is found; the whitespace is already on screen as the teacher's, so the
 * server's own leading whitespace stands in for it (`HeldSpace`).
 */
export function splitTrailingSpace(opening: string): { sent: string; held: string } {
  const sent = opening.replace(/\s+$/, "");
  return { sent, held: opening.slice(sent.length) };
}

/**
 * Takes the server's text after an opening sent without its trailing whitespace `held`: the
 * whitespace the server writes first replaces `held`, which is shown already. What it writes beyond
 * `held` (a second newline) is kept; less than `held` (a space where the opening had a newline)
 * is dropped, the opening's own whitespace standing.
 */
export class HeldSpace {
  #lead = "";
  #done: boolean;

  constructor(private readonly held: string) {
    this.#done = held === "";
  }

  /** The part of `text` to show; text may be held back until the first character that is not whitespace. */
  take(text: string): string {
    if (this.#done) return text;
    const start = text.search(/\S/);
    if (start < 0) {
      this.#lead += text;
      return "";
    }
    this.#done = true;
    const lead = this.#lead + text.slice(0, start);
    return (lead.startsWith(this.held) ? lead.slice(this.held.length) : "") + text.slice(start);
  }
}
