import MiniSearch from "minisearch";
import type { FileSymbol } from "./conversation";
import { identifierWords, mentions, nameKey } from "./identifierWords";

/** One attached file as the ranking sees it. */
export interface RankedFile {
  text: string;
  symbols: readonly FileSymbol[];
  focus?: { start: number; end: number };
}

/** Why a symbol is worth sending. */
export type PickReason = "named" | "cursor" | "similar" | "rest";

export interface SymbolPick {
  /** Index of the file in the input. */
  file: number;
  symbol: FileSymbol;
  reason: PickReason;
  /** The symbol that encloses it most closely, if any: its signature goes with it. */
  parents: readonly FileSymbol[];
}

export interface RankQuery {
  /** The message the files came with. */
  question: string;
  /** The exchange before it (the previous question and answer), which a follow-up refers to. */
  before?: string;
  /** Also list every other symbol, most similar first (`rest`): for a reader who wants all that fits. */
  all?: boolean;
}

/** Kinds a cursor's symbol should be: a variable inside a function says less than the function. */
const BLOCK_KINDS = new Set(["function", "method", "constructor", "class", "interface", "enum", "struct", "module", "namespace", "property", "object", "trait", "impl"]);
/** Kinds whose inner symbols are their own business: a local of a function goes with the function. */
const FUNCTION_KINDS = new Set(["function", "method", "constructor"]);
/** A similar symbol counts when it scores at least this share of the best one. */
const SIMILAR_SHARE = 0.35;

/**
 * The symbols of the files in the order they are worth sending for a question: those it names
 * (in any naming style, `Ky.fetch` preferring `fetch` inside `Ky`), then the one enclosing each
 * file's cursor, then those the previous exchange names, then those most similar to the
 * question and the previous exchange (BM25 over each symbol's own text, code-aware words, at
 * least two question words in common when it has two). Deterministic: ties go in file order.
 */
export function rankSymbols(files: readonly RankedFile[], query: RankQuery): SymbolPick[] {
  const all = files.flatMap((f, file) => outlineSymbols(f.symbols).map((symbol) => ({ file, symbol, parents: ancestors(f.symbols, symbol) })));
  const picks: SymbolPick[] = [];
  const taken = new Set<FileSymbol>();
  const take = (entries: readonly (typeof all)[number][], reason: PickReason): void => {
    for (const e of entries) {
      if (taken.has(e.symbol)) continue;
      taken.add(e.symbol);
      picks.push({ ...e, reason });
    }
  };
  // A plain English word ("result", "merge") names a function or a class, not a variable.
  const named = (text: string) =>
    mentions(text).flatMap((m) => {
      const same = all.filter((e) => nameKey(e.symbol.name) === m.key && (m.code || BLOCK_KINDS.has(e.symbol.kind)));
      const qualified = m.qualifier ? same.filter((e) => e.parents.some((p) => nameKey(p.name) === m.qualifier)) : [];
      return qualified.length > 0 ? qualified : same;
    });
  take(named(query.question), "named");
  files.forEach((f, file) => {
    if (!f.focus) return;
    const around = all.filter((e) => e.file === file && e.symbol.start <= f.focus!.start && e.symbol.end >= f.focus!.end);
    const blocks = around.filter((e) => BLOCK_KINDS.has(e.symbol.kind));
    const innermost = (blocks.length > 0 ? blocks : around).sort((a, b) => b.symbol.depth - a.symbol.depth || b.symbol.start - a.symbol.start)[0];
    if (innermost) take([innermost], "cursor");
  });
  if (query.before) take(named(query.before), "named");

  const scores = similarity(files, all, [query.question, query.before ?? ""].join("\n"));
  const byScore = all.filter((e) => scores.has(e.symbol)).sort((a, b) => scores.get(b.symbol)!.score - scores.get(a.symbol)!.score);
  // Measured against the best of those not already taken, so a named symbol's match does not hide the rest.
  const best = Math.max(0, ...byScore.filter((e) => !taken.has(e.symbol) && e.symbol.end > e.symbol.line).map((e) => scores.get(e.symbol)!.score));
  const words = new Set(identifierWords(query.question + "\n" + (query.before ?? "")));
  const needed = Math.min(2, words.size);
  // A one-line symbol (a field, a type alias) is already its outline line: only blocks are worth sending whole.
  take(
    byScore.filter((e) => e.symbol.end > e.symbol.line && scores.get(e.symbol)!.score >= best * SIMILAR_SHARE && scores.get(e.symbol)!.matched >= needed),
    "similar",
  );
  if (query.all) take([...byScore, ...all], "rest");
  return picks;
}

/** The symbols worth ranking and outlining: all but those inside a function (its locals, its inner helpers). */
export function outlineSymbols(symbols: readonly FileSymbol[]): FileSymbol[] {
  return symbols.filter((s) => !ancestors(symbols, s).some((a) => FUNCTION_KINDS.has(a.kind)));
}

/** The symbols that enclose `symbol`, innermost first. */
function ancestors(symbols: readonly FileSymbol[], symbol: FileSymbol): FileSymbol[] {
  return symbols
    .filter((s) => s !== symbol && s.depth < symbol.depth && s.start <= symbol.start && s.end >= symbol.end)
    .sort((a, b) => b.depth - a.depth);
}

/** Each symbol's BM25 score against the query, over its own lines (its children's are theirs), and how many query words it has. */
function similarity(
  files: readonly RankedFile[],
  all: readonly { file: number; symbol: FileSymbol }[],
  query: string,
): Map<FileSymbol, { score: number; matched: number }> {
  const lines = files.map((f) => f.text.split("\n"));
  const index = new MiniSearch<{ id: number; name: string; text: string }>({
    fields: ["name", "text"],
    tokenize: (text) => identifierWords(text),
    processTerm: (term) => term,
  });
  index.addAll(
    all.map((e, id) => {
      const children = files[e.file].symbols.filter((s) => s.depth > e.symbol.depth && s.start >= e.symbol.start && s.end <= e.symbol.end);
      const own = lines[e.file].slice(e.symbol.start, e.symbol.end + 1).filter((_, i) => !children.some((c) => c.start <= e.symbol.start + i && c.end >= e.symbol.start + i));
      return { id, name: e.symbol.name, text: own.join("\n") };
    }),
  );
  const scores = new Map<FileSymbol, { score: number; matched: number }>();
  // A symbol is most of all what it is called.
  for (const hit of index.search(query, { combineWith: "OR", boost: { name: 3 } })) {
    scores.set(all[hit.id as number].symbol, { score: hit.score, matched: new Set(hit.queryTerms).size });
  }
  return scores;
}
