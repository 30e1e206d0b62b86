/** How a file indents: with tabs or with spaces, and how many spaces make one level. */
export interface IndentStyle {
  tabs: boolean;
  /** Spaces per level; undefined when the text has no indented lines to tell by. */
  unit: number | undefined;
}

/** What a tab or a level stands for where nothing says otherwise. */
const DEFAULT_UNIT = 4;

/** The whitespace a line starts with. */
export const leadingWhitespace = (line: string): string => /^[ \t]*/.exec(line)?.[0] ?? "";

/** A run of leading whitespace's width, a tab counting as `tabWidth` spaces. */
const widthOf = (indent: string, tabWidth = DEFAULT_UNIT): number => [...indent].reduce((n, c) => n + (c === "\t" ? tabWidth : 1), 0);

/**
 * The indentation a text uses, read from its lines: tabs when more lines start with a tab than
 * with a space, and as the unit the step by which a line most often goes deeper than a line that
 * opens a block (ends in `:`, `{`, `(` or `[`). Only those count: a docstring's indented example
 * or a JSDoc's ` * ` is not a level of the code.
 */
export function indentStyle(lines: readonly string[]): IndentStyle {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let opener: number | undefined;
  for (const line of lines) {
    if (line.trim() === "" || /^\s*\*/.test(line)) continue;
    const lead = leadingWhitespace(line);
    if (lead.startsWith("\t")) tabs++;
    else if (lead.length > 0) spaces++;
    if (opener !== undefined && !lead.includes("\t") && lead.length > opener) steps.set(lead.length - opener, (steps.get(lead.length - opener) ?? 0) + 1);
    opener = /[:{([]\s*$/.test(line.replace(/\s(?:\/\/|#).*$/, "")) && !lead.includes("\t") ? lead.length : undefined;
  }
  // The most frequent step; of equals, the smaller.
  const unit = [...steps].sort((x, y) => y[1] - x[1] || x[0] - y[0])[0]?.[0];
  return { tabs: tabs > spaces, unit };
}

/**
 * Lines of code moved to another indentation: the whitespace each line has beyond `base` (the
 * indentation of the code's own first level) is kept as depth, written in the target's style,
 * after `indent` (the target's own whitespace at that place, tabs and all). A line indented less
 * than `base` (text at the margin inside a docstring) is left as it is; blank lines become empty.
 */
export function reindent(lines: readonly string[], base: string, indent: string, from: IndentStyle, to: IndentStyle): string[] {
  const baseWidth = widthOf(base, from.unit);
  return lines.map((line) => {
    if (line.trim() === "") return "";
    const lead = leadingWhitespace(line);
    const width = widthOf(lead, from.unit);
    if (width < baseWidth) return line;
    const depth = lead.startsWith(base) ? lead.slice(base.length) : " ".repeat(width - baseWidth);
    return indent + restyle(depth, from, to) + line.slice(lead.length);
  });
}

/**
 * Relative indentation written in the target's style: whole levels as tabs, or as the target's
 * unit of spaces (a 4-space answer goes into a 2-space file at 2 a level); what is left over
 * (a continuation aligned by hand) stays spaces.
 */
function restyle(depth: string, from: IndentStyle, to: IndentStyle): string {
  if (depth === "") return depth;
  const fromUnit = from.unit ?? DEFAULT_UNIT;
  const width = widthOf(depth, fromUnit);
  const levels = Math.floor(width / fromUnit);
  const rest = width - levels * fromUnit;
  if (to.tabs) return depth.includes(" ") ? "\t".repeat(levels) + " ".repeat(rest) : depth;
  const toUnit = to.unit ?? fromUnit;
  return depth.includes("\t") || toUnit !== fromUnit ? " ".repeat(levels * toUnit + rest) : depth;
}
