// The terminal's --diff over the bench's file-questions files: a block redefining each question's
// function gives a patch that git itself accepts, and it touches that function and nothing else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { questionPatches } from "../bench/questionPatches";

test("each file-questions function, redefined: git apply --check takes the patch, which touches only that function", () => {
  const patches = questionPatches();
  assert.ok(new Set(patches.map((p) => p.file)).size >= 4, "every file of the set");
  for (const p of patches) {
    assert.ok(p.applies, `${p.id}: ${p.complaint}\n${p.patch}`);
    assert.ok(p.touched.length > 0, `${p.id}: the patch changes something`);
    assert.ok(p.touched.every((line) => line >= p.start && line <= p.end), `${p.id}: ${p.symbol} is lines ${p.start}-${p.end}; the patch touches ${p.touched.join(", ")}`);
  }
});
