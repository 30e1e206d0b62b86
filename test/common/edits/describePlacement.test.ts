import { test } from "node:test";
import assert from "node:assert/strict";
import { describePlacement } from "../../../src/common/edits/describePlacement";

test("what applying a block does, in one line with lines as editors number them", () => {
  const symbols = { kind: "symbols" as const, replaced: [{ name: "Cart.total", lines: { start: 9, end: 15 } }, { name: "f", lines: { start: 20, end: 20 } }], added: ["Cart.size"] };
  assert.equal(describePlacement(symbols, "src/cart.ts"), "replaces `Cart.total` (lines 10-16) and `f` (line 21) and adds `Cart.size` in src/cart.ts");
  assert.equal(describePlacement({ kind: "selection", moved: true }, "a.py"), "replaces the selection (found again where it is now) in a.py");
  assert.equal(describePlacement({ kind: "cursor", selectionLost: true }, "a.py"), "inserts at the cursor in a.py (the selection asked about is no longer in the file)");
  assert.equal(describePlacement({ kind: "new-file" }, "test/a.test.ts"), "creates test/a.test.ts");
});
