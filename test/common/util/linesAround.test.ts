import { test } from "node:test";
import assert from "node:assert/strict";
import { linesAround } from "../../../src/common/util/linesAround";

const lines = Array.from({ length: 1000 }, (_, i) => `line ${String(i).padStart(4, "0")}`); // 9 characters each

test("the focus lines whole, then up to 30 lines a side while they fit", () => {
  assert.deepEqual(linesAround(lines, { start: 99, end: 139 }, 24_000), { start: 69, end: 169 });
  // Near the top, the side that runs out stops; the other still takes its 30.
  assert.deepEqual(linesAround(lines, { start: 2, end: 2 }, 24_000), { start: 0, end: 32 });
  // A tight cap: as many whole lines as fit, one a side at a time. 10 lines of 9 and 9 newlines = 99.
  const span = linesAround(lines, { start: 500, end: 500 }, 100)!;
  assert.deepEqual(span, { start: 495, end: 504 });
  assert.ok(lines.slice(span.start, span.end + 1).join("\n").length <= 100);
});

test("a side stops at a line too long to fit, rather than leaving a gap", () => {
  const withLong = [...lines.slice(0, 10), "x".repeat(500), ...lines.slice(11, 30)];
  // Above, line 11 fits and line 10 does not: lines 0-9 would fit, but not without it. Below runs to the end.
  assert.deepEqual(linesAround(withLong, { start: 12, end: 12 }, 200), { start: 11, end: 29 });
});

test("focus lines longer than the cap are no excerpt", () => {
  assert.equal(linesAround(lines, { start: 0, end: 99 }, 500), undefined);
});
