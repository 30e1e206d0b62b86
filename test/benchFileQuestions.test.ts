// The bench's file-questions set is data other figures rest on: each question's function is where
// it says, and its cursor is inside that function or well away from it, as labelled.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileQuestionConversation, loadFileQuestions, relevance } from "../bench/fileQuestions";

test("file questions: at least 20, two languages, half with the cursor inside, each function where it says", () => {
  const questions = loadFileQuestions();
  assert.ok(questions.length >= 20);
  assert.ok(new Set(questions.map((q) => q.language)).size >= 2);
  assert.equal(questions.filter((q) => q.cursor === "inside").length * 2, questions.length);
  for (const q of questions) {
    const lines = readFileSync(join(__dirname, "..", "bench", "file-questions", q.file), "utf8").split("\n");
    assert.ok(lines.length >= 300 && lines.length <= 620, `${q.file}: ${lines.length} lines`);
    assert.ok(lines[q.start - 1].includes(q.symbol), `${q.id}: line ${q.start} declares ${q.symbol}`);
    const inside = q.cursorLine >= q.start && q.cursorLine <= q.end;
    assert.equal(inside, q.cursor === "inside", `${q.id}: the cursor is ${q.cursor}`);
    const message = fileQuestionConversation(q).messages[0];
    assert.equal(message.role === "user" && message.context?.[0].focus?.start, q.cursorLine - 1);
  }
});

test("relevance: the share of the function's lines a request carries, in order", () => {
  const q = loadFileQuestions()[0];
  const lines = readFileSync(join(__dirname, "..", "bench", "file-questions", q.file), "utf8").split("\n").slice(q.start - 1, q.end);
  assert.equal(relevance(q, lines.join("\n")), 1);
  assert.equal(relevance(q, "nothing of it"), 0);
  const nonBlank = lines.filter((l) => l.trim() !== "");
  assert.equal(relevance(q, nonBlank.slice(0, Math.ceil(nonBlank.length / 2)).join("\n")), Math.ceil(nonBlank.length / 2) / nonBlank.length);
  assert.ok(relevance(q, [...nonBlank].reverse().join("\n")) < 0.5, "out of order counts once, not every line");
});
