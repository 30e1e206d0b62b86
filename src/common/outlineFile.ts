import type { OutlineEntry } from "./conversation";

/** Lines kept on each side of the cursor or selection. */
const FOCUS_MARGIN = 4;
/** A longer line (minified code, data) is cut here so one line cannot take the whole allowance. */
const MAX_LINE_CHARS = 160;

export interface OutlineInput {
  text: string;
  /** Declarations to keep, outermost first; from the symbol provider or `guessOutline`. */
  outline: readonly OutlineEntry[];
  /** Lines at the cursor or selection (0-based, inclusive), kept before any declaration. */
  focus?: { start: number; end: number };
  /** Most tokens the result may take. */
  limit: number;
  count: (text: string) => number;
}

/**
 * A file cut to what fits `limit` tokens: the lines around the focus, then declarations
 * (outermost first), in file order, with every gap marked by a line saying which lines are left
 * out. Returns `undefined` when not even one line fits. Deterministic: the same file, outline and
 * limit give the same text, so a conversation's prompt prefix stays byte-stable for caching.
 */
export function outlineFile(input: OutlineInput): string | undefined {
  const lines = input.text.replace(/\n$/, "").split("\n");
  const wanted = priorities(lines.length, input.outline, input.focus);
  // Each kept line costs about its own tokens; a gap marker about eight. Checked exactly below.
  const cost = lines.map((l) => input.count(shorten(l)) + 1);
  const kept = new Set<number>();
  let estimate = 8;
  for (const line of wanted) {
    // A line next to one already kept adds no gap marker; any other about eight tokens.
    const next = estimate + (cost[line] ?? 0) + (kept.has(line - 1) || kept.has(line + 1) ? 0 : 8);
    if (next > input.limit) continue;
    kept.add(line);
    estimate = next;
  }
  const order = wanted.filter((line) => kept.has(line));
  while (order.length > 0) {
    const text = render(lines, order);
    if (input.count(text) <= input.limit) return text;
    order.pop();
  }
  return undefined;
}

/** Line numbers in the order they are worth keeping, each once. */
function priorities(total: number, outline: readonly OutlineEntry[], focus: OutlineInput["focus"]): number[] {
  const order: number[] = [];
  if (focus) {
    const start = Math.max(0, Math.min(focus.start, total - 1));
    const end = Math.max(start, Math.min(focus.end, total - 1));
    for (let i = start; i <= end; i++) order.push(i);
    for (let d = 1; d <= FOCUS_MARGIN; d++) order.push(start - d, end + d);
  }
  const declarations = outline.filter((e) => e.line >= 0 && e.line < total).sort((a, b) => a.depth - b.depth || a.line - b.line);
  order.push(...declarations.map((e) => e.line));
  const seen = new Set<number>();
  return order.filter((i) => i >= 0 && i < total && !seen.has(i) && seen.add(i));
}

/** The kept lines in file order, a marker line for each run left out. */
function render(lines: readonly string[], kept: readonly number[]): string {
  const sorted = [...kept].sort((a, b) => a - b);
  const out: string[] = [];
  let next = 0;
  for (const i of sorted) {
    if (i > next) out.push(gap(next, i - 1));
    out.push(shorten(lines[i] ?? ""));
    next = i + 1;
  }
  if (next < lines.length) out.push(gap(next, lines.length - 1));
  return out.join("\n");
}

/** The elision marker, naming the lines (1-based, as editors show them) that are not sent. */
export function gap(from: number, to: number): string {
  return from === to ? `… line ${from + 1} not sent …` : `… lines ${from + 1}-${to + 1} not sent …`;
}

function shorten(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} …` : line;
}
