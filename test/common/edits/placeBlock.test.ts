import { test } from "node:test";
import assert from "node:assert/strict";
import { placeBlock } from "../../../src/common/edits/placeBlock";
import type { Placement } from "../../../src/common/edits/placement";
import { applyEdits } from "../../../src/common/edits/textEdit";
import { GENERATED_LANGUAGES, generateFile, seeded, type GeneratedFile, type GeneratedFunction } from "../../support/generatedSources";

/** Files per language in each property. */
const RUNS = 60;

const pickOne = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

/** The function as an answer writes it: at the margin, four spaces a level, LF. */
const asAnswered = (file: GeneratedFile, fn: GeneratedFunction, seed: number, doc: boolean): string => file.redefine(fn, seed, { base: "", unit: "    ", doc }).join("\n");
/** The function as the file should hold it: at its place, the file's indentation. */
const asPlaced = (file: GeneratedFile, fn: GeneratedFunction, seed: number, doc: boolean): string[] => file.redefine(fn, seed, { base: fn.indent, unit: file.unit, doc });

/** The file's text with some of its line ranges (0-based, inclusive) replaced, in its own line endings. */
function replaced(file: { text: string; eol: string }, changes: readonly { from: number; to: number; lines: string[] }[]): string {
  const lines = file.text.split(file.eol);
  for (const c of [...changes].sort((a, b) => b.from - a.from)) lines.splice(c.from, c.to - c.from + 1, ...c.lines);
  return lines.join(file.eol);
}

function checkEdits(text: string, placement: Placement): void {
  assert.equal(applyEdits(text, placement.edits), placement.text, "the edits make the text the placement reports");
}

for (const language of GENERATED_LANGUAGES) {
  test(`${language}: a block redefining one function replaces exactly its lines; every other byte stays, CRLF and tabs too`, () => {
    let methods = 0;
    for (let seed = 1; seed <= RUNS; seed++) {
      const random = seeded(seed * 7919);
      const file = generateFile(language, random);
      const fn = pickOne(random, file.functions);
      const doc = random() < 0.5;
      if (fn.indent !== "") methods++;
      const placement = placeBlock({ code: asAnswered(file, fn, seed, doc), language, target: { text: file.text, language } });
      // A block with a doc comment replaces the function's own; without one, the function keeps it.
      const from = doc ? (fn.doc ?? fn.line) : fn.line;
      const context = `seed ${seed}, ${fn.container ? `${fn.container}.` : ""}${fn.name}, eol ${JSON.stringify(file.eol)}, unit ${JSON.stringify(file.unit)}\n${file.text}`;
      assert.deepEqual(placement.placed, { kind: "symbols", replaced: [{ name: fn.container && language !== "go" ? `${fn.container}.${fn.name}` : fn.name, lines: { start: from, end: fn.end } }], added: [] }, context);
      assert.equal(placement.text, replaced(file, [{ from, to: fn.end, lines: asPlaced(file, fn, seed, doc) }]), context);
      checkEdits(file.text, placement);
    }
    if (language !== "go") assert.ok(methods > 5, `methods in a class were tried (${methods} times): each kept its class's indentation`);
  });

  test(`${language}: a block redefining two functions replaces both, and nothing else`, () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const random = seeded(seed * 104729);
      const file = generateFile(language, random);
      const first = pickOne(random, file.functions);
      const second = pickOne(random, file.functions.filter((f) => f !== first));
      const code = `${asAnswered(file, first, seed, false)}\n\n${asAnswered(file, second, seed + 1, false)}\n`;
      const placement = placeBlock({ code, language, target: { text: file.text, language } });
      assert.equal(placement.placed.kind, "symbols", `seed ${seed}`);
      const expected = replaced(file, [
        { from: first.line, to: first.end, lines: asPlaced(file, first, seed, false) },
        { from: second.line, to: second.end, lines: asPlaced(file, second, seed + 1, false) },
      ]);
      assert.equal(placement.text, expected, `seed ${seed}: ${first.name} and ${second.name}\n${file.text}`);
      checkEdits(file.text, placement);
    }
  });

  test(`${language}: a block defining no function of the file goes in at the cursor, the file otherwise untouched`, () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const random = seeded(seed * 15485863);
      const file = generateFile(language, random);
      const fresh: GeneratedFunction = { name: language === "python" || language === "rust" ? "zz_fresh_helper" : "zzFreshHelper", line: 0, end: 0, indent: "" };
      const code = asAnswered(file, fresh, seed, false);
      const lines = file.text.split(file.eol);
      const cursor = { line: Math.floor(random() * lines.length), character: 0 };
      const placement = placeBlock({ code, language, target: { text: file.text, language }, cursor });
      assert.deepEqual(placement.placed, { kind: "cursor", selectionLost: false }, `seed ${seed}`);
      assert.equal(placement.edits.length, 1);
      const [edit] = placement.edits;
      assert.deepEqual(edit.range.start, edit.range.end, "an insertion: nothing of the file replaced");
      // On a line with code it goes after that line, on a blank line at it.
      const blank = lines[cursor.line].trim() === "";
      assert.equal(edit.range.start.line, blank || cursor.line === lines.length - 1 ? cursor.line : cursor.line + 1, `seed ${seed}: cursor on line ${cursor.line}`);
      assert.ok(placement.text.includes(code.split("\n")[0].trim()), "the block is in the result");
      if (file.eol === "\r\n") assert.doesNotMatch(placement.text, /[^\r]\n/, `seed ${seed}: only CRLF line ends`);
      checkEdits(file.text, placement);
    }
  });

  test(`${language}: the file edited after the answer (lines added above, another function changed) still has the function found`, () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const random = seeded(seed * 32452843);
      const file = generateFile(language, random);
      const fn = pickOne(random, file.functions);
      const other = pickOne(random, file.functions.filter((f) => f !== fn));
      const added = 1 + Math.floor(random() * 5);
      const comment = { python: "# added later", typescript: "// added later", go: "// added later", rust: "// added later" }[language];
      const lines = replaced(file, [{ from: 1, to: 0, lines: Array.from({ length: added }, () => comment) }]).split(file.eol);
      // The other function gets a line more inside its body.
      const bodyLine = other.line + added + 1;
      lines.splice(bodyLine, 0, lines[bodyLine].replace(/^(\s*).*$/, `$1${{ python: "x = x * 2", typescript: "x = x * 2;", go: "x = x * 2", rust: "x = x * 2;" }[language]}`));
      const now = { ...file, text: lines.join(file.eol) };
      const shift = (line: number): number => line + added + (other.line < line ? 1 : 0);
      const placement = placeBlock({ code: asAnswered(file, fn, seed, false), language, target: { text: now.text, language } });
      assert.equal(placement.text, replaced(now, [{ from: shift(fn.line), to: shift(fn.end), lines: asPlaced(file, fn, seed, false) }]), `seed ${seed}: ${fn.name}\n${now.text}`);
      checkEdits(now.text, placement);
    }
  });
}

