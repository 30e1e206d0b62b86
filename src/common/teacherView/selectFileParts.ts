import { searchCode } from "./codeSearch";
import type { EditorContext, FileSymbol } from "../conversation/conversation";
import { guessSymbols } from "./guessSymbols";
import { fence, renderUserMessage } from "../conversation/prompt";
import { outlineSymbols, rankSymbols, type SymbolPick } from "./rankSymbols";
import { symbolParts, type SymbolBlock } from "./symbolBlocks";

/** Lines kept on each side of the cursor or selection when its symbol cannot go whole. */
const FOCUS_MARGIN = 4;
/** A longer line of an outline (minified code, data) is cut here so one line cannot take it all. */
const MAX_LINE_CHARS = 160;
/** A block of a large symbol that scores at least this share of the best block is a match in its own right. */
const STRONG_SHARE = 0.25;
/** About what a gap marker line costs. */
const GAP_TOKENS = 8;

export interface FilePartsInput {
  files: readonly EditorContext[];
  /** The message the files came with, and the exchange before it. */
  question: string;
  before?: string;
  /** Most tokens the files' texts may take together. */
  limit: number;
  /** Most of `limit` the outline of what is not sent whole may take. */
  outlineLimit: number;
  /**
   * `relevant`: what the question points at, then the outline (the teacher, paid per token);
   * `all`: then every other symbol and line that fits (the student, whose context is free).
   */
  fill: "relevant" | "all";
  count: (text: string) => number;
}

export interface FileParts {
  /** Each file as shown, in the order given: a header and a fenced excerpt, or a line naming it. */
  texts: string[];
  /** Per file: whether any of it was left out. */
  cut: boolean[];
  /** The symbols sent whole because the question pointed at them, as `Parent.name`. */
  whole: string[];
  /** Those too large to go whole, sent as their signature and the blocks the question is about. */
  partly: string[];
  /** The similar symbols sent that scored close together: the question may be about any of them. */
  unsure: string[];
}

/** One file while its lines are chosen. */
interface Draft {
  context: EditorContext;
  lines: string[];
  /** Tokens each line costs, as sent whole and as shortened. */
  costs: number[];
  kept: boolean[];
  /** Lines sent as they are (whole symbols), not shortened. */
  verbatim: boolean[];
  keptLines: number;
  /** Runs of lines not kept: each becomes a marker line. */
  gaps: number;
  /** What the kept lines and the names in the header cost. */
  tokens: number;
  whole: string[];
  partly: string[];
}

/**
 * Which parts of the attached files to send for a question, within `limit` tokens: the symbols
 * `rankSymbols` puts first, whole, with the signatures of the symbols around them; a symbol too
 * large to go whole sends its signature, the block at the cursor, the blocks the question is
 * about (`symbolBlocks`) and those next to them, and, when the question names it or is asked in
 * it, the rest of it nearest first (the best similar one's rest comes last); then the lines at
 * each cursor, then the declarations of the rest, outermost first, within `outlineLimit`. Every
 * run of lines left out is marked with its line numbers. The files share the limit by relevance:
 * one that the question is not about may get only its outline. Deterministic, so a message is
 * sent the same way at every turn and prompt caches keep hitting.
 */
