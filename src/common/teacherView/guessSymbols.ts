import type { FileSymbol } from "../conversation/conversation";

// Lines that start a declaration in the common languages: modifiers, then a keyword and the name.
const MODIFIERS = String.raw`(?:(?:export|default|public|private|protected|internal|static|abstract|async|override|readonly|declare|pub(?:\([\w:]+\))?|unsafe|extern(?:\s+"[^"]*")?|final|open|suspend|inline|sealed|partial|virtual|synchronized|native|data|inner|value|companion|operator|infix|tailrec|const(?=\s+(?:fn|unsafe|async)\b)|(?:enum|annotation)(?=\s+class\b))\s+)*`;
const KEYWORD = new RegExp(
  String.raw`^\s*${MODIFIERS}(function\*?|class|interface|enum|struct|trait|fn|def|func|fun|module|namespace|record|object)\s+(?:\([^)]*\)\s*)?(?:<[^>]*>\s*)?(?:self\.)?([A-Za-z_$][\w$]*)`,
);
// A Kotlin extension function is named after its receiver type: `fun List<Int>.total(`.
const KOTLIN_EXTENSION = new RegExp(String.raw`^\s*${MODIFIERS}fun\s+(?:<[^>]*>\s*)?[\w.<>?, ]+\.([A-Za-z_]\w*)\s*\(`);
const TYPE_ALIAS = new RegExp(String.raw`^\s*${MODIFIERS}type\s+([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\s*=`);
// Go: `type Limiter struct {`, `type Limit float64`.
const GO_TYPE = /^\s*type\s+([A-Za-z_]\w*)(?:\[[^\]]*\])?\s+(struct|interface)?/;
const CONSTRUCTOR = new RegExp(String.raw`^\s*${MODIFIERS}(constructor)\s*\(`);
const ACCESSOR = new RegExp(String.raw`^\s*${MODIFIERS}(get|set)\s+([\w$]+)\s*\(`);
// `const name = (…) =>`, `const name = function`, `let name = async x =>`.
const FUNCTION_VALUE = new RegExp(String.raw`^\s*${MODIFIERS}(?:const|let|var)\s+([\w$]+)\s*(?::[^=]+)?=\s*(?:async\s+)?(?:\(|function\b|[\w$]+\s*=>)`);
// A method in a class body: `name(args) {` or `name(args): Type {`, not a call or a control statement.
const METHOD = new RegExp(String.raw`^(?!.*=>)\s+${MODIFIERS}\*?#?([\w$]+)\s*(?:<[^>]*>)?\s*\([^;]*$`);
// C, C++, Java, C#: a return type, then the name (`Class::name` outside its class), then the parameters.
const TYPED = new RegExp(
  String.raw`^\s*${MODIFIERS}(?:template\s*<.*>\s*|<.*?>\s+)?((?:(?:::)?[A-Za-z_$][\w$:<>,.?[\]*&]*(?:\s+|\s*[*&]+\s*))*?)(~?[A-Za-z_$][\w$]*(?:::~?[A-Za-z_$][\w$]*)*|operator\s*[^\s(]+)\s*\(`,
);
const CONTROL =
  /^\s*(?:if|for|foreach|while|switch|catch|return|await|throw|else|elseif|elif|do|try|with|new|yield|typeof|delete|except|assert|raise|print|case|goto|using|lock|fixed|synchronized|when|unless|until|sizeof|co_return|co_await)\b/;
const KINDS: Record<string, string> = { def: "function", fn: "function", func: "function", fun: "function", "function*": "function", object: "class" };
/** Languages whose blocks are their indentation. */
const INDENTED = new Set(["python", "py", "coffeescript", "nim", "gdscript", "mojo", "starlark", "bazel"]);
/** Languages whose blocks close with `end`. */
const END_CLOSED = new Set(["ruby", "rb", "crystal"]);
/** Languages that declare a function by its return type and name (VS Code's ids, and the names code fences use). */
const TYPED_LANGUAGES = new Set(["c", "cpp", "c++", "cuda-cpp", "objective-c", "objective-cpp", "java", "csharp", "cs", "dart", "cc", "h", "hpp"]);
/** How far below a declaration its body's opening brace may be (a long parameter list). */
const SIGNATURE_LINES = 12;

/**
 * The file's declarations and their extents, guessed from the text where no symbol provider
 * supplied them (the CLI, a language without one): declaration-like lines, each spanning its
 * block, found by indentation in Python-like languages, by `end` in Ruby and by brackets
 * elsewhere, with the decorators, attributes and comment lines just above it. A Rust `impl` is
 * named after its type, so its methods are `Type.method`. Depth is how many guessed symbols
 * enclose it.
 */
