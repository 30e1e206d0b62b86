import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { guessSymbols } from "../../src/common/guessSymbols";

const brief = (text: string, language: string) => guessSymbols(text, language).map((s) => `${s.depth} ${s.kind} ${s.name} ${s.start + 1}-${s.line + 1}-${s.end + 1}`);

test("Python: blocks by indentation, with decorators and comments above, docstrings and blank lines inside", () => {
  const text = [
    "import os",
    "",
    "# Areas of shapes.",
    "@cache",
    "def area(r,",
    "         scale=1):",
    '    """Area of a circle.',
    "",
    "Text at the margin inside a docstring.",
    '    """',
    "",
    "    return 3.14 * r * r",
    "",
    "class Shape:",
    "    def size(self):",
    "        pass",
    "",
    "    async def grow(self, by):",
    "        self.by = by",
    "x = area(2)",
  ].join("\n");
  assert.deepEqual(brief(text, "python"), ["0 function area 3-5-12", "0 class Shape 14-14-19", "1 function size 15-15-16", "1 function grow 18-18-19"]);
});

test("TypeScript: blocks by brackets, past braces in strings, comments and template literals", () => {
  const text = [
    "/** Adds. */",
    "export function add(a: number, b = { x: 1 }): number {",
    '  const s = "}";',
    "  // } not this one",
    "  const t = `${a} }`;",
    "  return a + b.x;",
    "}",
    "export type Pair = [number, number];",
    "import { type Foo, type Bar } from './x';",
    "export class Box {",
    "  private async open(",
    "    force: boolean,",
    "  ): Promise<void> {",
    "    if (force) {",
    "      return;",
    "    }",
    "  }",
    "  close(): void {",
    "  }",
    "}",
    "const twice = (n: number) => n * 2;",
    "setTimeout(() => {",
    "}, 10)",
  ].join("\n");
  assert.deepEqual(brief(text, "typescript"), [
    "0 function add 1-2-7",
    "0 type Pair 8-8-8",
    "0 class Box 10-10-20",
    "1 method open 11-11-17",
    "1 method close 18-18-19",
    "0 function twice 21-21-21",
  ]);
});

test("without semicolons, a declaration that opens no body ends where the statement does", () => {
  const text = ["export type Ranks = readonly (string | number)[]", "export type Union =", "  | 'a'", "  | 'b'", "export interface Config {", "  ranks: Ranks", "}"].join("\n");
  assert.deepEqual(brief(text, "typescript"), ["0 type Ranks 1-1-1", "0 type Union 2-2-4", "0 interface Config 5-5-7"]);
});

test("a real file: every method of the chat controller with its whole body", () => {
  const text = readFileSync(join(__dirname, "../../../shared/bench/attached-file.ts"), "utf8");
  const lines = text.split("\n");
  const symbols = guessSymbols(text, "typescript");
  const retry = symbols.find((s) => s.name === "retry");
  assert.ok(retry);
  assert.match(lines[retry.line], /async retry\(\): Promise<void> \{/);
  assert.equal(lines[retry.end], "  }", "ends at its closing brace");
  assert.ok(retry.end - retry.line > 5);
  const controller = symbols.find((s) => s.name === "ChatController");
  assert.ok(controller && controller.start <= retry.start && controller.end >= retry.end && retry.depth === controller.depth + 1);
  assert.ok(!symbols.some((s) => /^\s*(if|for|return|await)\b/.test(lines[s.line])), "no statements");
});
