import type { FileSymbol } from "../conversation/conversation";
import { guessSymbols } from "../teacherView/guessSymbols";
import { outlineSymbols } from "../teacherView/rankSymbols";
import type { Position } from "../util/selectionLines";
import { indentStyle, leadingWhitespace, reindent, type IndentStyle } from "./indentation";
import type { Placed, Placement, PlacementTarget } from "./placement";
import { applyEdits, lineStarts, offsetAt, positionAt, type TextEdit, type TextRange } from "./textEdit";

/** The target as placement reads it: its lines without line endings, its style and symbols. */
export class TargetFile {
  readonly text: string;
  /** The lines' text without `\r`; one more than the line breaks (the last may be ""). */
  readonly lines: string[];
  readonly eol: string;
  readonly style: IndentStyle;
  readonly symbols: FileSymbol[];
  private readonly starts: number[];

  constructor(target: PlacementTarget) {
    this.text = target.text;
    this.lines = target.text.split("\n").map((l) => l.replace(/\r$/, ""));
    const crlf = (target.text.match(/\r\n/g) ?? []).length;
    this.eol = crlf > 0 && crlf * 2 >= (target.text.match(/\n/g) ?? []).length ? "\r\n" : "\n";
    this.style = indentStyle(this.lines);
    this.symbols = outlineSymbols(target.symbols ?? guessSymbols(this.lines.join("\n"), target.language));
    this.starts = lineStarts(target.text);
  }

  lineIndent(line: number): string {
    return leadingWhitespace(this.lines[line] ?? "");
  }

  /** Code moved to `indent`, its own first level (its least indented line) becoming that. */
  indented(code: readonly string[], indent: string): string[] {
    const base = code.filter((l) => l.trim() !== "").map(leadingWhitespace).reduce((a, b) => (b.length < a.length ? b : a), leadingWhitespace(code[0] ?? ""));
    return reindent(code, base, indent, indentStyle(code), this.style);
  }

  /** Code as written, its indentation in the file's style (tabs or spaces). */
  restyled(code: readonly string[]): string[] {
    return reindent(code, "", "", indentStyle(code), this.style);
  }

  /** The range of whole lines `from` to `to` (inclusive): through the line break after `to`, where there is one. */
  linesRange(from: number, to: number): { range: TextRange; breakAfter: boolean } {
    const breakAfter = to + 1 < this.lines.length;
    const end = breakAfter ? { line: to + 1, character: 0 } : { line: to, character: this.lines[to].length };
    return { range: { start: { line: from, character: 0 }, end }, breakAfter };
  }

  offset(position: Position): number {
    return offsetAt(this.starts, this.text, position);
  }

  position(offset: number): Position {
    return positionAt(this.starts, offset);
  }

  result(edits: TextEdit[], placed: Placed): Placement {
    return { edits, placed, text: applyEdits(this.text, edits) };
  }
}
