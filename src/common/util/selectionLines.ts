/** A position as editors give it: zero-based line and character. */
export interface Position {
  line: number;
  character: number;
}

/**
 * The lines a selection covers, one-based, as a person reads them: "5" or "1-4". A selection that
 * ends at the very start of a line (dragging to the next line's edge, or Shift+Down) does not
 * include that line.
 */
export function selectionLines(start: Position, end: Position): string {
  return linesLabel(selectionRange(start, end));
}

/** The lines (0-based, inclusive) a selection covers, by the same rule. */
export function selectionRange(start: Position, end: Position): { start: number; end: number } {
  return { start: start.line, end: end.character === 0 && end.line > start.line ? end.line - 1 : end.line };
}

/** Lines (0-based, inclusive) as a person reads them, one-based: "5" or "1-4". */
export function linesLabel(lines: { start: number; end: number }): string {
  return lines.end === lines.start ? `${lines.start + 1}` : `${lines.start + 1}-${lines.end + 1}`;
}
