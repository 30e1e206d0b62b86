import type { FileSymbol } from "../conversation";
import { guessSymbols } from "../guessSymbols";
import { nameKey } from "../identifierWords";
import { outlineSymbols } from "../rankSymbols";
import type { Position } from "../selectionLines";
import { blockSymbols } from "./blockSymbols";
import { indentStyle, leadingWhitespace, reindent, type IndentStyle } from "./indentation";
import { applyEdits, lineStarts, offsetAt, positionAt, type TextEdit, type TextRange } from "./textEdit";

/** The file a block goes into, as it is now. */
export interface PlacementTarget {
  text: string;
  /** Language id (`typescript`, `python`, …), for guessing symbols where none are given. */
  language: string;
  /**
   * The file's symbols with their whole ranges, as the editor's symbol provider gives them (the
   * same data as the teacher's view); guessed from the text when absent, as the terminal does.
   */
  symbols?: readonly FileSymbol[];
}

export interface PlacementInput {
  /** The block's code, as the answer's fence holds it. */
  code: string;
  /** The block's language (the fence's), else the target's. */
  language: string;
  /** Undefined when the target file does not exist yet: the block becomes the new file. */
  target: PlacementTarget | undefined;
  /** The selection the question was about, as it was when asked: its text and where it was. */
  selection?: { text: string; range: TextRange };
  /** The cursor; without one, code that goes at the cursor goes at the end of the file. */
  cursor?: Position;
}

/** A symbol of the target a block replaced: its name (`Parent.name`) and its lines before the edit (0-based, inclusive). */
export interface ReplacedSymbol {
  name: string;
  lines: { start: number; end: number };
}

/** What the placement did, for the face to say before the user accepts it. */
export type Placed =
  /** Symbols the block redefines replaced, each whole; `added`: members of a class it redefines in part that the class did not have, put after its last member. */
  | { kind: "symbols"; replaced: readonly ReplacedSymbol[]; added: readonly string[] }
  /** The question's selection replaced; `moved`: found again by its content, elsewhere than it was. */
  | { kind: "selection"; moved: boolean }
  /** Put at the cursor (at the end without one); `selectionLost`: the question's selection is no longer in the file. */
  | { kind: "cursor"; selectionLost: boolean }
  | { kind: "new-file" };

export interface Placement {
  /** The edits to make to the target's text as it is now (for a new file: one insertion into empty text). */
  edits: TextEdit[];
  placed: Placed;
  /** The target's text with the edits made. */
  text: string;
}

const CONTAINER_KINDS = new Set(["class", "interface", "struct", "enum", "trait", "module", "namespace", "object", "impl"]);

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
 * replaced ranges is left byte for byte. A symbol kept a doc comment or decorators the block
 * does not bring: they stay.
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

