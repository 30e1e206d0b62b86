import type { Position } from "../util/selectionLines";
import type { Placement, PlacementInput } from "./placement";
import { replaceSymbols } from "./replaceSymbols";
import { TargetFile } from "./targetFile";
import type { TextEdit, TextRange } from "./textEdit";

/**
 * Where a code block of an answer goes in a file, decided the same way for every face:
 * 1. the symbols the block defines that the file has (by name, in any naming style: `fooBar`
 *    finds `foo_bar`) are each replaced whole, re-indented to where they stand (a method to its
 *    class's indentation); a class the block shows only in part (members of it left out) has
 *    just the members the block defines replaced, and its new ones added after its last;
 * 2. else, when the question was about a selection, the block replaces it, found again by its
 *    text when the file has changed since;
 * 3. else it goes in at the cursor (the end of the file without one), or becomes the new file.
 * The file's line endings and indentation (tabs or spaces) are kept, and every line outside the
 * replaced ranges is left byte for byte. The doc comment and decorators of a replaced symbol
 * stay unless the block brings its own. Types in `placement.ts`.
 */
export function placeBlock(input: PlacementInput): Placement {
  const code = blockLines(input.code);
  if (!input.target) {
    const text = code.length > 0 ? `${code.join("\n")}\n` : "";
    return { edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }], placed: { kind: "new-file" }, text };
  }
  const file = new TargetFile(input.target);
  const focus = input.cursor?.line ?? input.selection?.range.start.line;
  const bySymbols = replaceSymbols(file, code, input.language || input.target.language, focus);
  if (bySymbols) return file.result(bySymbols.edits, bySymbols.placed);
  const selection = input.selection && input.selection.text !== "" ? findSelection(file, input.selection) : undefined;
  if (selection) {
    const whole = selection.start.character === 0;
    const lines = whole ? file.indented(code, file.lineIndent(selection.start.line)) : code;
    const ends = input.selection!.text.endsWith("\n");
    const newText = lines.join(file.eol) + (ends ? file.eol : "");
    const moved = selection.start.line !== input.selection!.range.start.line || selection.start.character !== input.selection!.range.start.character;
    return file.result([{ range: selection, newText }], { kind: "selection", moved });
  }
  return file.result([atCursor(file, code, input.cursor)], { kind: "cursor", selectionLost: input.selection !== undefined && input.selection.text !== "" });
}

/** The block's lines, LF, without the blank lines a fence holds around the code. */
function blockLines(code: string): string[] {
  const lines = code.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length > 0 && lines[0].trim() === "") lines.shift();
  while (lines.length > 0 && lines.at(-1)!.trim() === "") lines.pop();
  return lines;
}

/** Rule 2: where the question's selection is now: where it was if its text is still there, else the nearest place that holds its text. */
function findSelection(file: TargetFile, selection: { text: string; range: TextRange }): TextRange | undefined {
  const from = file.offset(selection.range.start);
  const to = file.offset(selection.range.end);
  if (file.text.slice(from, to) === selection.text) return selection.range;
  for (const text of new Set([selection.text, selection.text.replace(/\r?\n/g, file.eol)])) {
    let best: number | undefined;
    for (let i = file.text.indexOf(text); i >= 0; i = file.text.indexOf(text, i + 1)) {
      if (best === undefined || Math.abs(i - from) < Math.abs(best - from)) best = i;
    }
    if (best !== undefined) return { start: file.position(best), end: file.position(best + text.length) };
  }
  return undefined;
}

/**
 * Rule 3: the block as whole lines at the cursor: on a blank line, there (at its indentation);
 * on a line with code, on the lines after it (at its indentation); without a cursor, at the end of
 * the file after a blank line). A blank line without indentation takes the block as written.
 */
function atCursor(file: TargetFile, code: readonly string[], cursor: Position | undefined): TextEdit {
  const last = file.lines.length - 1;
  const body = (indent: string | undefined): string => (indent === undefined ? file.restyled(code) : file.indented(code, indent)).join(file.eol);
  if (!cursor) {
    const end = file.position(file.text.length);
    const endsInBreak = file.lines[last] === "";
    const lastText = endsInBreak ? (file.lines[last - 1] ?? "") : file.lines[last];
    const gap = file.text === "" ? "" : (endsInBreak ? "" : file.eol) + (lastText.trim() === "" ? "" : file.eol);
    return { range: { start: end, end }, newText: gap + body(undefined) + file.eol };
  }
  const line = Math.min(Math.max(cursor.line, 0), last);
  const indent = file.lineIndent(line);
  if (file.lines[line].trim() === "") {
    const at = { line, character: 0 };
    return { range: { start: at, end: at }, newText: body(indent === "" ? undefined : indent) + file.eol };
  }
  if (line < last) {
    const at = { line: line + 1, character: 0 };
    return { range: { start: at, end: at }, newText: body(indent) + file.eol };
  }
  const at = { line, character: file.lines[line].length };
  return { range: { start: at, end: at }, newText: file.eol + body(indent) };
}