test("names match in any naming style: a camelCase block replaces a snake_case function, and the other way", () => {
  const py = "def total_price(items):\n    return 0\n\n\ndef other():\n    pass\n";
  const placed = placeBlock({ code: "def totalPrice(items):\n    return sum(items)\n", language: "python", target: { text: py, language: "python" } });
  assert.equal(placed.text, "def totalPrice(items):\n    return sum(items)\n\n\ndef other():\n    pass\n");
  const ts = "export function totalPrice(items: number[]): number {\n  return 0;\n}\n";
  const back = placeBlock({ code: "function total_price(items: number[]): number {\n  return 1;\n}", language: "typescript", target: { text: ts, language: "typescript" } });
  assert.deepEqual(back.placed, { kind: "symbols", replaced: [{ name: "totalPrice", lines: { start: 0, end: 2 } }], added: [] });
});

test("a class shown in part (its other members left out) has only the members it shows replaced, and a new one added after its last", () => {
  const py = ["class Shape:", "    def size(self):", "        return 1", "", "    def grow(self, by):", "        self.by = by", "", "", "def area(r):", "    return r", ""].join("\n");
  const code = ["class Shape:", "    ...", "", "    def grow(self, by):", "        self.by = by * 2", "", "    def shrink(self):", "        self.by = 0"].join("\n");
  const placement = placeBlock({ code, language: "python", target: { text: py, language: "python" } });
  assert.deepEqual(placement.placed, { kind: "symbols", replaced: [{ name: "Shape.grow", lines: { start: 4, end: 5 } }], added: ["Shape.shrink"] });
  assert.equal(placement.text, ["class Shape:", "    def size(self):", "        return 1", "", "    def grow(self, by):", "        self.by = by * 2", "", "    def shrink(self):", "        self.by = 0", "", "", "def area(r):", "    return r", ""].join("\n"));
  // The whole class, every member shown: the class is replaced whole.
  const whole = placeBlock({ code: ["class Shape:", "    def size(self):", "        return 2", "", "    def grow(self, by):", "        pass"].join("\n"), language: "python", target: { text: py, language: "python" } });
  assert.deepEqual(whole.placed, { kind: "symbols", replaced: [{ name: "Shape", lines: { start: 0, end: 5 } }], added: [] });
});