export function selectFileParts(input: FilePartsInput): FileParts {
  const { count } = input;
  const drafts: Draft[] = input.files.map((context) => {
    const lines = context.text.replace(/\n$/, "").split("\n");
    return {
      context,
      lines,
      costs: lines.map((l) => count(l) + 1),
      kept: lines.map(() => false),
      verbatim: lines.map(() => false),
      keptLines: 0,
      gaps: 1,
      tokens: 0,
      whole: [],
      partly: [],
    };
  });
  const symbols = input.files.map((c) => c.symbols ?? guessSymbols(c.text, c.language));
  const headers = drafts.map((d) => count(header(d, [])) + 8);
  const used = (): number => drafts.reduce((n, d, i) => n + (d.keptLines > 0 ? headers[i] + d.tokens + d.gaps * GAP_TOKENS : 0), 0);

  /** Keeps `lines` of one file if they all fit, else none; returns whether they were kept. */
  const keepAll = (file: number, lines: readonly number[], verbatim: boolean, limit = input.limit): boolean => {
    const d = drafts[file];
    const fresh = [...new Set(lines)].filter((i) => i >= 0 && i < d.lines.length && !d.kept[i]);
    for (const i of fresh) keep(d, i, verbatim, count);
    if (used() > limit) {
      for (const i of fresh.reverse()) unkeep(d, i, count);
      return false;
    }
    // Lines kept before as part of an outline go as they are now, when a whole symbol takes them in
    // (the exact count of the message, afterwards, catches the few tokens that may add).
    if (verbatim) {
      for (const i of lines) {
        if (!d.kept[i] || d.verbatim[i]) continue;
        unkeep(d, i, count);
        keep(d, i, true, count);
      }
    }
    return true;
  };
  /** Keeps as many of `lines`, in order, as fit. */
  const keepSome = (file: number, lines: readonly number[], limit = input.limit): void => {
    for (const i of lines) keepAll(file, [i], false, limit);
  };

  const picks = rankSymbols(
    drafts.map((d, file) => ({ text: d.context.text, symbols: symbols[file], ...(d.context.focus ? { focus: d.context.focus } : {}) })),
    { question: input.question, ...(input.before ? { before: input.before } : {}), all: input.fill === "all" },
  );
  let focusDone = false;
  const keepFocus = (): void => {
    focusDone = true;
    drafts.forEach((d, file) => {
      if (d.context.focus) keepSome(file, focusLines(d.context.focus, d.lines.length));
    });
  };
  const record = (file: number, list: "whole" | "partly", name: string): void => {
    if (drafts[file][list].includes(name)) return;
    drafts[file][list].push(name);
    drafts[file].tokens += count(name) + 1;
  };
  /** The best similar symbol, when it went in part, and its blocks not sent yet: the fill at the end. */
  const partial: { file: number; blocks: SymbolBlock[] }[] = [];
  const unsure: string[] = [];
  for (const pick of picks) {
    if (!focusDone && pick.reason !== "named" && pick.reason !== "cursor") keepFocus();
    const { file, symbol } = pick;
    const signatures = pick.parents.map((p) => p.line);
    if (keepAll(file, range(symbol.start, symbol.end), true)) {
      keepSome(file, signatures);
      if (pick.reason !== "rest") record(file, "whole", displayName(pick));
      if (pick.close) unsure.push(displayName(pick));
      continue;
    }
    // Too large to go whole: its signature, the block at the cursor, and the blocks the question is
    // about, best first; for similar ones, only the best one or two.
    if (pick.reason === "rest" || (pick.reason === "similar" && picks.find((p) => p.reason === "similar") !== pick && !pick.close)) continue;
    const d = drafts[file];
    const parts = symbolParts(d.lines, symbol);
    keepSome(file, [...signatures, ...parts.head, ...parts.tail]);
    const ranked = rankBlocks(d.lines, parts.blocks, input, d.context.focus, symbol).filter((b) => !pick.aside || (d.context.focus && b.start <= d.context.focus.end && b.end >= d.context.focus.start));
    const kept = ranked.filter((b) => keepAll(file, blockLines(b), true));
    if (kept.length === 0 && pick.reason === "similar") continue;
    record(file, "partly", displayName(pick));
    if (pick.close) unsure.push(displayName(pick));
    const rest = parts.blocks.filter((b) => !kept.includes(b));
    // What the question names, or the symbol it is asked in, is worth more than other symbols: the rest of it goes now, nearest first.
    if (pick.reason === "named" || (pick.reason === "cursor" && !pick.aside)) {
      const near = (b: SymbolBlock): number => Math.min(...kept.map((k) => Math.abs(k.start - b.start)), Infinity);
      for (const b of [...rest].sort((x, y) => near(x) - near(y) || x.start - y.start)) keepAll(file, blockLines(b), true);
    } else if (pick.reason === "similar" && partial.length === 0) partial.push({ file, blocks: rest });
  }
  if (!focusDone) keepFocus();

  // The outline of the rest: declarations, outermost first, within the outline's own share.
  const outlineLimit = Math.min(input.limit, used() + input.outlineLimit);
  const declarations = symbols.flatMap((list, file) => outlineSymbols(list).map((s) => ({ file, s }))).sort((a, b) => a.s.depth - b.s.depth || a.file - b.file || a.s.line - b.s.line);
  for (const { file, s } of declarations) keepAll(file, [s.line], false, outlineLimit);
  // Then the rest of each symbol sent in part, block by block, while they fit.
  for (const { file, blocks } of partial) for (const b of blocks) keepAll(file, blockLines(b), true);
  if (input.fill === "all") drafts.forEach((d, file) => keepSome(file, range(0, d.lines.length - 1)));

  return {
    texts: drafts.map(render),
    cut: drafts.map((d) => d.keptLines < d.lines.length),
    whole: drafts.flatMap((d) => d.whole),
    partly: drafts.flatMap((d) => d.partly),
    // Worth saying only when more than one of them went.
    unsure: unsure.length > 1 ? unsure : [],
  };
}

/**
 * The blocks of a symbol too large to go whole, in the order they are worth sending: the one at
 * the cursor, then those that match the question well (`searchCode`, over each block with the
 * lines that frame it; at least `STRONG_SHARE` of the best), best first, then the others nearest
 * to those (not to the cursor's) first, better matches first among equally near ones: what
 * answers a question is mostly a run of neighbouring blocks, of which its words meet only one or
 * two. Only the cursor's when nothing matches.
 */