/** The target as placement reads it: its lines without line endings, its style and symbols. */
class TargetFile {
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

/** One symbol of the target matched by one of the block. */
interface Match {
  own: FileSymbol;
  target: FileSymbol;
}

/** Rule 1: the edits that replace the symbols the block redefines, or undefined when it redefines none. */
function replaceSymbols(file: TargetFile, code: readonly string[], language: string, focus: number | undefined): { edits: TextEdit[]; placed: Placed } | undefined {
  const own = blockSymbols(code.join("\n"), language);
  const used: FileSymbol[] = [];
  const matches: Match[] = [];
  /** Symbols of the block the target lacks, beside ones it has: they go after the last of those. */
  const added: { own: FileSymbol; after: FileSymbol; parent?: FileSymbol }[] = [];
  const unmatched: FileSymbol[] = [];
  for (const top of own.filter((s) => s.depth === 0)) {
    const target = pick(file.symbols, top, focus, used, undefined);
    if (!target) {
      unmatched.push(top);
      continue;
    }
    const ownChildren = childrenOf(own, top);
    const targetChildren = childrenOf(file.symbols, target);
    const partial = ownChildren.length > 0 && targetChildren.some((t) => !ownChildren.some((c) => nameKey(c.name) === nameKey(t.name)));
    const inner = partial ? ownChildren.map((c) => ({ own: c, target: pick(targetChildren, c, focus, used, target) })) : [];
    if (partial && inner.some((m) => m.target)) {
      // The class is shown in part: only the members it shows are its business.
      const last = targetChildren.reduce((a, b) => (b.end > a.end ? b : a));
      for (const m of inner) {
        if (m.target) {
          used.push(m.target);
          matches.push({ own: m.own, target: m.target });
        } else added.push({ own: m.own, after: last, parent: target });
      }
      continue;
    }
    used.push(target);
    matches.push({ own: top, target });
  }
  if (matches.length === 0) return undefined;
  const lastTop = matches.filter((m) => m.own.depth === 0).reduce<Match | undefined>((a, b) => (!a || b.target.end > a.target.end ? b : a), undefined);
  if (lastTop) for (const u of unmatched) added.push({ own: u, after: lastTop.target });

  const ownStyle = indentStyle(code);
  const moved = (s: FileSymbol, from: number, indent: string): string =>
    reindent(code.slice(from, s.end + 1), leadingWhitespace(code[s.line]), indent, ownStyle, file.style).join(file.eol);
  const edits: (TextEdit & { endLine: number; breakAfter: boolean })[] = [];
  const replaced: ReplacedSymbol[] = [];
  for (const { own: o, target: t } of matches.sort((a, b) => a.target.start - b.target.start)) {
    const ownFrom = leadingStart(code, o.line, () => true);
    const kinds = leadingKinds(code.slice(ownFrom, o.line));
    // The target's doc comment and decorators stay unless the block brings its own.
    const from = leadingStart(file.lines, t.line, (k) => kinds.has(k));
    const { range, breakAfter } = file.linesRange(from, t.end);
    edits.push({ range, newText: moved(o, ownFrom, file.lineIndent(t.line)) + (breakAfter ? file.eol : ""), endLine: t.end, breakAfter });
    replaced.push({ name: qualified(file.symbols, t), lines: { start: from, end: t.end } });
  }
  for (const a of added) {
    const lines = moved(a.own, leadingStart(code, a.own.line, () => true), file.lineIndent(a.after.line));
    // Right after a replaced symbol: one edit, so that no two edits touch.
    const touching = edits.find((e) => e.endLine === a.after.end);
    if (touching) {
      touching.newText += touching.breakAfter ? file.eol + lines + file.eol : file.eol + file.eol + lines;
      continue;
    }
    const { range, breakAfter } = file.linesRange(a.after.end, a.after.end);
    const at = range.end;
    edits.push({ range: { start: at, end: at }, newText: breakAfter ? file.eol + lines + file.eol : file.eol + file.eol + lines, endLine: a.after.end, breakAfter });
  }
  return {
    edits: edits.map(({ range, newText }) => ({ range, newText })),
    placed: { kind: "symbols", replaced, added: added.map((a) => (a.parent ? `${a.parent.name}.${a.own.name}` : a.own.name)) },
  };
}

/**
 * The target's symbol a block's symbol redefines: the same name in any style, of a like kind,
 * inside `parent` when given, not taken yet and not overlapping one taken; of several, the one
 * at the cursor, then the outermost, then the first.
 */
function pick(symbols: readonly FileSymbol[], own: FileSymbol, focus: number | undefined, used: readonly FileSymbol[], parent: FileSymbol | undefined): FileSymbol | undefined {
  const key = nameKey(own.name);
  const container = CONTAINER_KINDS.has(own.kind);
  const found = symbols.filter(
    (s) =>
      nameKey(s.name) === key &&
      CONTAINER_KINDS.has(s.kind) === container &&
      (!parent || (s.depth === parent.depth + 1 && s.start >= parent.start && s.end <= parent.end)) &&
      !used.some((u) => u.start <= s.end && s.start <= u.end),
  );
  const at = (s: FileSymbol): number => (focus !== undefined && s.start <= focus && focus <= s.end ? 0 : 1);
  const kind = (s: FileSymbol): number => (s.kind === own.kind ? 0 : 1);
  return found.sort((a, b) => kind(a) - kind(b) || at(a) - at(b) || a.depth - b.depth || a.start - b.start)[0];
}

function childrenOf(symbols: readonly FileSymbol[], parent: FileSymbol): FileSymbol[] {
  return symbols.filter((s) => s.depth === parent.depth + 1 && s.start >= parent.start && s.end <= parent.end && s !== parent);
}

/** `Parent.name`, as the teacher's view names a symbol. */
function qualified(symbols: readonly FileSymbol[], s: FileSymbol): string {
  const parent = symbols.filter((p) => p.depth === s.depth - 1 && p.start <= s.start && p.end >= s.end).sort((a, b) => b.start - a.start)[0];
  return parent ? `${parent.name}.${s.name}` : s.name;
}

type LeadingKind = "comment" | "decorator";

/** A line that belongs above a declaration: a decorator or attribute, or a comment (a JSDoc's inner lines too). */
function leadingKind(line: string): LeadingKind | undefined {
  const t = line.trim();
  if (/^(?:@|#\[)/.test(t)) return "decorator";
  if (/^(?:\/\/|\/\*|\*|#(?!!)|--)/.test(t)) return "comment";
  return undefined;
}

function leadingKinds(lines: readonly string[]): Set<LeadingKind> {
  return new Set(lines.flatMap((l) => leadingKind(l) ?? []));
}

/** The first of the comment and decorator lines right above line `at` (of the kinds `take` accepts); `at` when none. */
function leadingStart(lines: readonly string[], at: number, take: (kind: LeadingKind) => boolean): number {
  const indent = leadingWhitespace(lines[at] ?? "").length;
  let start = at;
  while (start > 0) {
    const above = lines[start - 1];
    const kind = leadingKind(above);
    if (above.trim() === "" || !kind || !take(kind) || leadingWhitespace(above).length < indent) break;
    start--;
  }
  return start;
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
