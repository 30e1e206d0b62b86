import type { FileSymbol } from "./conversation";

// Lines that start a declaration in the common languages: modifiers, then a keyword and the name.
const MODIFIERS = String.raw`(?:(?:export|default|public|private|protected|internal|static|abstract|async|override|readonly|declare|pub(?:\([\w:]+\))?|unsafe|extern|final|open|suspend|inline)\s+)*`;
const KEYWORD = new RegExp(
  String.raw`^\s*${MODIFIERS}(function\*?|class|interface|enum|struct|trait|fn|def|func|module|namespace|record|impl|object)\s+(?:\([^)]*\)\s*)?([A-Za-z_$][\w$]*)`,
);
const TYPE_ALIAS = new RegExp(String.raw`^\s*${MODIFIERS}type\s+([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*=`);
const CONSTRUCTOR = new RegExp(String.raw`^\s*${MODIFIERS}(constructor)\s*\(`);
const ACCESSOR = new RegExp(String.raw`^\s*${MODIFIERS}(get|set)\s+([\w$]+)\s*\(`);
// `const name = (…) =>`, `const name = function`, `let name = async x =>`.
const FUNCTION_VALUE = new RegExp(String.raw`^\s*${MODIFIERS}(?:const|let|var)\s+([\w$]+)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:\(|function\b|[\w$]+\s*=>)`);
// A method in a class body: `name(args) {` or `name(args): Type {`, not a call or a control statement.
const METHOD = new RegExp(String.raw`^(?!.*=>)\s+${MODIFIERS}\*?#?([\w$]+)\s*(?:<[^>]*>)?\s*\([^;]*$`);
const CONTROL = /^\s*(?:if|for|while|switch|catch|return|await|throw|else|do|try|with|new|yield|typeof|delete|elif|except|assert|raise|print)\b/;
const KINDS: Record<string, string> = { def: "function", fn: "function", func: "function", "function*": "function", impl: "class", object: "class" };
/** Languages whose blocks are their indentation. */
const INDENTED = new Set(["python", "py", "coffeescript", "nim", "gdscript", "mojo", "starlark", "bazel"]);
/** How far below a declaration its body's opening brace may be (a long parameter list). */
const SIGNATURE_LINES = 12;

/**
 * The file's declarations and their extents, guessed from the text where no symbol provider
 * supplied them (the CLI, a language without one): declaration-like lines, each spanning its
 * block, found by indentation in Python-like languages and by brackets elsewhere, with the
 * decorators and comment lines just above it. Depth is how many guessed symbols enclose it.
 */
