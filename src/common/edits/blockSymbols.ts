import type { FileSymbol } from "../conversation/conversation";
import { guessSymbols } from "../teacherView/guessSymbols";

/**
 * The declarations a code block of an answer makes, guessed from its text (an answer has no
 * symbol provider), with what they hold. A method written at the margin, as answers write one
 * taken out of its class (`total(): number {`), reads as a method only inside a class body, so
 * the block is also read indented one level; a method found that way on a line the first reading
 * did not take is added, and what it holds becomes its children.
 */
export function blockSymbols(code: string, language: string): FileSymbol[] {
  const text = code.replace(/\r\n/g, "\n");
  const found = guessSymbols(text, language);
  const methods = guessSymbols(text.replace(/^(?=.)/gm, "    "), language).filter(
    (s) => s.kind === "method" && !found.some((f) => f.line === s.line || (f.start <= s.start && f.end >= s.end)),
  );
  const all = [...found, ...methods];
  return all
    .map((s) => ({ ...s, depth: all.filter((o) => o !== s && o.start <= s.start && o.end >= s.end && (o.start < s.start || o.end > s.end || o.line < s.line)).length }))
    .sort((a, b) => a.start - b.start || a.depth - b.depth);
}
