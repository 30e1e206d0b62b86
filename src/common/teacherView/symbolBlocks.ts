import type { FileSymbol } from "../conversation/conversation";

/** One block inside a symbol's body: its lines, and the lines that frame it. */
export interface SymbolBlock {
  /** Its first and last line (0-based, inclusive). */
  start: number;
  end: number;
  /** The openings and closings of the blocks it is inside (`switch (kind) {`, `case LIVED:`, `}`): sent with it, so it reads in place. */
  frame: number[];
}

/** A symbol cut into what can be sent apart. */
export interface SymbolParts {
  /** Its signature, to the line that opens its body. */
  head: number[];
  /** Its last line, when that line only closes the body (`}`, `end`). */
  tail: number[];
  /** The body in blocks of at most a few lines each, in order. */
  blocks: SymbolBlock[];
}

/** A block longer than this is cut into the blocks inside it, where it has any. */
const MAX_BLOCK_LINES = 8;
/** How far below a declaration its body's opening may be. */
const SIGNATURE_LINES = 12;

/**
 * A symbol too large to send whole, cut into blocks a question can pick from: paragraphs (runs
 * of statements between blank lines), and within a long one its statements, and within a long
 * statement the branches it opens (`if` and `else` bodies, `case` arms, loop bodies), each
 * framed by the lines that open and close it. Found from indentation and a few keywords, in any
 * language; preprocessor lines (`#if`, `#else`, `#endif`) split paragraphs.
 */
export function symbolParts(lines: readonly string[], symbol: FileSymbol): SymbolParts {
  let open = symbol.line;
  for (let i = symbol.line; i <= Math.min(symbol.end, symbol.line + SIGNATURE_LINES); i++) {
    const code = withoutComment(lines[i]);
    if (/[{:]$/.test(code) || code === "{") {
      open = i;
      break;
    }
  }
  const closes = symbol.end > open && /^(?:[}\])]+;?|end)\s*(?:\/\/.*|#.*)?$/.test(lines[symbol.end].trim());
  const last = closes ? symbol.end - 1 : symbol.end;
  // The doc comment above it is a block like the others: sent when the question is about what it says.
  const doc: SymbolBlock[] = symbol.line > symbol.start ? [{ start: symbol.start, end: symbol.line - 1, frame: [] }] : [];
  return { head: range(symbol.line, open), tail: closes ? [symbol.end] : [], blocks: [...doc, ...blocksIn(lines, open + 1, last, [])] };
}

/** The blocks of lines `from` to `to`, each with `frame` and the lines that frame it inside. */
function blocksIn(lines: readonly string[], from: number, to: number, frame: readonly number[]): SymbolBlock[] {
  const code = range(from, to).filter((i) => lines[i].trim() !== "" && !isDirective(lines[i]));
  if (code.length === 0) return [];
  const base = Math.min(...code.map((i) => indentOf(lines[i])));
  const blocks: SymbolBlock[] = [];
  for (const [start, end] of runs(lines, from, to, base, true)) {
    if (end - start < MAX_BLOCK_LINES) {
      blocks.push({ start, end, frame: [...frame] });
      continue;
    }
    // A long paragraph: its statements; a long statement: the branches it opens.
    for (const [s, e] of runs(lines, start, end, base, false)) {
      if (e - s < MAX_BLOCK_LINES) blocks.push({ start: s, end: e, frame: [...frame] });
      else blocks.push(...branches(lines, s, e, base, frame));
    }
  }
  return blocks;
}

/**
 * One statement's branches: the runs of lines indented deeper than it, each framed by the line
 * of the statement just before it (`if (…) {`, `} else {`, `case X:`) and just after it (`}`).
 * Lines of the statement itself between branches go as blocks of their own.
 */