test("a Rust impl shown with one method replaces that method only, not the struct of the same name", () => {
  const rs = ["pub struct Cart {", "    items: Vec<u32>,", "}", "", "impl Cart {", "    pub fn total(&self) -> u32 {", "        0", "    }", "", "    pub fn len(&self) -> usize {", "        self.items.len()", "    }", "}", ""].join("\n");
  const code = ["impl Cart {", "    pub fn total(&self) -> u32 {", "        self.items.iter().sum()", "    }", "}"].join("\n");
  const placement = placeBlock({ code, language: "rust", target: { text: rs, language: "rust" } });
  assert.deepEqual(placement.placed, { kind: "symbols", replaced: [{ name: "Cart.total", lines: { start: 5, end: 7 } }], added: [] });
  assert.ok(placement.text.includes("    pub fn total(&self) -> u32 {\n        self.items.iter().sum()\n    }\n\n    pub fn len"));
});

test("a new function beside a redefined one goes right after it", () => {
  const ts = "export function a(): number {\n  return 1;\n}\n\nexport function b(): number {\n  return 2;\n}\n";
  const code = "export function a(): number {\n  return helper();\n}\n\nfunction helper(): number {\n  return 3;\n}\n";
  const placement = placeBlock({ code, language: "typescript", target: { text: ts, language: "typescript" } });
  assert.deepEqual(placement.placed, { kind: "symbols", replaced: [{ name: "a", lines: { start: 0, end: 2 } }], added: ["helper"] });
  assert.equal(placement.text, "export function a(): number {\n  return helper();\n}\n\nfunction helper(): number {\n  return 3;\n}\n\nexport function b(): number {\n  return 2;\n}\n");
});

test("decorators and a doc comment the block does not bring stay; a doc comment it brings replaces the old one", () => {
  const py = "# Area of a circle.\n@cache\ndef area(r):\n    return 3 * r\n";
  const plain = placeBlock({ code: "def area(r):\n    return 3.14 * r * r\n", language: "python", target: { text: py, language: "python" } });
  assert.equal(plain.text, "# Area of a circle.\n@cache\ndef area(r):\n    return 3.14 * r * r\n");
  const ts = "/**\n * Old words.\n */\nexport function area(r: number): number {\n  return 3 * r;\n}\n";
  const documented = placeBlock({ code: "/** The area of a circle of radius `r`. */\nexport function area(r: number): number {\n  return 3 * r;\n}\n", language: "typescript", target: { text: ts, language: "typescript" } });
  assert.equal(documented.text, "/** The area of a circle of radius `r`. */\nexport function area(r: number): number {\n  return 3 * r;\n}\n");
});

test("a selection is replaced where it is, found again by its text when the file changed, and the cursor takes the block when it is gone", () => {
  const text = "a = 1\nif a:\n    b = a + 1\n    c = b * 2\nprint(c)\n";
  const selection = { text: "    b = a + 1\n    c = b * 2\n", range: { start: { line: 2, character: 0 }, end: { line: 4, character: 0 } } };
  const code = "b = a + 2\nc = b * 3\n";
  const here = placeBlock({ code, language: "python", target: { text, language: "python" }, selection });
  assert.deepEqual(here.placed, { kind: "selection", moved: false });
  assert.equal(here.text, "a = 1\nif a:\n    b = a + 2\n    c = b * 3\nprint(c)\n", "re-indented to the selection's lines");
  const later = `# a line added since\n${text}`;
  const moved = placeBlock({ code, language: "python", target: { text: later, language: "python" }, selection });
  assert.deepEqual(moved.placed, { kind: "selection", moved: true });
  assert.equal(moved.text, `# a line added since\n${here.text}`);
  const gone = placeBlock({ code, language: "python", target: { text: "a = 1\nprint(a)\n", language: "python" }, selection, cursor: { line: 0, character: 0 } });
  assert.deepEqual(gone.placed, { kind: "cursor", selectionLost: true });
  assert.equal(gone.text, "a = 1\nb = a + 2\nc = b * 3\nprint(a)\n");
});

test("a target that does not exist gets the block as a new file; without a cursor a block goes at the end after a blank line", () => {
  const created = placeBlock({ code: "\nexport const x = 1;\n\n", language: "typescript", target: undefined });
  assert.deepEqual(created.placed, { kind: "new-file" });
  assert.equal(created.text, "export const x = 1;\n");
  const appended = placeBlock({ code: "def b():\n    pass", language: "python", target: { text: "def a():\n\tpass", language: "python" } });
  assert.equal(appended.text, "def a():\n\tpass\n\ndef b():\n\tpass\n", "the file's tabs, after a blank line");
});
