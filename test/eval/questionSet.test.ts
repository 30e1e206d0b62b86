import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { languageOf, loadQuestionSet, parseQuestionSet, QuestionSetError, type QuestionSetSource } from "../../eval/questionSet";

const files: Record<string, string> = { "src/add.py": "def add(a, b):\n    return a + b\n" };
const source: QuestionSetSource = {
  name: "set.jsonl",
  readFile(path) {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file ${path}`);
    return text;
  },
};
const parse = (lines: string[]) => parseQuestionSet(lines.join("\n"), source);
const rejects = (lines: string[], message: RegExp) =>
  assert.throws(() => parse(lines), (e: unknown) => e instanceof QuestionSetError && message.test(e.message), `expected ${message}`);

test("each expectation kind parses; blank lines are skipped and ids default to the line", () => {
  const questions = parse([
    `{"id": "a", "question": "Capital of France?", "expect": {"exact": "Paris"}}`,
    "",
    `{"question": "Complexity?", "expect": {"regex": "O\\\\(log n\\\\)", "flags": "i"}}`,
    `   `,
    `{"id": "c", "question": "What does add return?", "file": "src/add.py", "expect": {"command": "grep -q 'a + b'"}}`,
  ]);
  assert.deepEqual(questions, [
    { id: "a", line: 1, question: "Capital of France?", expect: { exact: "Paris" } },
    { id: "line-3", line: 3, question: "Complexity?", expect: { regex: "O\\(log n\\)", flags: "i" } },
    {
      id: "c",
      line: 5,
      question: "What does add return?",
      file: { fileName: "src/add.py", language: "python", text: files["src/add.py"] },
      expect: { command: "grep -q 'a + b'" },
    },
  ]);
});

test("every invalid line is refused with the set's name and the line number", () => {
  const ok = `{"question": "q", "expect": {"exact": "x"}}`;
  rejects([ok, `{"question": "q", "expect": {"exact": "x"}`], /^set\.jsonl line 2: not valid JSON/);
  rejects([`["question"]`], /^set\.jsonl line 1: expected a JSON object/);
  rejects([`{"question": "q", "expected": {"exact": "x"}}`], /line 1: unknown field “expected”/);
  rejects([`{"expect": {"exact": "x"}}`], /line 1: “question” must be a non-empty string/);
  rejects([`{"question": "  ", "expect": {"exact": "x"}}`], /line 1: “question” must be a non-empty string/);
  rejects([`{"id": 3, "question": "q", "expect": {"exact": "x"}}`], /line 1: “id” must be a non-empty string/);
  rejects([`{"id": "a", "question": "q", "expect": {"exact": "x"}}`, "", `{"id": "a", "question": "r", "expect": {"exact": "y"}}`], /line 3: id “a” is already used on line 1/);
  rejects([`{"question": "q"}`], /line 1: “expect” must be one of/);
  rejects([`{"question": "q", "expect": "Paris"}`], /line 1: “expect” must be one of/);
  rejects([`{"question": "q", "expect": {"exact": "x", "regex": "y"}}`], /line 1: “expect” must be one of/);
  rejects([`{"question": "q", "expect": {"exact": "x", "flags": "i"}}`], /line 1: “expect” has an unknown field “flags” beside “exact”/);
  rejects([`{"question": "q", "expect": {"exact": ""}}`], /line 1: “expect\.exact” must be a non-empty string/);
  rejects([`{"question": "q", "expect": {"command": 1}}`], /line 1: “expect\.command” must be a non-empty string/);
  rejects([`{"question": "q", "expect": {"regex": "("}}`], /line 1: “expect\.regex” is not a valid regular expression/);
  rejects([`{"question": "q", "expect": {"regex": "a", "flags": "q"}}`], /line 1: “expect\.regex” is not a valid regular expression/);
  rejects([`{"question": "q", "expect": {"regex": "a", "flags": 1}}`], /line 1: “expect\.flags” must be a string/);
  rejects([ok, `{"question": "q", "file": "", "expect": {"exact": "x"}}`], /line 2: “file” must be a non-empty path/);
});

test("a missing attached file is an error naming it and its line", () => {
  rejects([`{"question": "q", "expect": {"exact": "x"}}`, `{"question": "q", "file": "src/gone.ts", "expect": {"exact": "x"}}`], /line 2: attached file “src\/gone\.ts” cannot be read \(ENOENT/);
});

test("a set with no questions is refused", () => {
  rejects(["", "  "], /^set\.jsonl: no questions/);
});

test("the sample set loads from disk, its attached file found beside it", () => {
  const questions = loadQuestionSet(join(__dirname, "..", "..", "eval", "sample.jsonl"));
  assert.equal(questions.length, 5);
  const kinds = questions.map((q) => Object.keys(q.expect)[0]);
  for (const kind of ["exact", "regex", "command"]) assert.ok(kinds.includes(kind), `the sample uses ${kind}`);
  const attached = questions.find((q) => q.file);
  assert.equal(attached?.file?.language, "python");
  assert.match(attached?.file?.text ?? "", /return a \+ b/);
});

test("an attached file that is binary or not UTF-8 is refused, never attached garbled", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "headstart-set-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "blob.bin"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
  writeFileSync(join(dir, "latin1.py"), Buffer.from("x = 1\n# café\n", "latin1"));
  writeFileSync(join(dir, "set.jsonl"), `{"question": "q", "file": "blob.bin", "expect": {"exact": "x"}}\n`);
  assert.throws(() => loadQuestionSet(join(dir, "set.jsonl")), /line 1: attached file “blob\.bin” cannot be read \(it is a binary file, not text\)/);
  writeFileSync(join(dir, "set.jsonl"), `{"question": "q", "file": "latin1.py", "expect": {"exact": "x"}}\n`);
  assert.throws(() => loadQuestionSet(join(dir, "set.jsonl")), /line 1: attached file “latin1\.py” cannot be read \(it is not UTF-8 text: line 2; save it as UTF-8\)/);
});

test("a set file that is not there says so", () => {
  assert.throws(() => loadQuestionSet("/nonexistent/headstart-eval.jsonl"), /Cannot read the question set \/nonexistent\/headstart-eval\.jsonl/);
});

test("languages are guessed from the extension", () => {
  assert.equal(languageOf("a/b.ts"), "typescript");
  assert.equal(languageOf("B.PY"), "python");
  assert.equal(languageOf("x.tsx"), "typescriptreact");
  assert.equal(languageOf("Makefile"), "plaintext");
});