function branches(lines: readonly string[], from: number, to: number, base: number, frame: readonly number[]): SymbolBlock[] {
  const out: SymbolBlock[] = [];
  let i = from;
  while (i <= to) {
    if (lines[i].trim() === "" || isDirective(lines[i]) || indentOf(lines[i]) <= base) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 <= to && (lines[j + 1].trim() === "" || indentOf(lines[j + 1]) > base || isDirective(lines[j + 1]))) j++;
    const opener = previousCode(lines, i, from);
    const closer = j + 1 <= to ? [j + 1] : [];
    out.push(...blocksIn(lines, i, j, [...frame, ...(opener !== undefined ? [...commentsAbove(lines, opener, from), opener] : []), ...closer]));
    i = j + 1;
  }
  // The statement's own lines (its opening, `} else {`, its closing) go with the branches they frame; alone, they are blocks.
  const framed = new Set(out.flatMap((b) => b.frame));
  for (let k = from; k <= to; k++) {
    if (lines[k].trim() !== "" && indentOf(lines[k]) <= base && !framed.has(k) && !isDirective(lines[k])) out.push({ start: k, end: k, frame: [...frame] });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Lines `from` to `to` cut into runs that start at the `base` indentation: with `paragraphs`,
 * a run goes on until a blank line that a new statement follows; without, until the next
 * statement. Deeper lines, closings and continuations (`}`, `else`, `case`, `.then(`, a line
 * after one ending in an operator) belong to the run they follow.
 */
function runs(lines: readonly string[], from: number, to: number, base: number, paragraphs: boolean): [number, number][] {
  const out: [number, number][] = [];
  let start: number | undefined;
  let end = from;
  let blank = false;
  for (let i = from; i <= to; i++) {
    const line = lines[i];
    if (line.trim() === "") {
      blank = true;
      continue;
    }
    const opensRun = isDirective(line)
      ? /^\s*#\s*(?:if|else|elif)/.test(line)
      : indentOf(line) <= base && !continues(lines, i) && (!paragraphs || blank) && !isComment(lines[previousCode(lines, i, from) ?? i]);
    if (start === undefined || opensRun) {
      if (start !== undefined) out.push([start, end]);
      start = i;
    }
    end = i;
    blank = false;
  }
  if (start !== undefined) out.push([start, end]);
  return out;
}

/** Whether line `i` goes on from the code above it rather than starting a statement. */
function continues(lines: readonly string[], i: number): boolean {
  const line = lines[i].trim();
  if (isComment(line)) return false;
  if (/^(?:[}\])]|end\b|else\b|elif\b|elsif\b|except\b|catch\b|finally\b|rescue\b|ensure\b|when\b|case\b|default\b|\.|->|&&|\|\||[+\-*/%?:]|=>)/.test(line)) return true;
  const above = previousCode(lines, i, 0);
  return above !== undefined && /(?:[,([{=+\-*/%&|<>?:.]|&&|\|\||=>)$/.test(withoutComment(lines[above]));
}

/** The comment lines directly above line `i` (not above `from`). */
function commentsAbove(lines: readonly string[], i: number, from: number): number[] {
  let k = i;
  while (k - 1 >= from && isComment(lines[k - 1])) k--;
  return range(k, i - 1);
}

/** The nearest line above `i` (not above `from`) with code on it. */
function previousCode(lines: readonly string[], i: number, from: number): number | undefined {
  for (let k = i - 1; k >= from; k--) if (lines[k].trim() !== "" && !isDirective(lines[k])) return k;
  return undefined;
}

/** A comment belongs to the code below it. */
const isComment = (line: string): boolean => /^\s*(?:\/\/|\/\*|\*|#(?!\s*(?:if|ifdef|ifndef|else|elif|endif|define|include)\b)|--)/.test(line);
const isDirective = (line: string): boolean => /^\s*#\s*(?:if|ifdef|ifndef|else|elif|endif)\b/.test(line);
const indentOf = (line: string): number => (/^[ \t]*/.exec(line)?.[0] ?? "").replace(/\t/g, "    ").length;
const withoutComment = (line: string): string => line.replace(/\s+(?:\/\/|#).*$/, "").trimEnd();

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
