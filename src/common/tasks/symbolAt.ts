import type { FileSymbol } from "../conversation/conversation";

/** Kinds worth naming as "the symbol at the cursor": a variable inside a function says less than the function. */
const BLOCK_KINDS = new Set(["function", "method", "constructor", "class", "interface", "enum", "struct", "module", "namespace", "property", "object", "trait", "impl", "type"]);

/** A symbol and its name as the teacher's view writes it (`Parent.name`). */
export interface SymbolAt {
  symbol: FileSymbol;
  name: string;
}

/**
 * The innermost declaration (function, method, class …) that holds all of `lines` (0-based,
 * inclusive), or, where none of those does, the innermost symbol of any kind; undefined at the top
 * level of a file.
 */
export function symbolAt(symbols: readonly FileSymbol[], lines: { start: number; end: number }): SymbolAt | undefined {
  const around = symbols.filter((s) => s.start <= lines.start && s.end >= lines.end);
  const blocks = around.filter((s) => BLOCK_KINDS.has(s.kind));
  const symbol = (blocks.length > 0 ? blocks : around).sort((a, b) => b.depth - a.depth || b.start - a.start)[0];
  if (!symbol) return undefined;
  const parent = symbols.filter((p) => p.depth === symbol.depth - 1 && p.start <= symbol.start && p.end >= symbol.end).sort((a, b) => b.start - a.start)[0];
  return { symbol, name: parent ? `${parent.name}.${symbol.name}` : symbol.name };
}
