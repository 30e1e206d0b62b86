import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ChatMessage, Conversation, EditorContext, PromptMessage, UserMessage } from "../../../src/common/conversation/conversation";
import { toModelRequest } from "../../../src/common/conversation/prompt";
import { promptTokens } from "../../../src/common/conversation/promptTokens";
import { teacherView } from "../../../src/common/teacherView/teacherContext";
import { sentWholeNote } from "../../../src/common/sent/sentWholeNote";
import { loadGptTokenCounter } from "../../../src/node/cost/gptTokenCounter";

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
  // Code whose brackets balance, as a file that compiles does.
  const statement = (n: number): string => words(n).replace(/[(){}]/g, "");
  // Functions of random length, some in classes, with real closing braces, so symbols have extents.
  const code = (lines: number): string => {
    const out: string[] = [];
    let f = 0;
    while (out.length < lines) {
      const body = Array.from({ length: int(0, 30) }, () => `${"  ".repeat(int(1, 3))}${statement(int(1, 14))}`);
      if (rnd() < 0.3) out.push(`export class C${f} {`, `  method${f}(a, b) {`, ...body.map((l) => `  ${l}`), "  }", "}");
      else out.push(`export function fn_name${f}(${statement(int(0, 4))}) {`, ...body, "}");
      f++;
    }
    return out.slice(0, lines).join("\n");
  };
  const attachment = (): EditorContext =>
    rnd() < 0.5
      ? { fileName: `src/s${int(1, 9)}.ts`, language: "typescript", kind: "selection", text: code(int(1, 80)) }
      : { fileName: `src/f${int(1, 9)}.ts`, language: "typescript", kind: "file", text: code(int(5, 400)), ...(rnd() < 0.5 ? { focus: { start: int(0, 50), end: int(50, 60) } } : {}) };
  const question = (): string => (rnd() < 0.5 ? `${words(int(1, 30))} fnName${int(0, 12)} ${words(int(0, 20))}` : words(int(1, 60)));
  const messages: ChatMessage[] = [];
  const turns = int(1, 7);
  for (let t = 0; t < turns; t++) {
    const context = Array.from({ length: int(0, 2) }, attachment);
    messages.push({ role: "user", text: question(), ...(context.length ? { context } : {}) });
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

test("budgeted: over generated files, a symbol the question names is sent whole when it fits, in any naming style", () => {
  let checked = 0;
  for (let seed = 1; seed <= 2000; seed++) {
    const { conversation, budget } = generated(seed);
    const current = conversation.messages.at(-1) as UserMessage;
    const files = (current.context ?? []).filter((c) => c.kind === "file");
    const name = /fnName(\d+)/.exec(current.text);
    if (!name || files.length !== 1 || (current.context ?? []).length !== 1) continue;
    // The question says fnName3; the file declares fn_name3.
    const lines = files[0].text.split("\n");
    const start = lines.findIndex((l) => l.startsWith(`export function fn_name${name[1]}(`));
    if (start < 0) continue;
    const end = lines.findIndex((l, i) => i > start && l === "}");
    if (end < 0) continue;
    const symbol = lines.slice(start, end + 1).join("\n");
    const view = teacherView(conversation, { kind: "budgeted", budget }, wordCount);
    // Room enough for the symbol with the question, the header and the markers around it.
    if (fixedTokens(conversation, wordCount) + wordCount(symbol) + lines.slice(start, end + 1).length + 60 > budget) continue;
    if (view.request.messages.length !== conversation.messages.length) continue; // earlier turns left out: not this property
    checked++;
    assert.ok(view.request.messages.at(-1)!.content.includes(symbol), `seed ${seed}: fn_name${name[1]} is sent whole`);
  }
  assert.ok(checked > 10, `${checked} cases named a symbol that fits`);
});

const ATTACHED = readFileSync(join(__dirname, "../../../../shared/bench/attached-file.ts"), "utf8");
const lineOf = (text: string, start: string): number => text.split("\n").findIndex((l) => l.trimStart().startsWith(start));
const extent = (text: string, start: string): string => {
  const lines = text.split("\n");
  const from = lineOf(text, start);
  const indent = /^\s*/.exec(lines[from])![0];
  const to = lines.findIndex((l, i) => i > from && l === `${indent}}`);
  return lines.slice(from, to + 1).join("\n");
};

test("budgeted: the symbol the question names and the one at the cursor go whole, the rest as an outline", async () => {
  const counter = await loadGptTokenCounter();
  const count = (t: string): number => counter.count(t, "gpt-4o-mini").tokens;
  const cursor = lineOf(ATTACHED, "async retry(") + 2;
  const conversation: Conversation = {
    id: "f",
    messages: [{ role: "user", text: "Why does `ThrottledSave.cancel` not save once more?", context: [{ fileName: "chatController.ts", language: "typescript", kind: "file", text: ATTACHED, focus: { start: cursor, end: cursor } }] }],
  };
  const view = teacherView(conversation, { kind: "budgeted", budget: 768 }, count);
  const sent = view.request.messages[0].content;
  assert.ok(view.tokens <= 768, `${view.tokens} tokens`);
  assert.ok(view.tokens < count(ATTACHED) / 3, "far less than the file");
  assert.ok(sent.includes(extent(ATTACHED, "cancel(): void {")), "the named method, whole");
  assert.ok(sent.includes(extent(ATTACHED, "async retry(")), "the method at the cursor, whole");
  assert.match(sent, /^class ThrottledSave \{$/m, "the named method's class's signature");
  assert.match(sent, /^export class ChatController \{$/m, "the cursor's method's class's signature");
  assert.match(sent, /Parts of `chatController.ts` \(342 lines; sent whole: ThrottledSave.cancel, .*ChatController.retry.*; the rest as an outline/);
  assert.match(sent, /… lines \d+-\d+ not sent …/);
  assert.equal(view.whole[0], "ThrottledSave.cancel", "what the question names comes first");
  assert.ok(view.whole.includes("ChatController.retry"));
  assert.equal(view.elisions, 1);
});

test("budgeted: a question that names nothing gets the parts most like it", async () => {
  const counter = await loadGptTokenCounter();
  const count = (t: string): number => counter.count(t, "gpt-4o-mini").tokens;
  const conversation: Conversation = {
    id: "s",
    messages: [{ role: "user", text: "When a conversation is deleted, is it forgotten by the ledger too?", context: [{ fileName: "chatController.ts", language: "typescript", kind: "file", text: ATTACHED }] }],
  };
  const view = teacherView(conversation, { kind: "budgeted", budget: 768 }, count);
  assert.equal(view.whole[0], "ChatController.delete", view.whole.join(", "));
  assert.ok(view.request.messages[0].content.includes(extent(ATTACHED, "async delete(")));
});

test("budgeted: several files share the budget by relevance, not evenly", async () => {
  const counter = await loadGptTokenCounter();
  const count = (t: string): number => counter.count(t, "gpt-4o-mini").tokens;
  const python = Array.from({ length: 40 }, (_, i) => `def helper_${i}(items):\n    """Helper ${i}."""\n    total = 0\n    for item in items:\n        total += item * ${i}\n    return total\n`).join("\n");
  const conversation: Conversation = {
    id: "m",
    messages: [
      {
        role: "user",
        text: "What does helper_31 return for an empty list?",
        context: [
          { fileName: "chatController.ts", language: "typescript", kind: "file", text: ATTACHED },
          { fileName: "helpers.py", language: "python", kind: "file", text: python },
        ],
      },
    ],
  };
  const view = teacherView(conversation, { kind: "budgeted", budget: 768 }, count);
  const sent = view.request.messages[0].content;
  assert.ok(view.tokens <= 768);
  assert.ok(sent.includes('def helper_31(items):\n    """Helper 31."""\n    total = 0\n    for item in items:\n        total += item * 31\n    return total'), "the named function, whole");
  assert.deepEqual(view.whole, ["helper_31"]);
  // The file the question is not about gets its outline, and no more than the one it is about.
  const [first, second] = sent.split("Parts of `helpers.py`");
  assert.match(first, /Parts of `chatController.ts`/);
  assert.ok(second !== undefined && count(first) < count(sent) * 0.75, "the unrelated file does not take an even half");
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


test("“What was sent” names what went whole, read from the request itself", async () => {
  const counter = await loadGptTokenCounter();
  const count = (t: string): number => counter.count(t, "gpt-4o-mini").tokens;
  const conversation: Conversation = {
    id: "n",
    messages: [{ role: "user", text: "Why does `ThrottledSave.cancel` clear the timer?", context: [{ fileName: "chatController.ts", language: "typescript", kind: "file", text: ATTACHED }] }],
  };
  const view = teacherView(conversation, { kind: "budgeted", budget: 768 }, count);
  const note = sentWholeNote({ messages: view.request.messages });
  assert.ok(note?.startsWith(`// From attached files: chatController.ts: ${view.whole.join(", ")} whole, the rest as an outline`), note);
  assert.equal(sentWholeNote({ messages: [{ role: "user", content: "No files here." }] }), undefined);
});

test("budgeted: over generated files, the function around the cursor is sent whole when it fits", () => {
  let checked = 0;
  for (let seed = 1; seed <= 400; seed++) {
    const rnd = random(seed * 7919);
    const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
    const functions = Array.from({ length: int(5, 40) }, (_, f) => [`def step_${f}(state, value):`, ...Array.from({ length: int(1, 25) }, (_, i) => `    value = value * ${i} + state.get("k${f}_${i}")`), "    return value", ""]);
    const lines = functions.flat();
    const target = int(0, functions.length - 1);
    const start = functions.slice(0, target).reduce((n, f) => n + f.length, 0);
    const body = functions[target].slice(0, -1);
    const cursor = start + int(0, body.length - 1);
    const budget = int(100, 1500);
    const conversation: Conversation = { id: `g${seed}`, messages: [{ role: "user", text: "Why is this so slow?", context: [{ fileName: "steps.py", language: "python", kind: "file", text: lines.join("\n"), focus: { start: cursor, end: cursor } }] }] };
    const view = teacherView(conversation, { kind: "budgeted", budget }, wordCount);
    assert.ok(view.tokens <= Math.max(budget, fixedTokens(conversation, wordCount)), `seed ${seed}: within the budget`);
    if (fixedTokens(conversation, wordCount) + wordCount(body.join("\n")) + body.length + 60 > budget) continue;
    checked++;
    assert.ok(view.request.messages[0].content.includes(body.join("\n")), `seed ${seed}: step_${target}, around the cursor, is sent whole`);
  }
  assert.ok(checked > 50, `${checked} cases had a cursor function that fits`);
});

test("budgeted: a long line first kept as a line near the cursor goes as it is once its symbol is sent whole", () => {
  const long = `    return sorted_item_names([${Array.from({ length: 40 }, (_, i) => `"item${i}"`).join(", ")}])`;
  const others = Array.from({ length: 120 }, (_, i) => `def other_${i}(x):\n    return x + ${i}\n`);
  const text = [...others, "ITEMS_VERSION = 3", "", "def items():", long, ""].join("\n");
  const lines = text.split("\n");
  const cursor = lines.indexOf("ITEMS_VERSION = 3");
  assert.ok(lines.indexOf(long) - cursor <= 4, "the long line is among the lines kept around the cursor");
  // Named by nothing, so `items` comes as a similar symbol, after the lines at the cursor.
  const conversation: Conversation = { id: "l", messages: [{ role: "user", text: "How are the sorted item names built?", context: [{ fileName: "l.py", language: "python", kind: "file", text, focus: { start: cursor, end: cursor } }] }] };
  const view = teacherView(conversation, { kind: "budgeted", budget: 600 }, wordCount);
  assert.deepEqual(view.whole, ["items"]);
  assert.ok(view.request.messages[0].content.includes(long), "the whole line, not its first 160 characters");
  assert.ok(view.tokens <= 600);
});

/** A function too large for any small budget: one `case` per kind, each with words of its own. */
const KINDS = ["payment", "refund", "invoice", "shipment", "coupon", "review", "account", "session", "upload", "report", "ticket", "webhook"];
const HANDLER = [
  "import { audit } from './audit';",
  "",
  "export function handle(event: Event): Outcome {",
  "  const started = Date.now();",
  "  switch (event.kind) {",
  ...KINDS.flatMap((k, i) => [
    `    case '${k}':`,
    `      if (event.${k}Id === undefined) {`,
    `        return reject('missing ${k} id', ${i});`,
    "      }",
    `      audit.${k}(event.${k}Id, started);`,
    `      return accept${k[0].toUpperCase()}${k.slice(1)}(event);`,
  ]),
  "    default:",
  "      return reject('unknown kind', -1);",
  "  }",
  "}",
  "",
  "export function other(x: number): number {",
  "  return x + 1;",
  "}",
].join("\n");

test("budgeted: a symbol too large to go whole sends its signature and the block the question is about, with markers for the rest", () => {
  const lines = HANDLER.split("\n");
  const ask = (question: string, cursor?: number, budget = 260): { sent: string; view: ReturnType<typeof teacherView> } => {
    const view = teacherView(
      { id: "big", messages: [{ role: "user", text: question, context: [{ fileName: "handle.ts", language: "typescript", kind: "file", text: HANDLER, ...(cursor !== undefined ? { focus: { start: cursor, end: cursor } } : {}) }] }] },
      { kind: "budgeted", budget },
      wordCount,
    );
    return { sent: view.request.messages[0].content, view };
  };
  assert.ok(wordCount(HANDLER) > 600, "far larger than the budget");
  const refund = lines.findIndex((l) => l.includes("case 'refund'"));
  const { sent, view } = ask("What happens to a refund event that comes without its id?");
  assert.ok(view.tokens <= 260, `${view.tokens} tokens`);
  assert.deepEqual(view.partly, ["handle"]);
  assert.match(sent, /^export function handle\(event: Event\): Outcome \{$/m, "its signature");
  assert.ok(sent.includes(lines.slice(refund, refund + 6).join("\n")), "the refund arm, whole");
  assert.match(sent, /^ {2}switch \(event\.kind\) \{$/m, "framed by the switch it is in");
  assert.match(sent, /… lines \d+-\d+ not sent …/);
  assert.match(sent, /in part: handle; the rest as an outline/);
  // With the cursor in another arm of it, that arm goes too.
  const ticket = lines.findIndex((l) => l.includes("case 'ticket'"));
  const both = ask("What happens to a refund event that comes without its id?", ticket + 2, 330).sent;
  assert.ok(both.includes(lines.slice(refund, refund + 6).join("\n")) && both.includes(lines[ticket + 2]), "the arm asked about and the line at the cursor");
});

test("budgeted: in a symbol too large to go whole, the blocks next to the one the question is about go before a weak match far away", () => {
  // The refund is written by the `if` and the paragraph after it, which shares no word with the
  // question; a line far below mentions the ledger once.
  const settle = [
    "export function settle(order: Order): Receipt {",
    "  if (order.refund) {",
    "    ledger.reverse(order.refund, order.total);",
    "    ledger.mark(order.refund, 'refund');",
    "  }",
    "",
    "  const credit = order.total - order.fee;",
    "  wallet.add(order.customer, credit);",
    "",
    ...Array.from({ length: 20 }, (_, i) => [`  const part${i} = price(order.items[${i}], rates[${i}]);`, `  totals.push(part${i} * weights[${i}]);`, ""]).flat(),
    "  audit.record(order.id, order.total, 'ledger');",
    "",
    ...Array.from({ length: 8 }, (_, i) => [`  const fee${i} = feeOf(order.lines[${i}], region);`, `  fees.push(fee${i});`, ""]).flat(),
    "  return { totals, fees };",
    "}",
  ].join("\n");
  const budget = 210;
  const view = teacherView(
    { id: "settle", messages: [{ role: "user", text: "How is a refund written to the ledger?", context: [{ fileName: "settle.ts", language: "typescript", kind: "file", text: settle }] }] },
    { kind: "budgeted", budget },
    wordCount,
  );
  const sent = view.request.messages[0].content;
  assert.ok(wordCount(settle) > 4 * budget, "far larger than the budget");
  assert.ok(view.tokens <= budget, `${view.tokens} tokens`);
  assert.deepEqual(view.partly, ["settle"]);
  assert.ok(sent.includes(settle.split("\n").slice(1, 5).join("\n")), "the block the question's words meet");
  assert.ok(sent.includes("  const credit = order.total - order.fee;\n  wallet.add(order.customer, credit);"), "and the one right after it");
  assert.ok(!sent.includes("audit.record"), "before the line far away that only mentions the ledger");
});

test("budgeted: over generated files with large nested functions, descriptive and naming questions and any cursor, the budget is never exceeded", () => {
  let partial = 0;
  for (let seed = 1; seed <= 300; seed++) {
    const rnd = random(seed * 4099);
    const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
    const word = (): string => WORDS[int(0, 8)];
    const python = rnd() < 0.3;
    const block = (depth: number, n: number): string[] => {
      const pad = "    ".repeat(depth);
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        if (depth < 4 && rnd() < 0.25) {
          const inner = block(depth + 1, int(1, 6));
          if (python) out.push(`${pad}if ${word()}_${i} > ${i}:`, ...inner, ...(rnd() < 0.5 ? [`${pad}else:`, ...block(depth + 1, int(1, 3))] : []));
          else out.push(`${pad}if (${word()}${i} > ${i}) {`, ...inner, ...(rnd() < 0.5 ? [`${pad}} else {`, ...block(depth + 1, int(1, 3))] : []), `${pad}}`);
        } else out.push(`${pad}${word()}_${i} = ${word()}(${int(0, 99)})${python ? "" : ";"}`);
        if (rnd() < 0.15) out.push("");
      }
      return out;
    };
    const lines: string[] = [];
    const count = int(2, 12);
    for (let f = 0; f < count; f++) {
      if (rnd() < 0.5) lines.push(python ? `# fn_${f} ${word()} ${word()}` : `// fn_${f} ${word()} ${word()}`);
      lines.push(python ? `def fn_${f}(a, b):` : `function fn_${f}(a, b) {`, ...block(1, int(1, rnd() < 0.4 ? 80 : 10)), ...(python ? [] : ["}"]), "");
    }
    const budget = int(60, 1200);
    const question = rnd() < 0.4 ? `Why does fn_${int(0, count - 1)} return early?` : `How is the ${word()} ${word()} computed?`;
    const cursor = rnd() < 0.7 ? int(0, lines.length - 1) : undefined;
    const conversation: Conversation = {
      id: `n${seed}`,
      messages: [{ role: "user", text: question, context: [{ fileName: python ? "n.py" : "n.ts", language: python ? "python" : "typescript", kind: "file", text: lines.join("\n"), ...(cursor !== undefined ? { focus: { start: cursor, end: cursor } } : {}) }] }],
    };
    const view = teacherView(conversation, { kind: "budgeted", budget }, wordCount);
    assert.equal(view.tokens, viewTokens(view, wordCount), `seed ${seed}: the reported size is the counted size`);
    assert.ok(view.tokens <= Math.max(budget, fixedTokens(conversation, wordCount)), `seed ${seed}: ${view.tokens} tokens for a budget of ${budget}`);
    assert.ok(view.request.messages[0].content.endsWith(question), `seed ${seed}: the question is sent whole`);
    if (view.partly?.length) partial++;
  }
  assert.ok(partial > 30, `${partial} views sent a symbol in part`);
});
