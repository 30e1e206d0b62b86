import { test } from "node:test";
import assert from "node:assert/strict";
import { cutGuidance } from "../../../src/common/turn/guidanceCut";

test("drops a half-written last word and the space before it", () => {
  assert.deepEqual(cutGuidance("The quick bro"), { kept: "The quick", dropped: " bro" });
});

test("keeps a last word that whitespace shows is finished", () => {
  assert.deepEqual(cutGuidance("The quick brown "), { kept: "The quick brown", dropped: " " });
});

test("keeps trailing newlines so code indentation can follow", () => {
  assert.deepEqual(cutGuidance("Use this:\n\n"), { kept: "Use this:\n\n", dropped: "" });
  assert.deepEqual(cutGuidance("def f(x):\n    "), { kept: "def f(x):\n", dropped: "    " });
});

test("inside code, cuts between tokens of the language, never inside an identifier", () => {
  const text = "```python\ndef reverse(items):\n    return items[::-1] if isinst";
  const cut = cutGuidance(text);
  assert.equal(cut.kept, "```python\ndef reverse(items):\n    return items[::-1] if");
  assert.equal(cut.kept + cut.dropped, text);
});

test("never leaves half a fence marker or half a language tag", () => {
  assert.equal(cutGuidance("Here it is:\n``").kept, "Here it is:\n");
  assert.equal(cutGuidance("Here it is:\n```pyth").kept, "Here it is:\n");
  assert.equal(cutGuidance("Here it is:\n```python\n").kept, "Here it is:\n```python\n");
});

test("guidance that is one unfinished word gives the student nothing to continue", () => {
  assert.deepEqual(cutGuidance("Certain"), { kept: "", dropped: "Certain" });
  assert.deepEqual(cutGuidance(""), { kept: "", dropped: "" });
});

test("tabs count as word boundaries", () => {
  assert.equal(cutGuidance("a\tbc").kept, "a");
});
