import { test } from "node:test";
import assert from "node:assert/strict";
import { openingEnd } from "../../../src/common/turn/openingEnd";

test("an opening that ends in prose is marked where it ends", () => {
  assert.deepEqual(openingEnd("A number divisible by both 3"), { mark: true });
  assert.deepEqual(openingEnd("Use a map:\n\n```ts\nconst m = new Map();\n```\n\nThen look"), { mark: true });
  assert.deepEqual(openingEnd("~~~\nx\n~~~\nand"), { mark: true });
});

test("an opening that ends inside a code block is not marked in the code: its last line names the place", () => {
  assert.deepEqual(openingEnd("Here:\n\n```python\nfor i in range(1, n"), { mark: false, after: "for i in range(1, n" });
  // A longer fence is closed only by one at least as long; a fence with text after it opens, not closes.
  assert.deepEqual(openingEnd("````md\n```\nnot closed\n```\nstill in"), { mark: false, after: "still in" });
  assert.deepEqual(openingEnd("```js\n```js\nx"), { mark: false, after: "x" });
  assert.deepEqual(openingEnd(`\`\`\`\n${"y".repeat(60)}`), { mark: false, after: `…${"y".repeat(40)}` });
});
