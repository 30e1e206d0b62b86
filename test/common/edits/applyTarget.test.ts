import { test } from "node:test";
import assert from "node:assert/strict";
import { applyLabel, applyTarget, sameFile } from "../../../src/common/edits/applyTarget";
import { findBlock } from "../../../src/common/edits/answerBlocks";

const cart = { fileName: "src/cart.ts", language: "typescript", kind: "file" as const, text: "export const total = 0;\n", focus: { start: 4, end: 4 } };
const selection = { fileName: "src/cart.ts:3-5", language: "typescript", kind: "selection" as const, text: "const a = 1;\n" };

test("a block goes to the file it names, else the task's target, else the question's attachment, else the editor", () => {
  assert.deepEqual(applyTarget({ fileName: "lib/util.ts" }, { context: [cart] }), { fileName: "lib/util.ts" }, "named by the answer");
  assert.deepEqual(applyTarget({}, { context: [cart], editTarget: { fileName: "test/cart.test.ts", exists: false } }), { fileName: "test/cart.test.ts", create: true }, "a /tests target to create");
  assert.deepEqual(applyTarget({}, { context: [cart] }), { fileName: "src/cart.ts", attachedText: cart.text, cursor: { line: 4, character: 0 } }, "the attached file, its cursor");
  assert.deepEqual(applyTarget({}, undefined), {}, "the editor the user is in");
  assert.equal(applyLabel(applyTarget({}, undefined)), "Apply in editor");
  assert.equal(applyLabel(applyTarget({}, { context: [cart] })), "Apply to cart.ts");
});

test("a block naming the file the question was about keeps its selection (the Chat view's `file:lines` name included)", () => {
  const target = applyTarget({ fileName: "cart.ts" }, { context: [selection] });
  assert.equal(target.fileName, "cart.ts");
  assert.equal(target.selection?.text, "const a = 1;\n");
  assert.ok(sameFile("src/cart.ts", "cart.ts") && !sameFile("src/cart.ts", "art.ts"));
});

test("the block a face shows is found in the stored answer, its naming first line left off", () => {
  const answer = "Here:\n\n```ts\n// src/cart.ts\nexport const total = 1;\n```\n";
  assert.equal(findBlock(answer, "// src/cart.ts\nexport const total = 1;")?.fileName, "src/cart.ts");
  assert.equal(findBlock(answer, "export const total = 1;\n")?.code, "export const total = 1;\n");
  assert.equal(findBlock(answer, "export const total = 2;"), undefined, "code that is not in the answer");
});
