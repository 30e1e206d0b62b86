import { test } from "node:test";
import assert from "node:assert/strict";
import { linesLabel, selectionLines, selectionRange } from "../../../src/common/util/selectionLines";

test("a selection's lines are the ones it covers, not the line its end touches at column 0", () => {
  assert.equal(selectionLines({ line: 0, character: 0 }, { line: 4, character: 0 }), "1-4", "lines 1-4 selected with Shift+Down");
  assert.equal(selectionLines({ line: 0, character: 0 }, { line: 4, character: 3 }), "1-5");
  assert.equal(selectionLines({ line: 2, character: 0 }, { line: 3, character: 0 }), "3", "one whole line");
  assert.equal(selectionLines({ line: 2, character: 4 }, { line: 2, character: 9 }), "3");
  assert.equal(selectionLines({ line: 2, character: 4 }, { line: 2, character: 4 }), "3");
});

test("the range a selection covers is kept with it, and named the same way", () => {
  assert.deepEqual(selectionRange({ line: 0, character: 0 }, { line: 4, character: 0 }), { start: 0, end: 3 });
  assert.equal(linesLabel(selectionRange({ line: 2, character: 1 }, { line: 4, character: 2 })), "3-5");
  assert.equal(linesLabel({ start: 7, end: 7 }), "8");
});