function rankBlocks(lines: readonly string[], blocks: readonly SymbolBlock[], query: { question: string; before?: string }, focus: { start: number; end: number } | undefined, symbol: FileSymbol): SymbolBlock[] {
  const text = (b: SymbolBlock): string => blockLines(b).map((i) => lines[i]).join("\n");
  const matches = searchCode(blocks.map((b) => ({ body: text(b) })), { body: 1 }, { question: query.question, ...(query.before ? { before: query.before } : {}) });
  const atCursor = focus && focus.start >= symbol.start && focus.end <= symbol.end ? blocks.filter((b) => b.start <= focus.end && b.end >= focus.start) : [];
  const scored = blocks.map((b, i) => ({ b, score: matches.get(i)?.score ?? 0 })).sort((x, y) => y.score - x.score);
  const best = scored[0]?.score ?? 0;
  const isStrong = (score: number): boolean => score > 0 && score >= best * STRONG_SHARE;
  const strong = scored.filter((m) => isStrong(m.score)).map((m) => m.b);
  if (strong.length === 0) return atCursor;
  const distance = (b: SymbolBlock): number => Math.min(...strong.map((a) => Math.max(a.start - b.end, b.start - a.end, 0)));
  const near = scored.filter((m) => !isStrong(m.score)).sort((x, y) => distance(x.b) - distance(y.b) || y.score - x.score);
  return [...new Set([...atCursor, ...strong, ...near.map((m) => m.b)])];
}

/** Marks line `i` kept: one gap splits in two, shrinks, or closes. */
function keep(d: Draft, i: number, verbatim: boolean, count: (text: string) => number): void {
  d.gaps += gapChange(d, i);
  d.kept[i] = true;
  d.verbatim[i] = verbatim;
  d.keptLines++;
  d.tokens += lineCost(d, i, count);
}

/** Undoes `keep` of line `i` (lines are undone in the reverse order they were kept). */
function unkeep(d: Draft, i: number, count: (text: string) => number): void {
  d.tokens -= lineCost(d, i, count);
  d.kept[i] = false;
  d.verbatim[i] = false;
  d.keptLines--;
  d.gaps -= gapChange(d, i);
}

/** How the number of gaps changes when line `i`, not kept, is kept. */
function gapChange(d: Draft, i: number): number {
  const left = i > 0 && !d.kept[i - 1];
  const right = i < d.lines.length - 1 && !d.kept[i + 1];
  return left && right ? 1 : left || right ? 0 : -1;
}

function lineCost(d: Draft, i: number, count: (text: string) => number): number {
  return d.verbatim[i] || d.lines[i].length <= MAX_LINE_CHARS ? d.costs[i] : count(shorten(d.lines[i])) + 1;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

/** The lines at the cursor or selection first, then those around them, nearest first. */
function focusLines(focus: { start: number; end: number }, total: number): number[] {
  const start = Math.max(0, Math.min(focus.start, total - 1));
  const end = Math.max(start, Math.min(focus.end, total - 1));
  const order = range(start, end);
  for (let d = 1; d <= FOCUS_MARGIN; d++) order.push(start - d, end + d);
  return order.filter((i) => i >= 0 && i < total);
}

/** A block's lines with the lines that frame it: what sending it sends. */
function blockLines(b: SymbolBlock): number[] {
  return [...b.frame, ...range(b.start, b.end)];
}

/** Kinds that only group declarations: `internal.Lru` says no more than `Lru`. */
const GROUPS = new Set(["namespace", "module", "package"]);

function displayName(pick: SymbolPick): string {
  const parent = pick.parents.find((p) => !GROUPS.has(p.kind));
  return parent ? `${parent.name}.${pick.symbol.name}` : pick.symbol.name;
}

function header(d: Pick<Draft, "context" | "lines">, whole: readonly string[], partly: readonly string[] = []): string {
  const sent = [...(whole.length > 0 ? [`sent whole: ${whole.join(", ")}`] : []), ...(partly.length > 0 ? [`in part: ${partly.join(", ")}`] : [])];
  const what = sent.length > 0 ? `${sent.join("; ")}; the rest as an outline` : "declarations and the lines at the cursor";
  return `Parts of \`${d.context.fileName}\` (${d.lines.length} lines; ${what}; “… not sent …” marks what is left out):`;
}

function render(d: Draft): string {
  if (d.keptLines === 0) return `(\`${d.context.fileName}\` was attached, ${d.lines.length} lines; not shown here.)`;
  if (d.keptLines === d.lines.length) return renderUserMessage({ role: "user", text: "", context: [d.context] }).trimEnd();
  const out: string[] = [];
  let next = 0;
  d.lines.forEach((line, i) => {
    if (!d.kept[i]) return;
    if (i > next) out.push(gap(next, i - 1));
    out.push(d.verbatim[i] ? line : shorten(line));
    next = i + 1;
  });
  if (next < d.lines.length) out.push(gap(next, d.lines.length - 1));
  return `${header(d, d.whole, d.partly)}\n\n${fence(out.join("\n"), d.context.language)}`;
}

/** The elision marker, naming the lines (1-based, as editors show them) that are not sent. */
export function gap(from: number, to: number): string {
  return from === to ? `… line ${from + 1} not sent …` : `… lines ${from + 1}-${to + 1} not sent …`;
}

function shorten(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} …` : line;
}
