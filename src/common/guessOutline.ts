import type { OutlineEntry } from "./conversation";

// Lines that start a declaration in the common languages: keywords first, then modifiers.
const DECLARATION =
  /^\s*(?:(?:export|default|public|private|protected|internal|static|abstract|async|override|readonly|pub(?:\([\w:]+\))?|unsafe|extern|final|open)\s+)*(?:function\b|class\b|interface\b|type\s+[\w$]+(?:<[^>]*>)?\s*=|enum\b|struct\b|trait\b|impl\b|fn\b|def\b|func\b|module\b|namespace\b|record\b|constructor\s*\(|(?:get|set)\s+[\w$]+\s*\(|(?:const|let|var)\s+[\w$]+\s*(?::[^=]+)?=\s*(?:async\s+)?(?:\(|function\b|[\w$]+\s*=>))/;
// A method in a class body: `name(args) {` or `name(args): Type {`, not a call or a control statement.
const METHOD = /^(?!.*=>)\s+(?:(?:public|private|protected|static|async|override|readonly)\s+)*\*?[\w$]+\s*(?:<[^>]*>)?\s*\([^;]*$/;
const CONTROL = /^\s*(?:if|for|while|switch|catch|return|await|throw|else|do|try|with|new|yield|typeof|delete)\b/;

/**
 * Declaration-like lines of a file, for where no symbol provider supplied an outline (the CLI, a
 * language without one). Depth is the indentation in steps of the file's smallest indent.
 */
export function guessOutline(text: string): OutlineEntry[] {
  const lines = text.split("\n");
  const indents = lines.map((l) => /^[ \t]*/.exec(l)?.[0].replace(/\t/g, "    ").length ?? 0);
  const step = Math.min(...indents.filter((n, i) => n > 0 && lines[i]?.trim() !== ""), 8);
  const entries: OutlineEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "" || CONTROL.test(line)) return;
    if (DECLARATION.test(line) || (METHOD.test(line) && /[{:]\s*$|\)\s*$/.test(line.trimEnd()) && !line.trimEnd().endsWith(";"))) {
      entries.push({ line: i, depth: Math.round((indents[i] ?? 0) / step) });
    }
  });
  return entries;
}
