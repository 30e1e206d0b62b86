import type { EditorContext } from "./conversation";
import { guessSymbols } from "./guessSymbols";
import { fence, renderUserMessage } from "./prompt";
import { outlineSymbols, rankSymbols, type SymbolPick } from "./rankSymbols";

/** Lines kept on each side of the cursor or selection when its symbol cannot go whole. */
const FOCUS_MARGIN = 4;
/** A longer line of an outline (minified code, data) is cut here so one line cannot take it all. */
const MAX_LINE_CHARS = 160;
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
}

/**
 * Which parts of the attached files to send for a question, within `limit` tokens: the symbols
 * `rankSymbols` puts first, whole, with the signatures of the symbols around them (a named or
 * cursor symbol too large to go whole sends its first lines, or the lines at the cursor), then the
 * lines at each cursor, then the declarations of the rest, outermost first, within
 * `outlineLimit`. Every run of lines left out is marked with its line numbers. The files share
 * the limit by relevance: one that the question is not about may get only its outline.
 * Deterministic, so a message is sent the same way at every turn and prompt caches keep hitting.
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
  for (const pick of picks) {
    if (!focusDone && pick.reason !== "named" && pick.reason !== "cursor") keepFocus();
    const { file, symbol } = pick;
    const signatures = pick.parents.map((p) => p.line);
    if (keepAll(file, range(symbol.start, symbol.end), true)) {
      keepSome(file, signatures);
      const name = displayName(pick);
      if (pick.reason !== "rest" && !drafts[file].whole.includes(name)) {
        drafts[file].whole.push(name);
        drafts[file].tokens += count(name) + 1;
      }
      continue;
    }
    // Too large to go whole: what the user pointed at, as much of it as fits.
    if (pick.reason === "cursor" && drafts[file].context.focus) {
      const focus = focusLines(drafts[file].context.focus, drafts[file].lines.length).filter((i) => i >= symbol.start && i <= symbol.end);
      keepSome(file, [symbol.line, ...signatures, ...focus]);
    } else if (pick.reason === "named") {
      keepSome(file, [...signatures, ...range(symbol.line, symbol.end)]);
    }
  }
  if (!focusDone) keepFocus();

  // The outline of the rest: declarations, outermost first, within the outline's own share.
  const outlineLimit = Math.min(input.limit, used() + input.outlineLimit);
  const declarations = symbols.flatMap((list, file) => outlineSymbols(list).map((s) => ({ file, s }))).sort((a, b) => a.s.depth - b.s.depth || a.file - b.file || a.s.line - b.s.line);
  for (const { file, s } of declarations) keepAll(file, [s.line], false, outlineLimit);
  if (input.fill === "all") drafts.forEach((d, file) => keepSome(file, range(0, d.lines.length - 1)));

  return { texts: drafts.map(render), cut: drafts.map((d) => d.keptLines < d.lines.length), whole: drafts.flatMap((d) => d.whole) };
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

function displayName(pick: SymbolPick): string {
  const parent = pick.parents[0];
  return parent ? `${parent.name}.${pick.symbol.name}` : pick.symbol.name;
}

function header(d: Pick<Draft, "context" | "lines">, whole: readonly string[]): string {
  const what = whole.length > 0 ? `sent whole: ${whole.join(", ")}; the rest as an outline` : "declarations and the lines at the cursor";
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
  return `${header(d, d.whole)}\n\n${fence(out.join("\n"), d.context.language)}`;
}

/** The elision marker, naming the lines (1-based, as editors show them) that are not sent. */
export function gap(from: number, to: number): string {
  return from === to ? `… line ${from + 1} not sent …` : `… lines ${from + 1}-${to + 1} not sent …`;
}

function shorten(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} …` : line;
}
