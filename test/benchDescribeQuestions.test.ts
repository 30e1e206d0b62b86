// The bench's describe-questions set is data other figures rest on: each question's function is
// where it says, as the terminal's guess finds it, its answer lines are inside it, it names
// nothing, and a third of the functions are larger than the teacher's whole budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { answerCoverage, cursorLine, describeConversation, describeFile, describeRelevance, loadDescribeQuestions } from "../bench/describeQuestions";
import { guessSymbols } from "../src/common/teacherView/guessSymbols";
import { mentions, nameKey } from "../src/common/util/identifierWords";
import { SETTINGS } from "../src/common/settings/settings";
import { loadGptTokenCounter } from "../src/node/cost/gptTokenCounter";

const LANGUAGES = new Set(["go", "rust", "java", "csharp", "kotlin", "ruby", "php", "cpp"]);

test("describe questions: at least 30, four languages, none naming its function, each function and answer where it says", async () => {
  const questions = loadDescribeQuestions();
  assert.ok(questions.length >= 30);
  assert.ok(new Set(questions.map((q) => q.language).filter((l) => LANGUAGES.has(l))).size >= 4);
  const counter = await loadGptTokenCounter();
  let large = 0;
  for (const q of questions) {
    const lines = describeFile(q).split("\n");
    const own = q.symbol.split("::").at(-1)!;
    assert.ok(lines[q.start - 1].includes(own), `${q.id}: line ${q.start} declares ${q.symbol}`);
    const guessed = guessSymbols(describeFile(q), q.language).find((s) => s.line === q.start - 1);
    assert.equal(guessed?.end, q.end - 1, `${q.id}: the guess finds ${q.symbol} on lines ${q.start}-${q.end}`);
    assert.ok(!mentions(q.question).some((m) => m.key === nameKey(own)), `${q.id}: the question does not name ${q.symbol}`);
    for (const [from, to] of q.answer) assert.ok(from >= q.start && from <= to && to <= q.end, `${q.id}: answer ${from}-${to} is inside the function`);
    assert.ok(q.cursorElsewhere < q.start || q.cursorElsewhere > q.end, `${q.id}: the elsewhere cursor is outside the function`);
    const inside = cursorLine(q, "inside");
    assert.ok(inside >= q.start && inside <= q.end);
    const message = describeConversation(q, "elsewhere").messages[0];
    assert.equal(message.role === "user" && message.context?.[0].focus?.start, q.cursorElsewhere - 1);
    if (counter.count(lines.slice(q.start - 1, q.end).join("\n"), "gpt-4o-mini").tokens > SETTINGS["teacher.contextBudget"].default) large++;
  }
  assert.ok(large * 3 >= questions.length, `${large} of ${questions.length} are about a function larger than the budget`);
});

test("answer coverage: the share of the answer's lines a request carries, in order", () => {
  const q = loadDescribeQuestions().find((x) => x.answer.length > 1)!;
  const lines = describeFile(q).split("\n");
  const answer = q.answer.flatMap(([from, to]) => lines.slice(from - 1, to));
  assert.equal(answerCoverage(q, answer.join("\n")), 1);
  assert.equal(answerCoverage(q, "nothing of it"), 0);
  const first = lines.slice(q.answer[0][0] - 1, q.answer[0][1]);
  const share = first.filter((l) => l.trim() !== "").length / answer.filter((l) => l.trim() !== "").length;
  assert.equal(answerCoverage(q, first.join("\n")), share, "the first range alone");
  assert.equal(describeRelevance(q, lines.slice(q.start - 1, q.end).join("\n")), 1);
});
