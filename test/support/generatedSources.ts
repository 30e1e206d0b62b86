// Source files made up from a seed, in Python, TypeScript, Go and Rust, that know where each of
// their functions is: the ground truth for placement's property tests (no parser needed to check).

export type GeneratedLanguage = "python" | "typescript" | "go" | "rust";
export const GENERATED_LANGUAGES: readonly GeneratedLanguage[] = ["python", "typescript", "go", "rust"];

/** A small fast seeded generator (mulberry32): the same seed makes the same file. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One statement of a body: a plain line, or a condition holding statements. */
type Statement = { line: number } | { inner: Statement[] };

/** A function of a generated file and where it stands (lines 0-based, inclusive). */
export interface GeneratedFunction {
  name: string;
  /** The class (impl) it is a method of, if any. */
  container?: string;
  /** Its doc comment's first line, if it has one. */
  doc?: number;
  line: number;
  end: number;
  /** The whitespace before its declaration. */
  indent: string;
}

export interface GeneratedFile {
  language: GeneratedLanguage;
  text: string;
  eol: string;
  /** One level of indentation: spaces or a tab. */
  unit: string;
  functions: GeneratedFunction[];
  /**
   * A new definition of `fn`, its body made from `seed` (the same seed, the same body), laid out
   * at `base` with `unit` a level, with a doc comment above it or not: as an answer writes it and
   * as the file should then hold it.
   */
  redefine(fn: GeneratedFunction, seed: number, layout: { base: string; unit: string; doc: boolean }): string[];
}

const WORDS = ["total", "price", "item", "cart", "count", "parse", "line", "word", "split", "merge", "score", "limit", "token", "cache", "page", "user", "order", "tax", "round", "scale"];

const pickOne = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

function nameFor(language: GeneratedLanguage, words: readonly string[]): string {
  const camel = words[0] + words.slice(1).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  return language === "python" || language === "rust" ? words.join("_") : camel;
}

function statements(random: () => number, depth = 0): Statement[] {
  const count = 1 + Math.floor(random() * 4);
  return Array.from({ length: count }, (): Statement => (depth < 2 && random() < 0.3 ? { inner: statements(random, depth + 1) } : { line: Math.floor(random() * 1000) }));
}

/** A body's lines, each level `unit` deeper than `base`. */
function body(language: GeneratedLanguage, list: readonly Statement[], base: string, unit: string): string[] {
  return list.flatMap((s) => {
    if ("line" in s) {
      const n = s.line;
      return [`${base}${{ python: `x = x + ${n}`, typescript: `x = x + ${n};`, go: `x = x + ${n}`, rust: `x = x + ${n};` }[language]}`];
    }
    const open = { python: "if x > 2:", typescript: "if (x > 2) {", go: "if x > 2 {", rust: "if x > 2 {" }[language];
    return [`${base}${open}`, ...body(language, s.inner, base + unit, unit), ...(language === "python" ? [] : [`${base}}`])];
  });
}

function functionLines(language: GeneratedLanguage, name: string, container: string | undefined, list: readonly Statement[], base: string, unit: string, doc: boolean): string[] {
  const inner = base + unit;
  const docLines = doc ? [`${base}${{ python: `# ${name} adds up.`, typescript: `/** ${name} adds up. */`, go: `// ${name} adds up.`, rust: `/// ${name} adds up.` }[language]}`] : [];
  switch (language) {
    case "python":
      return [...docLines, `${base}def ${name}(${container ? "self, " : ""}x):`, ...body(language, list, inner, unit), `${inner}return x`];
    case "typescript":
      return [...docLines, `${base}${container ? "" : "export function "}${name}(x: number): number {`, ...body(language, list, inner, unit), `${inner}return x;`, `${base}}`];
    case "go":
      return [...docLines, `${base}func ${container ? `(b *${container}) ` : ""}${name}(x int) int {`, ...body(language, list, inner, unit), `${inner}return x`, `${base}}`];
    case "rust":
      return [...docLines, `${base}pub fn ${name}(${container ? "&self, " : ""}mut x: u32) -> u32 {`, ...body(language, list, inner, unit), `${inner}x`, `${base}}`];
  }
}

/** A file of a few functions and one class (Go: a struct with methods), laid out by `random`. */
export function generateFile(language: GeneratedLanguage, random: () => number): GeneratedFile {
  const eol = random() < 0.5 ? "\r\n" : "\n";
  const unit = pickOne(random, ["  ", "    ", "\t"]);
  const lines: string[] = [];
  const functions: GeneratedFunction[] = [];
  const used = new Set<string>();
  const freshName = (): string => {
    for (;;) {
      const name = nameFor(language, [pickOne(random, WORDS), pickOne(random, WORDS)]);
      if (!used.has(name.toLowerCase().replace(/_/g, ""))) {
        used.add(name.toLowerCase().replace(/_/g, ""));
        return name;
      }
    }
  };
  const blank = language === "python" ? ["", ""] : [""];
  lines.push({ python: "import math", typescript: 'import { readFile } from "node:fs";', go: "package cart", rust: "use std::fmt;" }[language], ...blank);
  const add = (container: string | undefined, base: string): void => {
    const name = freshName();
    const doc = random() < 0.5;
    const fn = functionLines(language, name, container, statements(random), base, unit, doc);
    const start = lines.length;
    lines.push(...fn);
    functions.push({ name, ...(container ? { container } : {}), ...(doc ? { doc: start } : {}), line: start + (doc ? 1 : 0), end: lines.length - 1, indent: base });
  };
  const before = 1 + Math.floor(random() * 3);
  for (let i = 0; i < before; i++) {
    add(undefined, "");
    lines.push(...blank);
  }
  const box = language === "python" || language === "typescript" ? freshName().replace(/^./, (c) => c.toUpperCase()).replace(/_(.)/g, (_, c: string) => c.toUpperCase()) : "Box";
  used.add(box.toLowerCase());
  const methods = 1 + Math.floor(random() * 3);
  if (language === "go") {
    lines.push(`type ${box} struct {`, `${unit}x int`, "}", "");
    for (let i = 0; i < methods; i++) {
      add(box, "");
      lines.push("");
    }
  } else {
    lines.push({ python: `class ${box}:`, typescript: `export class ${box} {`, rust: `impl ${box} {` }[language]);
    for (let i = 0; i < methods; i++) {
      if (i > 0) lines.push("");
      add(box, unit);
    }
    if (language !== "python") lines.push("}");
    lines.push(...blank);
  }
  add(undefined, "");
  const finalBreak = random() < 0.8;
  return {
    language,
    text: lines.join(eol) + (finalBreak ? eol : ""),
    eol,
    unit,
    functions,
    redefine: (fn, seed, layout) => functionLines(language, fn.name, fn.container, statements(seeded(seed)), layout.base, layout.unit, layout.doc),
  };
}
