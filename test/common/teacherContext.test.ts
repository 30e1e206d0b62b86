import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChatMessage, Conversation, EditorContext, PromptMessage, UserMessage } from "../../src/common/conversation";
import { guessOutline } from "../../src/common/guessOutline";
import { toModelRequest } from "../../src/common/prompt";
import { promptTokens } from "../../src/common/promptTokens";
import { teacherView } from "../../src/common/teacherContext";
import { loadGptTokenCounter } from "../../src/node/gptTokenCounter";

// A quick stand-in tokenizer for the generated cases: one token per word or punctuation mark.
const wordCount = (text: string): number => text.match(/\w+|[^\s\w]/g)?.length ?? 0;
const viewTokens = (v: ReturnType<typeof teacherView>, count: (t: string) => number): number =>
  promptTokens([{ role: "user", content: v.request.system }, ...v.request.messages], count);
const fixedTokens = (c: Conversation, count: (t: string) => number): number => {
  const r = toModelRequest(c);
  return promptTokens([{ role: "user", content: r.system }, { role: "user", content: (c.messages.at(-1) as UserMessage).text }], count);
};

/** A small seeded generator, so a failing case can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ["value", "list", "return", "config", "user", "parse", "error", "async", "the", "map", "index", "count", "=", "(", ")", "{", "}", ";", "."];
function generated(seed: number): { conversation: Conversation; budget: number } {
  const rnd = random(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const words = (n: number): string => Array.from({ length: n }, () => WORDS[int(0, WORDS.length - 1)]).join(" ");
  const code = (lines: number): string =>
    Array.from({ length: lines }, (_, i) =>
      i % 7 === 0 ? `export function f${i}(${words(int(0, 4))}) {` : i % 5 === 0 ? `  method${i}(a, b) {` : `${"  ".repeat(int(1, 3))}${words(int(1, 14))}`,
    ).join("\n");
  const attachment = (): EditorContext =>
    rnd() < 0.5
      ? { fileName: `src/s${int(1, 9)}.ts`, language: "typescript", kind: "selection", text: code(int(1, 80)) }
      : { fileName: `src/f${int(1, 9)}.ts`, language: "typescript", kind: "file", text: code(int(5, 400)), ...(rnd() < 0.5 ? { focus: { start: int(0, 50), end: int(50, 60) } } : {}) };
  const messages: ChatMessage[] = [];
  const turns = int(1, 7);
  for (let t = 0; t < turns; t++) {
    const context = Array.from({ length: int(0, 2) }, attachment);
    messages.push({ role: "user", text: words(int(1, 60)), ...(context.length ? { context } : {}) });
    if (t < turns - 1) messages.push({ role: "assistant", text: words(int(1, 300)), guidanceLength: 0 });
  }
  return { conversation: { id: `c${seed}`, messages }, budget: int(40, 2500) };
}

test("budgeted: over generated conversations and files the budget is never exceeded and the question is never cut", () => {
  let checkedSelections = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const { conversation, budget } = generated(seed);
    const view = teacherView(conversation, { kind: "budgeted", budget }, wordCount);
    const tokens = viewTokens(view, wordCount);
    assert.equal(view.tokens, tokens, `seed ${seed}: the reported size is the counted size`);
    assert.ok(tokens <= Math.max(budget, fixedTokens(conversation, wordCount)), `seed ${seed}: ${tokens} tokens for a budget of ${budget}`);
    const question = (conversation.messages.at(-1) as UserMessage).text;
    assert.ok(view.request.messages.at(-1)!.content.endsWith(question), `seed ${seed}: the question is sent whole`);
    assert.equal(view.request.system, toModelRequest(conversation).system);
    // A selection that fits beside the question is never cut.
    const current = conversation.messages.at(-1) as UserMessage;
    const selections = (current.context ?? []).filter((c) => c.kind === "selection");
    if (selections.length === 1) {
      const alone = toModelRequest({ id: "x", messages: [{ role: "user", text: current.text, context: selections }] });
      if (promptTokens([{ role: "user", content: alone.system }, ...alone.messages], wordCount) <= budget) {
        checkedSelections++;
        assert.ok(view.request.messages.at(-1)!.content.includes(selections[0].text), `seed ${seed}: the selection fits and is sent whole`);
      }
    }
  }
  assert.ok(checkedSelections > 10, `${checkedSelections} cases had a selection that fits`);
});

test("budgeted: a selection that fits is sent whole; one that does not is trimmed with a marker", () => {
  const selection = Array.from({ length: 40 }, (_, i) => `const v${i} = compute(${i});`).join("\n");
  const conversation: Conversation = { id: "s", messages: [{ role: "user", text: "What does this do?", context: [{ fileName: "a.ts", language: "typescript", kind: "selection", text: selection }] }] };
  const whole = promptTokens(toModelRequest(conversation).messages, wordCount) + promptTokens([{ role: "user", content: toModelRequest(conversation).system }], wordCount);
  const fits = teacherView(conversation, { kind: "budgeted", budget: whole }, wordCount);
  assert.ok(fits.request.messages[0].content.includes(selection), "sent verbatim at exactly its size");
  assert.equal(fits.elisions, 0);
  const tight = teacherView(conversation, { kind: "budgeted", budget: Math.floor(whole / 2) }, wordCount);
  const sent = tight.request.messages[0].content;
  assert.ok(!sent.includes(selection));
  assert.match(sent, /const v0 = compute\(0\);/, "the selection's first lines");
  assert.match(sent, /… lines \d+-40 not sent …/, "the elision is marked");
  assert.ok(tight.tokens <= Math.floor(whole / 2));
});

test("budgeted: a whole file becomes its outline and the lines at the cursor, with the gaps marked", async () => {
  const counter = await loadGptTokenCounter();
  const count = (t: string): number => counter.count(t, "gpt-4o-mini").tokens;
  const text = readFileSync(join(__dirname, "../../../shared/bench/attached-file.ts"), "utf8");
  const focus = { start: 200, end: 203 };
  const conversation: Conversation = { id: "f", messages: [{ role: "user", text: "Why can two sends start two turns?", context: [{ fileName: "chatController.ts", language: "typescript", kind: "file", text, focus }] }] };
  const view = teacherView(conversation, { kind: "budgeted", budget: 768 }, count);
  const sent = view.request.messages[0].content;
  assert.ok(view.tokens <= 768, `${view.tokens} tokens`);
  assert.ok(view.tokens < count(text) / 3, "far less than the file");
  assert.match(sent, /Outline of `chatController.ts` \(342 lines/);
  assert.match(sent, /export class ChatController/, "a top-level declaration");
  const lines = text.split("\n");
  for (let i = focus.start; i <= focus.end; i++) assert.ok(sent.includes(lines[i]), `focus line ${i + 1}`);
  assert.match(sent, /… lines \d+-\d+ not sent …/);
  assert.equal(view.elisions, 1);
});

test("budgeted: earlier answers are cut to their openings and the prefix stays the same from turn to turn", () => {
  const file: EditorContext = { fileName: "m.py", language: "python", kind: "file", text: Array.from({ length: 300 }, (_, i) => (i % 10 === 0 ? `def f${i}(x):` : `    x = x + ${i}`)).join("\n") };
  const answer = "Start here. " + "word ".repeat(200);
  const turns: ChatMessage[] = [{ role: "user", text: "Explain this module.", context: [file] }];
  const views = [];
  for (let t = 0; t < 4; t++) {
    views.push(teacherView({ id: "p", messages: turns }, { kind: "budgeted", budget: 1200 }, wordCount));
    turns.push({ role: "assistant", text: answer, guidanceLength: 0 }, { role: "user", text: `Follow-up ${t}?` });
  }
  for (let t = 1; t < views.length; t++) {
    const before: readonly PromptMessage[] = views[t - 1].request.messages;
    assert.deepEqual(views[t].request.messages.slice(0, before.length), before, `turn ${t + 1} begins with turn ${t}'s prompt`);
  }
  const cut = views[1].request.messages[1].content;
  assert.ok(cut.startsWith("Start here."));
  assert.match(cut, /… \(rest of this answer not sent\)$/);
  assert.ok(cut.length < 300);
});

test("budgeted: when the history no longer fits, earlier attachments are named, then the oldest exchanges are left out", () => {
  const file: EditorContext = { fileName: "big.ts", language: "typescript", kind: "file", text: Array.from({ length: 200 }, (_, i) => `export function g${i}(a: number) { return a * ${i}; }`).join("\n") };
  const messages: ChatMessage[] = [];
  for (let t = 0; t < 10; t++) messages.push({ role: "user", text: `Question ${t} about it?`, context: [file] }, { role: "assistant", text: "An answer. ".repeat(30), guidanceLength: 0 });
  messages.push({ role: "user", text: "And the last one?" });
  const view = teacherView({ id: "h", messages }, { kind: "budgeted", budget: 500 }, wordCount);
  assert.ok(view.tokens <= 500);
  const text = view.request.messages.map((m) => m.content).join("\n");
  assert.match(text, /\(The \d+ earlier messages of this conversation are not shown\.\)/);
  assert.match(text, /\(File `big.ts` was attached, 200 lines; not shown here\.\)/);
  assert.ok(text.endsWith("And the last one?"));
});

test("full is the student's request exactly; question-only is the system prompt and the question", () => {
  const { conversation } = generated(7);
  assert.deepEqual(teacherView(conversation, { kind: "full", budget: 10 }, wordCount).request, toModelRequest(conversation));
  const q = teacherView(conversation, { kind: "question-only", budget: 10 }, wordCount).request;
  assert.deepEqual(q.messages, [{ role: "user", content: (conversation.messages.at(-1) as UserMessage).text }]);
});

test("without a symbol provider, declaration-like lines stand in for the outline", () => {
  const outline = guessOutline(readFileSync(join(__dirname, "../../../shared/bench/attached-file.ts"), "utf8"));
  const lines = readFileSync(join(__dirname, "../../../shared/bench/attached-file.ts"), "utf8").split("\n");
  const found = outline.map((e) => lines[e.line].trim());
  assert.ok(found.includes("export class ChatController {"), found.join("\n"));
  assert.ok(found.some((l) => l.startsWith("export interface ChatStore")));
  assert.ok(found.some((l) => /^async \w+\(|^private \w+\(|^\w+\(.*\).*\{$/.test(l)), "methods");
  assert.ok(!found.some((l) => /^(if|for|return|await)\b/.test(l)), "no statements");
  assert.ok(outline.every((e) => e.depth >= 0));
  assert.deepEqual(guessOutline("def area(r):\n    return 3.14 * r * r\n\nclass Shape:\n    def size(self):\n        pass"), [
    { line: 0, depth: 0 },
    { line: 3, depth: 0 },
    { line: 4, depth: 1 },
  ]);
});
