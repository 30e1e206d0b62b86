import type { LlamaModel, Token } from "node-llama-cpp";

/**
 * Turns node-llama-cpp's response chunks for a prompt with a forced prefix into the student's
 * own new text, so that `prefix + new text` reads as the model meant it:
 *
 * - The forced prefix is echoed back first (as one chunk in node-llama-cpp 3.22.1; this does
 *   not rely on that) and is stripped.
 * - Spaces at the end of the prefix are not forced: a lone space token is one the model never saw
 *   in training before a word, and it derails small models ("there was " + "Everyone"). They are
 *   held back instead and dropped from the start of the new text when the model writes them.
 * - node-llama-cpp detokenizes the first generated token without the prefix before it, which
 *   drops its leading space with SentencePiece vocabularies ("there was" + "a little"); that
 *   space is restored by detokenizing it after the prefix's last tokens.
 */
export class ContinuationText {
  /** What to pass as node-llama-cpp's `responsePrefix` (empty: none). */
  readonly forcedPrefix: string;
  private readonly heldSpace: string;
  private unseenPrefix: string;
  private started = false;

  constructor(
    private readonly model: Pick<LlamaModel, "tokenize" | "detokenize">,
    prefix: string,
  ) {
    // Only spaces after a word: indentation on an otherwise empty line is part of the code.
    this.heldSpace = /(?<=\S)[ \t]+$/.exec(prefix)?.[0] ?? "";
    this.forcedPrefix = prefix.slice(0, prefix.length - this.heldSpace.length);
    this.unseenPrefix = this.forcedPrefix;
  }

  /** Takes one main-response chunk and returns the new text in it (possibly empty). */
  accept(text: string, tokens: readonly Token[]): string {
    if (this.unseenPrefix !== "") {
      if (this.unseenPrefix.startsWith(text)) {
        this.unseenPrefix = this.unseenPrefix.slice(text.length);
        return "";
      }
      // The echo ran into new text (or differed): keep what follows the common start.
      text = text.slice(commonPrefixLength(this.unseenPrefix, text));
      this.unseenPrefix = "";
      tokens = []; // which of these tokens are new is unknown, so no spacing repair
    }
    if (this.started || text === "") return text;
    this.started = true;
    if (this.forcedPrefix !== "" && tokens.length > 0) text = this.withLeadingSpace(text, tokens);
    if (this.heldSpace !== "" && text.startsWith(this.heldSpace)) text = text.slice(this.heldSpace.length);
    return text;
  }

  /** `text` with the leading whitespace its tokens have after the prefix, when only that is missing. */
  private withLeadingSpace(text: string, tokens: readonly Token[]): string {
    const before = this.model.tokenize(this.forcedPrefix).slice(-8);
    const spaced = this.model.detokenize(tokens, false, before);
    const missing = spaced.length - text.length;
    return missing > 0 && spaced.endsWith(text) && spaced.slice(0, missing).trim() === "" ? spaced : text;
  }
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