export function guessSymbols(text: string, language: string): FileSymbol[] {
  const lines = text.replace(/\n$/, "").split("\n");
  const lang = language.toLowerCase();
  const indented = INDENTED.has(lang) || (language === "" && lines.some((l) => /^\s*def\s+\w+\s*\(.*\)\s*(?:->.*)?:\s*(?:#.*)?$/.test(l)));
  const symbols: Omit<FileSymbol, "depth">[] = [];
  lines.forEach((line, i) => {
    const found = declaration(lines, i, lang);
    if (!found) return;
    let end: number;
    if (END_CLOSED.has(lang)) end = endKeywordEnd(lines, i);
    else if (indented || line.trimEnd().endsWith(":")) end = indentedEnd(lines, i);
    else {
      const block = bracketEnd(lines, i, lang);
      // A typed declaration without a body is a prototype, a call or a variable, not a definition.
      if (found.typed && !block.opened) return;
      end = block.end;
    }
    symbols.push({ name: found.name, kind: found.kind, line: i, start: leadingLines(lines, i), end });
  });
  return symbols.map((s) => ({ ...s, depth: symbols.filter((o) => o !== s && o.start <= s.start && o.end >= s.end && (o.start < s.start || o.end > s.end || o.line < s.line)).length }));
}

function declaration(lines: readonly string[], at: number, language: string): { name: string; kind: string; typed?: boolean } | undefined {
  const line = lines[at];
  if (line.trim() === "" || CONTROL.test(line)) return undefined;
  if (language === "rust" && /^\s*(?:unsafe\s+)?impl\b/.test(line)) return implDeclaration(line);
  if (language === "go") {
    const type = GO_TYPE.exec(line);
    if (type) return { name: type[1], kind: type[2] ?? "type" };
  }
  if (language === "kotlin") {
    const extension = KOTLIN_EXTENSION.exec(line);
    if (extension) return { name: extension[1], kind: "function" };
  }
  const keyword = KEYWORD.exec(line);
  // In C-like languages `struct stat st;` declares a variable: a type declaration there opens a body.
  if (keyword && TYPED_LANGUAGES.has(language)) return line.includes("=") ? undefined : { name: keyword[2], kind: KINDS[keyword[1]] ?? keyword[1], typed: true };
  if (keyword) return { name: keyword[2], kind: KINDS[keyword[1]] ?? keyword[1] };
  const alias = TYPE_ALIAS.exec(line);
  if (alias) return { name: alias[1], kind: "type" };
  if (CONSTRUCTOR.test(line)) return { name: "constructor", kind: "constructor" };
  const accessor = ACCESSOR.exec(line);
  if (accessor) return { name: accessor[2], kind: "property" };
  const value = FUNCTION_VALUE.exec(line);
  if (value) return { name: value[1], kind: "function" };
  // A condition carried over from the line above (`a ||`, `foo(`) is no declaration.
  if (/==|!=|&&|\|\|/.test(line) || /(?:&&|\|\||\()\s*$/.test(lines[at - 1] ?? "")) return undefined;
  if (TYPED_LANGUAGES.has(language)) {
    const typed = TYPED.exec(line);
    const name = typed?.[2];
    // A return type, or a constructor defined outside its class (`Type::Type(`).
    if (name && (typed[1].trim() !== "" || name.includes("::")) && !/^(?:if|for|while|switch|catch|return|sizeof|alignof|decltype|defined|new|delete)$/.test(name) && !/=|\breturn\b/.test(line.slice(0, typed.index + typed[0].length))) {
      return { name, kind: name.includes("::") ? "method" : "function", typed: true };
    }
  }
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

/** A Rust `impl<T> Trait for Type<T>` block, named after the type it is for. */
function implDeclaration(line: string): { name: string; kind: string } | undefined {
  let rest = line.replace(/^\s*(?:unsafe\s+)?impl\s*/, "");
  if (rest.startsWith("<")) rest = rest.slice(closingAngle(rest) + 1);
  const header = rest.split(/\{|\bwhere\b/)[0];
  const target = / for\s+(.+)$/.exec(header)?.[1] ?? header;
  const path = target.replace(/&(?:'\w+\s+)?(?:mut\s+)?/, "").split("<")[0].trim();
  const name = /([A-Za-z_]\w*)$/.exec(path)?.[1];
  return name ? { name, kind: "impl" } : undefined;
}

/** The index of the `>` that closes the `<` at the start of `text`. */
function closingAngle(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "<") depth++;
    else if (text[i] === ">" && text[i - 1] !== "-" && --depth === 0) return i;
  }
  return text.length - 1;
}

const indentOf = (line: string): number => (/^[ \t]*/.exec(line)?.[0] ?? "").replace(/\t/g, "    ").length;

/** Decorators, attributes, `template <…>` lines and comment lines directly above a declaration, at its indentation, are part of it. */
function leadingLines(lines: readonly string[], at: number): number {
  const indent = indentOf(lines[at]);
  let start = at;
  while (start > 0) {
    const above = lines[start - 1];
    // A block comment's inner lines (` * …`) sit one column further in.
    const inner = /^\s*\*/.test(above) && indentOf(above) === indent + 1;
    if (above.trim() === "" || (indentOf(above) !== indent && !inner) || !/^\s*(?:@|#(?!!|if|else|endif|define|include|pragma|undef)|\/\/|\/\*|\*|--|\[|template\s*<)/.test(above)) break;
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
 * The last line of a block closed by `end` (Ruby): the first later line at the declaration's
 * indentation or less, if it is its `end`; the declaration alone when it ends on its own line
 * (`def name; end`, `def name = value`).
 */
function endKeywordEnd(lines: readonly string[], at: number): number {
  const line = lines[at].replace(/#.*$/, "");
  if (/\bend\s*$/.test(line) || /^\s*def\s+[\w.?!]+(?:\([^)]*\))?\s*=[^=~>]/.test(line)) return at;
  const indent = indentOf(lines[at]);
  let last = at;
  for (let j = at + 1; j < lines.length; j++) {
    const l = lines[j];
    if (l.trim() === "") continue;
    if (indentOf(l) <= indent) return /^\s*end\b/.test(l) ? j : last;
    last = j;
  }
  return last;
}

/**
 * The line of the bracket that closes the body a declaration opens: the first `{` outside
 * parentheses, within a few lines, and its match, skipping strings and comments (and Rust's
 * lifetimes, which look like an open quote). A declaration that ends (`;`) before opening a body
 * is one line, or the lines to its `;`.
 */
function bracketEnd(lines: readonly string[], at: number, language: string): { end: number; opened: boolean } {
  let parens = 0;
  let braces = 0;
  let opened = false;
  let quote: string | undefined;
  let blockComment = false;
  for (let i = at; i < lines.length; i++) {
    if (!opened && i > at + SIGNATURE_LINES) return { end: at, opened };
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
      } else if (ch === "'" && language === "rust" && /^'[A-Za-z_]\w*(?!')/.test(line.slice(c)) && line[c + 2] !== "'") continue;
      else if (ch === '"' || ch === "'" || ch === "`") quote = ch;
      else if (ch === "(" || ch === "[") parens++;
      else if (ch === ")" || ch === "]") parens--;
      else if (ch === "{" && parens <= 0) {
        braces++;
        opened = true;
      }
      else if (ch === "}" && parens <= 0) {
        braces--;
        if (opened && braces <= 0) return { end: i, opened };
      } else if (ch === ";" && !opened && parens <= 0) return { end: i, opened };
    }
    // A quote left open at the end of a line is a stray apostrophe in a lexer this simple,
    // except for template literals, which may span lines.
    if (quote !== "`") quote = undefined;
    // Without semicolons, a declaration that opened no body ends with a line that does not go on.
    if (!opened && parens <= 0 && quote === undefined && !blockComment && !continues(line, lines[i + 1] ?? "")) return { end: i, opened };
  }
  return { end: opened ? lines.length - 1 : at, opened };
}

/** Whether a statement goes on past this line: it ends with an operator or an opening, or the next line starts with one. */
function continues(line: string, next: string): boolean {
  const code = line.replace(/\/\/.*$/, "").trimEnd();
  return /[=,([{|&:?+\-*/<>.]$|=>$|\bwhere$/.test(code) || /^\s*(?:[{.|&?:+\-*/=]|=>|where\b)/.test(next) || code === "";
}

/** Opening minus closing brackets on a line, outside strings and comments. */
function bracketBalance(line: string): number {
  const code = line.replace(/(["'])(?:\\.|(?!\1).)*\1/g, "").replace(/#.*$/, "");
  return (code.match(/[([{]/g)?.length ?? 0) - (code.match(/[)\]}]/g)?.length ?? 0);
}
