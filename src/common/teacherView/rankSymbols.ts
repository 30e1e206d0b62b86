import { searchCode, type CodeMatch } from "./codeSearch";
import type { FileSymbol } from "../conversation/conversation";
import { escapeRegExp } from "../util/escapeRegExp";
import { identifierWords, mentions, nameKey } from "../util/identifierWords";

/** One attached file as the ranking sees it. */
export interface RankedFile {
  text: string;
  symbols: readonly FileSymbol[];
  focus?: { start: number; end: number };
}

/** A symbol of one of the files, with the symbols around it. */
type Entry = Pick<SymbolPick, "file" | "symbol" | "parents">;

/** Why a symbol is worth sending. */
export type PickReason = "named" | "cursor" | "similar" | "rest";

export interface SymbolPick {
  /** Index of the file in the input. */
  file: number;
  symbol: FileSymbol;
  reason: PickReason;
  /** The symbol that encloses it most closely, if any: its signature goes with it. */
  parents: readonly FileSymbol[];
  /** A similar symbol that scored close to the best one: the question may be about either. */
  close?: true;
  /** The cursor's symbol when the question's words point elsewhere: only the lines at the cursor matter. */
  aside?: true;
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
/** A similar symbol counts when it scores at least this share of the best one (the budget is the other limit). */
const SIMILAR_SHARE = 0.1;
/** The runner-up scoring at least this share of the best one is as likely to be what the question is about. */
const CLOSE_SHARE = 0.8;
/** The cursor's symbol scoring under this share of the best match is not what the question is about. */
const ASIDE_SHARE = 0.1;
/** A question asks mostly what code does: a type's declaration (what it holds) counts for less than a function. */
const DECLARATION_WEIGHT = 0.5;
/**
 * A symbol is most of all what it is called, then what its doc comment says, then its code. A
 * thin wrapper's doc comment describes the function it hands the work to, where the answer is
 * (`WaitN`'s doc for `wait`, `put`'s for `capturing_put`): it counts for that function most.
 * Chosen on the describe-questions set, cursor elsewhere: of the lines that answer each question,
 * the teacher got 0.50 without this field, 0.54 at 2, 0.58 at 3, 0.625 at 4 and 5, 0.60 at 8
 * (with a one-line system prompt).
 */
const FIELD_BOOSTS = { name: 3, doc: 2, body: 1, callers: 4 };
/** A caller this short (its signature and body) is a wrapper: its doc comment describes what it calls. */
const WRAPPER_LINES = 20;

/**
 * The symbols of the files in the order they are worth sending for a question: those it names as
 * code (in any naming style, `super_len`, `superLen()`, `` `merge` ``; `Ky.fetch` preferring
 * `fetch` inside `Ky`, `Lru::Evict` its own; a plain word may be prose and only counts in the
 * similarity), then the
 * innermost declaration around each file's cursor, then those the previous exchange names, then
 * those most similar to the question (`searchCode`: BM25 over each symbol's name, doc comment and
 * own code, weighted in that order, on stemmed code-aware words, with the previous exchange's
 * identifiers; a type's declaration at half its score; at least two question words in common when
 * it has two). When the words point clearly elsewhere (the symbol at the cursor scores under a
 * tenth of the best), the best similar symbol comes before the cursor's, which is marked `aside`.
 * The two best similar ones are marked `close` when they score close together. Deterministic: ties
 * go in file order.
 */
export function rankSymbols(files: readonly RankedFile[], query: RankQuery): SymbolPick[] {
  const all: Entry[] = files.flatMap((f, file) => outlineSymbols(f.symbols).map((symbol) => ({ file, symbol, parents: ancestors(f.symbols, symbol) })));
  const picks: SymbolPick[] = [];
  const taken = new Set<FileSymbol>();
  const take = (entries: readonly Entry[], reason: PickReason): void => {
    for (const e of entries) {
      if (taken.has(e.symbol)) continue;
      taken.add(e.symbol);
      picks.push({ ...e, reason });
    }
  };
  // Only a name written as code names a symbol: a plain word ("merge", "file", "tokens") may be
  // prose, and counts through the symbols' names in the similarity below.
  const named = (text: string) =>
    mentions(text).flatMap((m) => {
      if (!m.code) return [];
      const same = all.filter((e) => nameKey(ownName(e.symbol)) === m.key);
      const qualified = m.qualifier ? same.filter((e) => qualifiers(e).includes(m.qualifier!)) : [];
      return qualified.length > 0 ? qualified : same;
    });
  take(named(query.question), "named");

  const scores = similarity(files, all, query);
  const score = (symbol: FileSymbol): number => scores.get(symbol)?.score ?? 0;
  const byScore = all.filter((e) => scores.has(e.symbol)).sort((a, b) => score(b.symbol) - score(a.symbol));
  const words = new Set(identifierWords(query.question));
  const needed = Math.min(2, words.size);
  // A one-line symbol (a field, a type alias) is already its outline line: only blocks are worth sending whole.
  const candidates = byScore.filter((e) => e.symbol.end > e.symbol.line && (scores.get(e.symbol)?.matched ?? 0) >= needed);
  const cursors = files.flatMap((f, file) => {
    if (!f.focus) return [];
    const around = all.filter((e) => e.file === file && e.symbol.start <= f.focus!.start && e.symbol.end >= f.focus!.end);
    const blocks = around.filter((e) => BLOCK_KINDS.has(e.symbol.kind));
    const innermost = (blocks.length > 0 ? blocks : around).sort((a, b) => b.symbol.depth - a.symbol.depth || b.symbol.start - a.symbol.start)[0];
    return innermost ? [innermost] : [];
  });
  // Measured against the best of those not already taken, so a named symbol's match does not hide the rest.
  const best = Math.max(0, ...candidates.filter((e) => !taken.has(e.symbol)).map((e) => score(e.symbol)));
  const similar = candidates.filter((e) => score(e.symbol) >= best * SIMILAR_SHARE);
  const elsewhere = picks.length === 0 && best > 0 && cursors.every((c) => score(c.symbol) < best * ASIDE_SHARE);
  // The question's best match first, then the cursor's symbol, with only the lines at the cursor if it does not fit.
  if (elsewhere) take(similar.slice(0, 1), "similar");
  const from = picks.length;
  take(cursors, "cursor");
  if (elsewhere) for (const p of picks.slice(from)) p.aside = true;
  if (query.before) take(named(query.before), "named");
  takeSimilar(similar, take, picks, score);
  if (query.all) take([...byScore, ...all], "rest");
  return picks;
}

/** Takes the similar symbols, the two best marked `close` when they score close together. */
function takeSimilar(
  similar: readonly Entry[],
  take: (entries: readonly Entry[], reason: PickReason) => void,
  picks: SymbolPick[],
  score: (symbol: FileSymbol) => number,
): void {
  const from = picks.length;
  take(similar, "similar");
  const [first, second] = picks.filter((p) => p.reason === "similar");
  if (picks.length > from && first && second && picks.every((p) => p.reason !== "named") && score(second.symbol) >= score(first.symbol) * CLOSE_SHARE) {
    first.close = true;
    second.close = true;
  }
}

/** A symbol's own name: `Evict` of `Lru::Evict`, as a C++ definition outside its class is named. */
function ownName(symbol: FileSymbol): string {
  return symbol.name.split("::").at(-1) ?? symbol.name;
}

/** The names that qualify a symbol: those of the symbols around it, and its own `Lru::` prefix. */
function qualifiers(e: Entry): string[] {
  return [...e.parents.map((p) => nameKey(p.name)), ...e.symbol.name.split("::").slice(0, -1).map(nameKey)];
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

/**
 * Each symbol's match with the query: its name, its doc comment (the comment lines above it), its
 * own lines (its children's are theirs), and the doc comments of the wrappers that call it.
 */
function similarity(files: readonly RankedFile[], all: readonly Entry[], query: RankQuery): Map<FileSymbol, CodeMatch> {
  const lines = files.map((f) => f.text.split("\n"));
  const docs = all.map((e) => {
    const children = files[e.file].symbols.filter((s) => s.depth > e.symbol.depth && s.start >= e.symbol.start && s.end <= e.symbol.end);
    const own = (from: number, to: number): string[] => lines[e.file].slice(from, to + 1).filter((_, i) => !children.some((c) => c.start <= from + i && c.end >= from + i));
    return { name: e.symbol.name, doc: own(e.symbol.start, e.symbol.line - 1).join("\n"), body: own(e.symbol.line, e.symbol.end).join("\n") };
  });
  const callers = wrapperDocs(all, docs);
  const withCallers = docs.map((d, i) => ({ ...d, callers: callers[i] }));
  const matches = searchCode(withCallers, FIELD_BOOSTS, { question: query.question, ...(query.before ? { before: query.before } : {}) });
  return new Map([...matches].map(([i, m]) => [all[i].symbol, FUNCTION_KINDS.has(all[i].symbol.kind) ? m : { ...m, score: m.score * DECLARATION_WEIGHT }]));
}

/**
 * For each symbol, the doc comments of the short functions in its file that call it: a wrapper
 * describes what it hands the work to. Only for a function whose name no other symbol of its file
 * has: a call of `AssumeRole` may reach any of the classes that define one.
 */
function wrapperDocs(all: readonly Entry[], docs: readonly { doc: string; body: string }[]): string[] {
  const key = (e: Entry): string => `${e.file}:${ownName(e.symbol)}`;
  const named = new Map<string, number>();
  for (const e of all) named.set(key(e), (named.get(key(e)) ?? 0) + 1);
  const wrappers = all.flatMap((e, j) => (FUNCTION_KINDS.has(e.symbol.kind) && e.symbol.end - e.symbol.line < WRAPPER_LINES ? [{ e, j }] : []));
  return all.map((e, i) => {
    if (!FUNCTION_KINDS.has(e.symbol.kind) || named.get(key(e)) !== 1) return "";
    const name = escapeRegExp(ownName(e.symbol));
    // `name(` or Rust's `name::<T>(`, not `other_name(` or `$name(`.
    const call = new RegExp(`(?<![\\w$])${name}\\s*(?:::<[^>]*>\\s*)?\\(`);
    return wrappers
      .filter(({ e: w, j }) => j !== i && w.file === e.file && call.test(docs[j].body))
      .map(({ j }) => docs[j].doc)
      .join("\n");
  });
}