export function guessSymbols(text: string, language: string): FileSymbol[] {
  const lines = text.replace(/\n$/, "").split("\n");
  const indented = INDENTED.has(language.toLowerCase()) || (language === "" && lines.some((l) => /^\s*def\s+\w+\s*\(.*\)\s*(?:->.*)?:\s*(?:#.*)?$/.test(l)));
  const symbols: Omit<FileSymbol, "depth">[] = [];
  lines.forEach((line, i) => {
    const found = declaration(lines, i);
    if (!found) return;
    const end = indented || line.trimEnd().endsWith(":") ? indentedEnd(lines, i) : bracketEnd(lines, i);
    symbols.push({ ...found, line: i, start: leadingLines(lines, i), end });
  });
  return symbols.map((s) => ({ ...s, depth: symbols.filter((o) => o !== s && o.start <= s.start && o.end >= s.end && (o.start < s.start || o.end > s.end || o.line < s.line)).length }));
}

function declaration(lines: readonly string[], at: number): { name: string; kind: string } | undefined {
  const line = lines[at];
  if (line.trim() === "" || CONTROL.test(line)) return undefined;
  const keyword = KEYWORD.exec(line);
  if (keyword) return { name: keyword[2], kind: KINDS[keyword[1]] ?? keyword[1] };
  const alias = TYPE_ALIAS.exec(line);
  if (alias) return { name: alias[1], kind: "type" };
  if (CONSTRUCTOR.test(line)) return { name: "constructor", kind: "constructor" };
  const accessor = ACCESSOR.exec(line);
  if (accessor) return { name: accessor[2], kind: "property" };
  const value = FUNCTION_VALUE.exec(line);
  if (value) return { name: value[1], kind: "function" };
  // A method opens its body on its own line or the next (`)` alone could end a call), or after
  // parameters on lines of their own, closed at its own indentation by `) … {`.
  const method = METHOD.exec(line);
  const end = line.trimEnd();
  const next = lines[at + 1] ?? "";
  if (!method) return undefined;
  if (end.endsWith("{") || (/\)(?:\s*:\s*[\w$<>[\]|. ]+)?$/.test(end) && next.trim().startsWith("{"))) return { name: method[1], kind: "method" };
  if (end.endsWith("(")) {
    const closing = lines.slice(at + 1, at + SIGNATURE_LINES).find((l) => indentOf(l) === indentOf(line) && l.trim().startsWith(")"));
    if (closing?.trimEnd().endsWith("{")) return { name: method[1], kind: "method" };
  }
  return undefined;
}

const indentOf = (line: string): number => (/^[ \t]*/.exec(line)?.[0] ?? "").replace(/\t/g, "    ").length;

/** Decorators and comment lines directly above a declaration, at its indentation, are part of it. */
function leadingLines(lines: readonly string[], at: number): number {
  const indent = indentOf(lines[at]);
  let start = at;
  while (start > 0) {
    const above = lines[start - 1];
    if (above.trim() === "" || indentOf(above) !== indent || !/^\s*(?:@|#(?!!)|\/\/|\/\*|\*|--)/.test(above)) break;
    start--;
  }
  return start;
}

/**
 * The last line of an indented block: the signature runs to its closing bracket and colon, the
 * body while lines are indented deeper (blank lines and triple-quoted strings inside it count).
 */
function indentedEnd(lines: readonly string[], at: number): number {
  const indent = indentOf(lines[at]);
  let i = at;
  let depth = 0;
  // The signature: brackets may carry it over several lines.
  for (; i < lines.length && i < at + SIGNATURE_LINES; i++) {
    depth += bracketBalance(lines[i]);
    if (depth <= 0) break;
  }
  let end = Math.min(i, lines.length - 1);
  let inString: string | undefined;
  for (let j = end + 1; j < lines.length; j++) {
    const line = lines[j];
    if (inString === undefined && line.trim() !== "" && indentOf(line) <= indent && !/^\s*[)\]}]/.test(line)) break;
    for (const quote of line.match(/"""|'''/g) ?? []) inString = inString === undefined ? quote : inString === quote ? undefined : inString;
    if (line.trim() !== "") end = j;
  }
  return end;
}

/**
 * The line of the bracket that closes the body a declaration opens: the first `{` outside
 * parentheses, within a few lines, and its match, skipping strings and comments. A declaration
 * that ends (`;`) before opening a body is one line, or the lines to its `;`.
 */
function bracketEnd(lines: readonly string[], at: number): number {
  let parens = 0;
  let braces = 0;
  let opened = false;
  let quote: string | undefined;
  let blockComment = false;
  for (let i = at; i < lines.length; i++) {
    if (!opened && i > at + SIGNATURE_LINES) return at;
    const line = lines[i];
    for (let c = 0; c < line.length; c++) {
      const ch = line[c];
      if (blockComment) {
        if (ch === "*" && line[c + 1] === "/") {
          blockComment = false;
          c++;
        }
        continue;
      }
      if (quote !== undefined) {
        if (ch === "\\") c++;
        else if (ch === quote) quote = undefined;
        continue;
      }
      if (ch === "/" && line[c + 1] === "/") break;
      if (ch === "/" && line[c + 1] === "*") {
        blockComment = true;
        c++;
      } else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
      else if (ch === "(" || ch === "[") parens++;
      else if (ch === ")" || ch === "]") parens--;
      else if (ch === "{" && parens <= 0) {
        braces++;
        opened = true;
      }
      else if (ch === "}" && parens <= 0) {
        braces--;
        if (opened && braces <= 0) return i;
      } else if (ch === ";" && !opened && parens <= 0) return i;
    }
    // A quote left open at the end of a line is a stray apostrophe in a lexer this simple,
    // except for template literals, which may span lines.
    if (quote !== "`") quote = undefined;
    // Without semicolons, a declaration that opened no body ends with a line that does not go on.
    if (!opened && parens <= 0 && quote === undefined && !blockComment && !continues(line, lines[i + 1] ?? "")) return i;
  }
  return opened ? lines.length - 1 : at;
}

/** Whether a statement goes on past this line: it ends with an operator or an opening, or the next line starts with one. */
function continues(line: string, next: string): boolean {
  const code = line.replace(/\/\/.*$/, "").trimEnd();
  return /[=,([{|&:?+\-*/<>.]$|=>$/.test(code) || /^\s*(?:[{.|&?:+\-*/=]|=>)/.test(next) || code === "";
}

/** Opening minus closing brackets on a line, outside strings and comments. */
function bracketBalance(line: string): number {
  const code = line.replace(/(["'])(?:\\.|(?!\1).)*\1/g, "").replace(/#.*$/, "");
  return (code.match(/[([{]/g)?.length ?? 0) - (code.match(/[)\]}]/g)?.length ?? 0);
}
