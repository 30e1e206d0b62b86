import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildTask, type TaskDiagnostic, type TaskInput } from "../../../src/common/tasks/taskRequest";
import { teacherView } from "../../../src/common/teacherView/teacherContext";
import { loadGptTokenCounter } from "../../../src/node/cost/gptTokenCounter";

const root = join(__dirname, "..", "..", "..");
const CART = "docs/demo-workspace/cart.ts";
const cart = readFileSync(join(root, CART), "utf8");
const lines = cart.split("\n");
const errorLine = lines.findIndex((l) => l.includes("item.price *"));
const TYPE_ERROR: TaskDiagnostic = {
  message: "Property 'price' does not exist on type 'Item'.",
  severity: "error",
  source: "ts",
  code: 2339,
  range: { start: { line: errorLine, character: 16 }, end: { line: errorLine, character: 21 } },
};
const base = (over: Partial<TaskInput>): TaskInput => ({ task: "fix", question: "", file: { fileName: CART, language: "typescript", text: cart }, cursor: { line: errorLine, character: 16 }, maxChars: 24000, ...over });

test("/fix: the diagnostic at the cursor, in words, with the symbol around it named and the cursor on it", () => {
  const warning: TaskDiagnostic = { message: "'sum' could be const.", severity: "warning", source: "eslint", range: { start: { line: errorLine - 2, character: 2 }, end: { line: errorLine - 2, character: 9 } } };
  const elsewhere: TaskDiagnostic = { ...TYPE_ERROR, message: "far away", range: { start: { line: lines.length - 3, character: 0 }, end: { line: lines.length - 3, character: 4 } } };
  // The cursor on the function's last line: the problems inside the function count, errors first.
  const task = buildTask(base({ cursor: { line: errorLine + 2, character: 0 }, diagnostics: [warning, elsewhere, TYPE_ERROR], question: "It worked yesterday." }));
  assert.deepEqual(task.diagnostics.map((d) => d.message), [TYPE_ERROR.message, warning.message]);
  assert.equal(task.symbol, "totalCents");
  assert.equal(
    task.message.text,
    `Fix the problems in \`${CART}\`, in \`totalCents\`:\n- error ts(2339) at ${errorLine + 1}:17: Property 'price' does not exist on type 'Item'.\n- warning eslint at ${errorLine - 1}:3: 'sum' could be const.\n` +
      "Say what causes it in a sentence or two, then give the whole corrected `totalCents` in one code block, changing only what the fix needs.\n\nIt worked yesterday.",
  );
  assert.deepEqual(task.message.context?.map((c) => [c.kind, c.fileName, c.focus]), [["file", CART, { start: errorLine - 2, end: errorLine }]], "the cursor put on the problems");
  assert.deepEqual(task.target, { fileName: CART, exists: true, cursor: { line: errorLine + 2, character: 0 } });
  const none = buildTask(base({ cursor: { line: 0, character: 0 }, diagnostics: [TYPE_ERROR] }));
  assert.deepEqual(none.diagnostics, [], "a problem far from the cursor is not this one");
  assert.match(none.message.text, /^Find and fix the bug in line 1 of/);
});

test("/fix: the teacher's budgeted view of the task carries the function with the error whole", async () => {
  const counter = await loadGptTokenCounter();
  const task = buildTask(base({ diagnostics: [TYPE_ERROR] }));
  const view = teacherView({ id: "t", messages: [task.message] }, { kind: "budgeted", budget: 768 }, (t) => counter.count(t, "gpt-4o-mini").tokens);
  const sent = view.request.messages.at(-1)!.content;
  const start = lines.findIndex((l) => l.startsWith("export function totalCents"));
  const end = lines.findIndex((l, i) => i > start && l === "}");
  assert.ok(sent.includes(lines.slice(start, end + 1).join("\n")), sent);
  assert.ok(sent.includes(TYPE_ERROR.message));
});

test("/explain: a selection goes as it is and is kept to be found again; without one, the symbol at the cursor", () => {
  const selection = { start: { line: errorLine - 1, character: 0 }, end: { line: errorLine + 2, character: 0 } };
  const selected = buildTask(base({ task: "explain", selection }));
  const context = (selected.message).context!;
  assert.deepEqual(context.map((c) => [c.kind, c.text]), [["selection", lines.slice(errorLine - 1, errorLine + 2).join("\n") + "\n"]]);
  assert.match(selected.message.text, new RegExp(`^Explain the selected code \\(lines ${errorLine}-${errorLine + 2} of \`${CART}\`\\)`));
  assert.deepEqual(selected.target.selection, { text: context[0].text, range: selection });
  const atCursor = buildTask(base({ task: "explain", cursor: { line: lines.length - 3, character: 4 } }));
  assert.match(atCursor.message.text, /^Explain `formatTotal` in /);
});

test("/doc asks for the language's convention and the symbol back whole; a file over the limit sends the symbol alone", () => {
  const doc = buildTask(base({ task: "doc" }));
  assert.match(doc.message.text, /^Write the doc comment of `totalCents` in `docs\/demo-workspace\/cart\.ts`, as a JSDoc comment/);
  assert.match(doc.message.text, /Give the whole `totalCents` with the comment in one code block/);
  const py = "def area(r):\n    return 3 * r\n";
  assert.match(buildTask(base({ task: "doc", file: { fileName: "a.py", language: "python", text: py }, cursor: { line: 1, character: 0 } })).message.text, /as a docstring/);
  const small = buildTask(base({ task: "doc", maxChars: 300 }));
  const [part] = small.message.context!;
  const start = lines.findIndex((l) => l.startsWith("/** What the items"));
  assert.equal(part.kind, "selection");
  assert.deepEqual(part.focus, { start, end: start + 7 });
  assert.equal(part.text, lines.slice(start, start + 8).join("\n"));
});

test("/tests: the framework, the test file to add to or an example to follow, and the block's target is the test file", () => {
  const example = { fileName: "test/common/teacherView/rankSymbols.test.ts", text: 'import { test } from "node:test";\n' };
  const fresh = buildTask(base({ task: "tests", tests: { framework: "node:test", file: { fileName: "test/cart.test.ts" }, example } }));
  assert.equal(fresh.message.text, `Write tests for \`totalCents\` in \`${CART}\` with node:test, for the new file \`test/cart.test.ts\`: give the whole file, in the style of \`${example.fileName}\` (shown). Cover the usual case, the edges and a failure, in one code block.`);
  assert.deepEqual(fresh.message.context!.map((c) => c.fileName), [CART, example.fileName]);
  assert.deepEqual(fresh.target, { fileName: "test/cart.test.ts", exists: false });
  const existing = buildTask(base({ task: "tests", tests: { framework: "vitest", file: { fileName: "test/cart.test.ts", text: "import { it } from 'vitest';\n" } } }));
  assert.match(existing.message.text, /to add to `test\/cart\.test\.ts` \(shown\): give only the new tests/);
  assert.deepEqual(existing.target, { fileName: "test/cart.test.ts", exists: true });
  const rust = buildTask(base({ task: "tests", file: { fileName: "src/lib.rs", language: "rust", text: "pub fn add(a: u32) -> u32 {\n    a\n}\n" }, cursor: { line: 1, character: 0 }, tests: { framework: "cargo test", file: { fileName: "src/lib.rs", text: "" } } }));
  assert.match(rust.message.text, /as a test module at the end of `src\/lib\.rs`/);
  assert.deepEqual(rust.target, { fileName: "src/lib.rs", exists: true });
});
