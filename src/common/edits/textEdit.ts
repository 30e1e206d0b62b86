import type { Position } from "../util/selectionLines";

/** A stretch of a document between two positions (zero-based lines, UTF-16 characters), as editors give it. */
export interface TextRange {
  start: Position;
  end: Position;
}

/**
 * One change to a document: `range` of its text becomes `newText`. The shape of VS Code's
 * `TextEdit` (and LSP's), so the editor takes it as it is and the terminal applies the same.
 */
export interface TextEdit {
  range: TextRange;
  newText: string;
}

/** Where each line of `text` starts, as offsets; the last entry is where a line after a final newline would start. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The offset of a position in `text`, given its `lineStarts`. */
export function offsetAt(starts: readonly number[], text: string, position: Position): number {
  const line = Math.min(Math.max(position.line, 0), starts.length - 1);
  const lineEnd = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
  return Math.min(starts[line] + Math.max(position.character, 0), lineEnd);
}

/** The position of an offset in `text`, given its `lineStarts`. */
export function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, character: offset - starts[low] };
}

/**
 * `text` with the edits made, as an editor makes them: every range is read in the original text,
 * so the edits must not overlap. Used for the result a face shows and the terminal's patch.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStarts(text);
  const spans = edits.map((e) => ({ from: offsetAt(starts, text, e.range.start), to: offsetAt(starts, text, e.range.end), text: e.newText })).sort((a, b) => a.from - b.from || a.to - b.to);
  let out = "";
  let at = 0;
  for (const s of spans) {
    if (s.from < at) throw new Error("Overlapping edits: each range must be apart from the others.");
    out += text.slice(at, s.from) + s.text;
    at = s.to;
  }
  return out + text.slice(at);
}
