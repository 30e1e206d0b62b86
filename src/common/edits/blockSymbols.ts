import type { FileSymbol } from "../conversation";
import { guessSymbols } from "../guessSymbols";

/**
 * The declarations a code block of an answer makes, guessed from its text (an answer has no
 * symbol provider), with what they hold. A method written at the margin, as answers write one
 * taken out of its class (`total(): number {`), reads as a method only inside a class body, so
 * the block is also read indented one level, and what that finds where nothing was found is added.
 */
export function blockSymbols(code: string, language: string): FileSymbol[] {
  const text = code.replace(/\r\n/g, "\n");
  const found = guessSymbols(text, language);
  const indented = guessSymbols(text.replace(/^(?=.)/gm, "    "), language).filter((s) => s.depth === 0 && !found.some((f) => f.start <= s.end && s.start <= f.end));
  return [...found, ...indented].sort((a, b) => a.start - b.start || a.depth - b.depth);
}
