/** How many lines on each side of the cursor go with it when a file is too long to attach whole. */
export const AROUND_LINES = 30;

/**
 * The lines (0-based, inclusive) of a file too long to attach whole that a question about
 * `focus` needs: the focus lines whole, then the lines around them, one on each side at a time,
 * while the excerpt stays within `maxChars` (at most `around` lines a side). `undefined` when
 * the focus lines alone are longer than that.
 */
export function linesAround(lines: readonly string[], focus: { start: number; end: number }, maxChars: number, around = AROUND_LINES): { start: number; end: number } | undefined {
  const end = Math.min(focus.end, lines.length - 1);
  let chars = lines.slice(focus.start, end + 1).reduce((n, l) => n + l.length + 1, -1);
  if (chars > maxChars) return undefined;
  const span = { start: focus.start, end };
  // Each side grows by a whole line while it fits; a side that meets a line too long stops there.
  let above = true;
  let below = true;
  for (let step = 0; step < around && (above || below); step++) {
    const up = span.start - 1;
    above &&= up >= 0 && chars + lines[up].length + 1 <= maxChars;
    if (above) {
      chars += lines[up].length + 1;
      span.start = up;
    }
    const down = span.end + 1;
    below &&= down < lines.length && chars + lines[down].length + 1 <= maxChars;
    if (below) {
      chars += lines[down].length + 1;
      span.end = down;
    }
  }
  return span;
}
