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
  const last = end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
  return last === start.line ? `${start.line + 1}` : `${start.line + 1}-${last + 1}`;
}
