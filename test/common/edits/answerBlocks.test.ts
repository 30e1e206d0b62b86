import { test } from "node:test";
import assert from "node:assert/strict";
import { answerBlocks, isCodeBlock } from "../../../src/common/edits/answerBlocks";

test("an answer's closed code blocks, with their language and the file each names, if any", () => {
  const answer = [
    "The error is on line 13. In `src/cart.ts`:",
    "",
    "```ts",
    "export const a = 1;",
    "```",
    "Then:",
    "````python title=\"tools/x.py\"",
    "print('```')",
    "````",
    "```go:cmd/main.go",
    "package main",
    "```",
    "```rust",
    "// src/lib.rs",
    "pub fn f() {}",
    "```",
    "```sh",
    "npm test",
    "```",
    "```ts",
    "const cut = 'off",
  ].join("\n");
  const blocks = answerBlocks(answer);
  assert.deepEqual(
    blocks.map((b) => [b.language, b.fileName, b.code, b.line]),
    [
      ["ts", "src/cart.ts", "export const a = 1;\n", 2],
      ["python", "tools/x.py", "print('```')\n", 6],
      ["go", "cmd/main.go", "package main\n", 9],
      ["rust", "src/lib.rs", "pub fn f() {}\n", 12],
      ["sh", undefined, "npm test\n", 16],
    ],
    "the block the answer's end cut off is left out; a first line naming the file is not code",
  );
  assert.deepEqual(blocks.map(isCodeBlock), [true, true, true, true, false], "commands are not code to apply");
});

test("a block inside a list item loses the item's indentation; CRLF answers read the same", () => {
  const blocks = answerBlocks("1. Change it:\r\n   ```js\r\n   if (x) {\r\n     y();\r\n   }\r\n   ```\r\n");
  assert.deepEqual(blocks.map((b) => b.code), ["if (x) {\n  y();\n}\n"]);
});
