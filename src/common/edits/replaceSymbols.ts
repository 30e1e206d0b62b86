import type { FileSymbol } from "../conversation/conversation";
import { nameKey } from "../util/identifierWords";
import { blockSymbols } from "./blockSymbols";
import { indentStyle, leadingWhitespace, reindent } from "./indentation";
import type { Placed, ReplacedSymbol } from "./placement";
import type { TargetFile } from "./targetFile";
import type { TextEdit } from "./textEdit";

/** Kinds that hold members: a block's class matches the file's class, not a function of the same name. */
const CONTAINER_KINDS = new Set(["class", "interface", "struct", "enum", "trait", "module", "namespace", "object", "impl"]);

/** One symbol of the target matched by one of the block. */
interface Match {
  own: FileSymbol;
  target: FileSymbol;
}

/**
 * Placement's first rule: the edits that replace the symbols the block redefines (see
 * `placeBlock`), or undefined when it redefines none of the file's.
 */
export function replaceSymbols(file: TargetFile, code: readonly string[], language: string, focus: number | undefined): { edits: TextEdit[]; placed: Placed } | undefined {
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
