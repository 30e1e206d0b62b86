import { test } from "node:test";
import assert from "node:assert/strict";
import { TerminalAnswerPrinter } from "../../../src/cli/app/terminalAnswerPrinter";

function printer(): { p: TerminalAnswerPrinter; out: () => string } {
  let text = "";
  const p = new TerminalAnswerPrinter({ write: (t: string) => (text += t), isTTY: false });
  return { p, out: () => text };
}

test("a notice during the guidance never prints the half-word the handoff takes back", () => {
  const { p, out } = printer();
  p.guidance("Once upon a time, there was a li");
  p.note("teacher skipped: The connection to the teacher broke mid-answer.");
  p.handoff();
  p.student(" little girl.");
  p.end("guided");
  assert.equal(out(), "⟦Once upon a time, there was a⟧\n[teacher skipped: The connection to the teacher broke mid-answer.]\n little girl.\n— guided\n");
  assert.ok(!out().includes(" li⟧") && !out().includes("a li"), out());
});

test("a teacher that finished keeps its last word, and notes print after the marked part", () => {
  const { p, out } = printer();
  p.guidance("All done");
  p.note("The teacher's server refused “stream_options”.");
  p.end("cloud");
  assert.equal(out(), "⟦All done⟧\n[The teacher's server refused “stream_options”.]\n— cloud\n");
});

test("with a stream for notes, the answer's stream holds the answer and its summary alone", () => {
  let answer = "";
  let notes = "";
  const p = new TerminalAnswerPrinter({ write: (t: string) => (answer += t), isTTY: false }, { write: (t: string) => (notes += t), isTTY: false });
  p.guidance("Once upon a time, there was a li");
  p.note("teacher skipped: The teacher rejected the API key (401).");
  p.handoff();
  p.student(" little girl.");
  p.note("Cut at the length limit (16 tokens).");
  p.end("guided");
  assert.equal(answer, "⟦Once upon a time, there was a⟧ little girl.\n— guided\n");
  // Each note starts a line of its own where both streams show on one terminal.
  assert.equal(notes, "\n[teacher skipped: The teacher rejected the API key (401).]\n\n[Cut at the length limit (16 tokens).]\n");
});
