import { test } from "node:test";
import assert from "node:assert/strict";
import { cutGuidance } from "../../../src/common/turn/guidanceCut";
import { WholeWords } from "../../../src/common/turn/wholeWords";

test("guidance is released a whole word at a time, so the handoff never takes back what was shown", () => {
  const chunks = ["The", " list", " is", " rever"];
  const words = new WholeWords();
  const released = chunks.map((c) => words.push(c));
  assert.deepEqual(released, ["", "The", " list", " is"]);
  assert.equal(released.join(""), cutGuidance(chunks.join("")).kept, "exactly what the student continues from");
});

test("a teacher that finished its answer has all of it released, the last word too", () => {
  const words = new WholeWords();
  assert.equal(words.push("Use a") + words.push(" map."), "Use a");
  assert.equal(words.finish(), " map.");
  assert.equal(words.finish(), "", "nothing twice");
});

test("newlines count as word ends, and trailing spaces wait for the next word", () => {
  const words = new WholeWords();
  assert.equal(words.push("```ts\n"), "```ts\n");
  assert.equal(words.push("const x  "), "const x");
  assert.equal(words.push("= 1"), "  =");
});

test("after the handoff, the half word the budget cut is never released, even when the turn ends", () => {
  const words = new WholeWords();
  assert.equal(words.push("Once upon a time, a shi"), "Once upon a time, a");
  words.handoff();
  assert.equal(words.finish(), "");
});
