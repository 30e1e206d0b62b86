import { test } from "node:test";
import assert from "node:assert/strict";
import { HeldSpace, splitTrailingSpace } from "../../../src/common/models/openingSpace";

test("an opening is sent without its trailing whitespace, which is held", () => {
  assert.deepEqual(splitTrailingSpace("Once upon a time\n"), { sent: "Once upon a time", held: "\n" });
  assert.deepEqual(splitTrailingSpace("```ts\n  "), { sent: "```ts", held: "\n  " });
  assert.deepEqual(splitTrailingSpace("no space"), { sent: "no space", held: "" });
});

/** What is shown after the held whitespace for a continuation streamed in `chunks`. */
const shown = (held: string, chunks: string[]): string => {
  const space = new HeldSpace(held);
  return chunks.map((c) => space.take(c)).join("");
};

test("the server's leading whitespace stands in for the held whitespace, across chunks", () => {
  assert.equal(shown("\n", ["\n", "there was"]), "there was", "the same newline: shown once");
  assert.equal(shown("\n", ["\n\n", "there"]), "\nthere", "a second newline is the server's own: kept");
  assert.equal(shown("\n", [" ", " there"]), "there", "less than was held (a space for a newline): the opening's stands");
  assert.equal(shown("\n", ["there", " was"]), "there was", "no whitespace first: nothing to take");
  assert.equal(shown("\n  ", ["\n", " ", " ", "x"]), "x", "held whitespace met over several chunks");
  assert.equal(shown("", [" a", " b"]), " a b", "nothing held: the text as written");
});
