// A guided answer as the panel shows it while it streams: the teacher's opening marked, the
// handoff taking back the half-word, the student's text after it, code blocks with their buttons.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { HostMessage } from "../../src/common/panel/protocol";
import { answer, conversation, init, status, streamedTurn, TEACHER, userMessage } from "./support/fixtures";
import { usePanelTestHost, type PanelPage } from "./support/panelTestHost";

const openForTest = usePanelTestHost();
const openPanel = (t: { after(fn: () => Promise<void>): void }): Promise<PanelPage> => openForTest(t, { deliver: init() });

/** Text of the teacher marks and of the whole body of one answer. */
async function answerText(p: PanelPage, messageId: string): Promise<{ marked: string; body: string; titles: string[] }> {
  return p.page.evaluate((id) => {
    const body = document.querySelector(`[data-message-id="${id}"] .msg-body`)!;
    const marks = Array.from(body.querySelectorAll("mark.hs-teacher"));
    return { marked: marks.map((m) => m.textContent).join(""), body: body.textContent ?? "", titles: [...new Set(marks.map((m) => m.getAttribute("title") ?? ""))] };
  }, messageId);
}

test("a guided answer streams: the teacher's opening is marked, shown a whole word at a time, so the handoff takes nothing back", async (t) => {
  const p = await openPanel(t);
  const kept = "To reverse a list in Python, use";
  const dropped = " sli";
  const student = " slicing: `items[::-1]` returns a new list and leaves the original alone. To reverse in place, call `items.reverse()`.";
  const shownStudent = student.replace(/`/g, "");
  const turn = streamedTurn("c1", userMessage("u1", "How do I reverse a list in Python?"), kept, dropped, student, 3);
  const handoffAt = turn.findIndex((m) => m.type === "turn" && m.event.type === "handoff");
  // Every step of the stream: the marked text only ever grows, and never shows a half-word.
  let before = "";
  for (const m of turn.slice(0, handoffAt)) {
    await p.deliver(m);
    const shown = (await answerText(p, "u1-a")).body;
    assert.ok(shown.startsWith(before), `${JSON.stringify(shown)} takes back part of ${JSON.stringify(before)}`);
    assert.ok(kept.startsWith(shown), `${JSON.stringify(shown)} shows text the handoff will take back`);
    before = shown;
  }
  assert.equal(before, kept, "the whole words of the guidance show while it streams");

  await p.deliver(turn[handoffAt]);
  const afterHandoff = await answerText(p, "u1-a");
  assert.equal(afterHandoff.body, kept, "the handoff takes nothing away that was shown");
  assert.equal(afterHandoff.marked, kept);

  const doneAt = turn.length - 1;
  await p.deliver(...turn.slice(handoffAt + 1, handoffAt + 12));
  await p.screenshot("streaming-guided");
  await p.deliver(...turn.slice(handoffAt + 12, doneAt));
  const live = await answerText(p, "u1-a");
  assert.equal(live.body, kept + shownStudent);
  assert.equal(live.marked, kept, "only the teacher's characters are marked");
  assert.deepEqual(live.titles, [`Opening written by ${TEACHER}`]);

  await p.deliver(turn[doneAt]);
  const done = await answerText(p, "u1-a");
  assert.equal(done.marked, kept);
  assert.equal(done.body, kept + shownStudent);
  // The boundary falls inside a sentence: the mark sits inline in the same paragraph as the student's words.
  const paragraph = await p.page.evaluate(() => {
    const para = document.querySelector('[data-message-id="u1-a"] .msg-body p')!;
    return { text: para.textContent, marks: para.querySelectorAll("mark").length, codes: para.querySelectorAll("code").length };
  });
  assert.equal(paragraph.text, kept + shownStudent);
  assert.ok(paragraph.marks >= 1);
  assert.equal(paragraph.codes, 2);
  const legend = await p.page.locator('[data-message-id="u1-a"] .teacher-legend').textContent();
  assert.equal(legend, `opening by ${TEACHER}`);
  await p.screenshot("guided-answer-done");
});

test("a boundary inside a code block marks the code's first lines, while streaming and once highlighted", async (t) => {
  const p = await openPanel(t);
  const kept = "Here is the function:\n\n```python\ndef reverse(items):\n";
  const student = '    """Return a reversed copy."""\n    return items[::-1]\n```\n\nCall it with any list.';
  // The budget ran out inside the code: the half-written line is taken back at the handoff.
  const turn = streamedTurn("c1", userMessage("u2", "Write reverse()"), kept, '    """Ret', student, 5);
  const midCode = turn.findIndex((m) => m.type === "turn" && m.event.type === "student" && m.event.text.includes("copy"));
  await p.deliver(...turn.slice(0, midCode + 1));
  const streaming = await p.page.evaluate(() => {
    const code = document.querySelector('[data-message-id="u2-a"] pre code')!;
    return { marked: Array.from(code.querySelectorAll("mark")).map((m) => m.textContent).join(""), text: code.textContent };
  });
  assert.equal(streaming.marked, "def reverse(items):\n", "the open block's teacher lines are marked while it streams");
  assert.ok(streaming.text.startsWith("def reverse(items):\n    \"\"\"Return"));
  await p.screenshot("streaming-code");

  await p.deliver(...turn.slice(midCode + 1));
  const done = await p.page.evaluate(() => {
    const body = document.querySelector('[data-message-id="u2-a"] .msg-body')!;
    const code = body.querySelector("pre code")!;
    return {
      codeMarked: Array.from(code.querySelectorAll("mark")).map((m) => m.textContent).join(""),
      code: code.textContent,
      highlighted: code.querySelectorAll("[class^=hljs-]").length,
      firstParagraphMarked: body.querySelector("p mark")?.textContent,
      lastParagraphMarks: body.querySelectorAll("p")[1].querySelectorAll("mark").length,
    };
  });
  assert.equal(done.codeMarked, "def reverse(items):\n");
  assert.equal(done.code, 'def reverse(items):\n    """Return a reversed copy."""\n    return items[::-1]');
  assert.ok(done.highlighted > 0, "highlighted once the fence closed");
  assert.equal(done.firstParagraphMarked, "Here is the function:");
  assert.equal(done.lastParagraphMarks, 0, "the student's paragraph is not marked");
  await p.screenshot("guided-code-done");
});

test("code blocks have Copy and Insert buttons that post the block's code", async (t) => {
  const p = await openPanel(t);
  const text = "Two ways:\n\n```ts\nconst a = [1, 2, 3].reverse();\n```\n\nand\n\n```bash\necho 'a <b> & c'\n```\n";
  await p.deliver({ type: "open", conversation: conversation("c1", "Reverse", [userMessage("u1", "reverse?"), answer("a1", text, 10)]) });
  const copy = p.page.getByRole("button", { name: "Copy code" });
  const insert = p.page.getByRole("button", { name: "Insert code at cursor" });
  assert.equal(await copy.count(), 2);
  assert.equal(await insert.count(), 2);
  await p.clearPosted();
  await copy.nth(0).click();
  await insert.nth(1).focus();
  await p.page.keyboard.press("Enter");
  assert.deepEqual(await p.posted(), [
    { type: "copy", text: "const a = [1, 2, 3].reverse();" },
    { type: "insert", text: "echo 'a <b> & c'" },
  ]);
  assert.equal(await copy.nth(0).textContent(), "Copied", "the button says it worked");
});

test("the footer shows the record's figures and where the price came from; unknown costs say unknown, never $0", async (t) => {
  const p = await openPanel(t);
  const fixture = answer("a1", "Known.", 3);
  const known = { ...fixture, record: { ...fixture.record!, cost: { ...fixture.record!.cost, source: "openrouter", priceSource: "openrouter", priceDate: "2026-11-28" } as const } };
  const unknown = answer("a2", "Unknown.", 4, {
    teacherModel: "my-local-teacher",
    record: {
      ...known.record,
      teacherModel: "my-local-teacher",
      teacherUsage: { inputTokens: 100, cachedInputTokens: 0, outputTokens: 20 },
      cost: { actualUsd: null, counterfactualUsd: null, savingUsd: null, source: "none", estimated: false },
    },
  });
  const local = answer("a3", "Local.", 0, {
    mode: "local",
    record: { ...known.record, mode: "local", plan: { teacher: "none", student: true }, teacherUsage: undefined, stopped: true, cost: { actualUsd: 0, counterfactualUsd: 0.0021, savingUsd: 0.0021, source: "none", estimated: true } },
    partial: true,
  });
  // The teacher failed before writing anything: the student's answer alone is no saving.
  const skipped = answer("a4", "Skipped.", 0, {
    record: {
      ...known.record,
      teacherUsage: undefined,
      notice: "unavailable",
      cost: { actualUsd: 0, counterfactualUsd: 0.0021, savingUsd: 0.0021, source: "none", priceSource: "table", priceDate: "2026-11-29", estimated: true, actualEstimated: false },
    },
  });
  // The provider reported its charge; only the student's text was counted inexactly.
  const reported = answer("a5", "Reported.", 3, {
    record: { ...known.record, cost: { ...known.record.cost, source: "provider", priceSource: "table", priceDate: "2026-11-29", estimated: true, actualEstimated: false } },
  });
  // A cloud answer is the teacher-only answer: nothing saved, nothing to compare with.
  const cloud = answer("a6", "All the teacher's.", 18, {
    mode: "cloud",
    record: { ...known.record, mode: "cloud", plan: { teacher: "answer", student: false }, studentStats: undefined, cost: { actualUsd: 0.000216, counterfactualUsd: 0.000216, savingUsd: 0, source: "table", priceSource: "table", priceDate: "2026-11-29", estimated: false } },
  });
  await p.deliver({
    type: "open",
    conversation: conversation("c1", "Costs", [
      userMessage("u1", "q"), known, userMessage("u2", "q"), unknown, userMessage("u3", "q"), local, userMessage("u4", "q"), skipped, userMessage("u5", "q"), reported, userMessage("u6", "q"), cloud,
    ]),
  });
  const fields = (id: string): Promise<Record<string, string>> =>
    p.page.evaluate((mid) => {
      const out: Record<string, string> = {};
      for (const el of document.querySelectorAll(`[data-message-id="${mid}"] [data-field]`)) out[el.getAttribute("data-field")!] = el.textContent ?? "";
      return out;
    }, id);
  const k = await fields("a1");
  assert.equal(k.mode, "Guided");
  assert.equal(k.teacher, "teacher 812 in (512 cached) / 32 out · $0.000103");
  assert.equal(k["teacher-cost"], "$0.000103");
  assert.equal(k.student, "student 410 tokens · 38 tok/s");
  assert.equal(k["teacher-only"], "teacher-only $0.000349");
  assert.equal(k.saving, "saved $0.000246 (70%)");
  assert.equal(k.price, "price: OpenRouter, 2026-11-28");
  assert.equal(await p.page.locator('[data-message-id="a1"] [data-field="teacher-cost"]').getAttribute("title"), "price: OpenRouter, 2026-11-28");
  const u = await fields("a2");
  assert.equal(u["teacher-cost"], "unknown");
  assert.equal(u["teacher-only"], "teacher-only unknown");
  assert.equal(u.saving, "saving unknown");
  assert.ok(!Object.values(u).some((v) => v.includes("$0")), JSON.stringify(u));
  assert.equal(u.price, undefined, "no price, no source to name");
  const l = await fields("a3");
  assert.equal(l.mode, "Local");
  assert.equal(l.stopped, "stopped");
  assert.equal(l.teacher, undefined, "local answers have no teacher figures");
  assert.equal(l.saving, "saved $0.002100 (100%) est.", "local mode, the user's choice, keeps its saving");
  assert.equal(await p.page.locator('[data-message-id="a3"] .msg-state').textContent(), "stopped");
  const s = await fields("a4");
  assert.equal(s["no-saving"], "no saving: the teacher wrote nothing, the local model answered alone");
  assert.equal(s.saving, undefined, "not shown as a saving");
  assert.equal(s.teacher, "teacher wrote nothing · $0", "says plainly that the teacher wrote nothing");
  assert.equal(s["teacher-only"], undefined, "no teacher-only price to compare a skipped teacher with");
  assert.ok(!Object.values(s).some((v) => v.includes("100%")), JSON.stringify(s));
  assert.equal(s.price, "price: built-in table, 2026-11-29");
  const r = await fields("a5");
  assert.equal(r["teacher-cost"], "$0.000103", "a provider's own figure is not an estimate");
  assert.equal(r.saving, "saved $0.000246 (70%) est.");
  assert.equal(r.price, "cost reported by the provider");
  const c = await fields("a6");
  assert.equal(c["teacher-cost"], "$0.000216");
  assert.equal(c.saving, undefined, "a cloud answer claims no saving");
  assert.equal(c["teacher-only"], undefined);
  assert.equal(c.price, "price: built-in table, 2026-11-29");

  const whatWasSent = p.page.getByRole("button", { name: "Show the request sent to the teacher" });
  assert.equal(await whatWasSent.count(), 4, "only answers that used the teacher offer it");
  await p.clearPosted();
  await whatWasSent.nth(1).click();
  assert.deepEqual(await p.posted(), [{ type: "show-request", conversationId: "c1", messageId: "a2" }]);
  await p.page.locator('[data-message-id="a1"]').scrollIntoViewIfNeeded();
  await p.screenshot("footers");
});

const NOTICE_CASES: [Extract<HostMessage, { type: "turn" }>["event"], string[], string[]][] = [
  [{ type: "notice", reason: "no-key", message: "No API key is set for the teacher; answering locally." }, ["Set API key"], ["set-key"]],
  [{ type: "notice", reason: "auth", message: "The teacher refused the key (401)." }, ["Set API key"], ["set-key"]],
  [{ type: "notice", reason: "rate-limited", message: "The teacher is rate-limited (429)." }, ["Retry", "Use local mode"], ["retry", "switch-to-local"]],
  [{ type: "notice", reason: "unavailable", message: "The teacher is unavailable (503)." }, ["Retry", "Use local mode"], ["retry", "switch-to-local"]],
  [{ type: "notice", reason: "timeout", message: "The teacher did not answer in 20 s." }, ["Retry", "Use local mode"], ["retry", "switch-to-local"]],
  [{ type: "notice", reason: "bad-response", message: "The teacher's reply could not be read." }, ["Open settings", "Use local mode"], ["open-settings", "switch-to-local"]],
  [{ type: "notice", reason: "empty-guidance", message: "The teacher sent no text." }, ["Open settings", "Use local mode"], ["open-settings", "switch-to-local"]],
  [{ type: "error", reason: "model-missing", message: "The model file is missing." }, ["Choose model"], ["choose-model"]],
  [{ type: "error", reason: "internal", message: "Something went wrong." }, [], []],
];

test("a notice or error line offers the actions that fit its reason, and each posts its action", async (t) => {
  const p = await openPanel(t);
  for (const [i, [event, labels, actions]] of NOTICE_CASES.entries()) {
    const [start] = streamedTurn("c1", userMessage(`n${i}`, "Explain closures"), "", "", "");
    await p.deliver(start, { type: "turn", conversationId: "c1", messageId: `n${i}-a`, event }, { type: "turn", conversationId: "c1", messageId: `n${i}-a`, event: { type: "student", text: "A closure keeps the variables of the scope it was made in." } });
    const line = p.page.locator(`[data-message-id="n${i}-a"] .notice-line`);
    assert.equal(await line.getAttribute("data-reason"), event.type === "notice" || event.type === "error" ? event.reason : "");
    assert.equal(await line.getAttribute("role"), event.type === "error" ? "alert" : "status");
    const buttons = line.getByRole("button");
    assert.deepEqual(await buttons.allTextContents(), labels, `buttons for ${JSON.stringify(event)}`);
    await p.clearPosted();
    for (let b = 0; b < labels.length; b++) await buttons.nth(b).click();
    assert.deepEqual(await p.posted(), actions.map((action) => ({ type: "action", action })));
    if (i === 3) await p.screenshot("notice-line");
  }
  await p.deliver({ type: "status", status: status({ busy: false }) });
});

test("the student's notes show under its text, in order, each with Open settings, and survive the done message", async (t) => {
  const p = await openPanel(t);
  const [start] = streamedTurn("c1", userMessage("s1", "Tell me more"), "", "", "");
  const turn = (event: Extract<HostMessage, { type: "turn" }>["event"]): HostMessage => ({ type: "turn", conversationId: "c1", messageId: "s1-a", event });
  await p.deliver(
    start,
    turn({ type: "note", reason: "history-trimmed", message: "The conversation no longer fits the local model's context, so it now leaves out the oldest 4 messages." }),
    turn({ type: "student", text: "Then the dog ran home." }),
    turn({ type: "note", reason: "stalled", message: "The local model wrote nothing for 10 s: other programs are using the processor, so it goes on with 1 thread." }),
    turn({ type: "note", reason: "length-limit", message: "Cut at the length limit (1,024 tokens). Raise “headstart.student.maxAnswerTokens” for longer answers." }),
  );
  const notes = p.page.locator('[data-message-id="s1-a"] .notes-slot .notice-line.note');
  const reasons = async (): Promise<(string | null)[]> => notes.evaluateAll((els) => els.map((e) => e.getAttribute("data-reason")));
  assert.deepEqual(await reasons(), ["history-trimmed", "stalled", "length-limit"]);
  assert.match((await notes.nth(2).innerText()), /Cut at the length limit/);
  // Notes come after the answer's text, not before it.
  const below = await p.page.evaluate(() => {
    const body = document.querySelector('[data-message-id="s1-a"] .msg-body')!;
    const note = document.querySelector('[data-message-id="s1-a"] .notes-slot')!;
    return Boolean(body.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(below);
  await p.clearPosted();
  await notes.nth(1).getByRole("button", { name: "Open settings" }).click();
  assert.deepEqual(await p.posted(), [{ type: "action", action: "open-settings" }]);
  await p.screenshot("student-notes");
  // The stored message carries the notes too: after `done` (and so after a reload) they are still there.
  const stored = { ...answer("s1-a", "Then the dog ran home.", 0), notes: [{ reason: "length-limit" as const, message: "Cut at the length limit (1,024 tokens)." }] };
  await p.deliver(turn({ type: "done", message: stored }));
  assert.deepEqual(await reasons(), ["length-limit"]);
});

test("each whole code block offers Apply to the file the answer or the question names, and posts the block; commands to run offer none", async (t) => {
  const p = await openPanel(t);
  const text = "The fix:\n\n```ts src/cart.ts\nexport function total(items: Item[]): number {\n  return items.reduce((n, i) => n + i.price, 0);\n}\n```\n\nThen check it:\n\n```bash\nnpx tsc --noEmit\n```\n\nOr in the file you attached:\n\n```ts\nconst x = 1;\n```\n";
  const question = userMessage("u1", "fix it", { context: [{ fileName: "lib/other.ts", language: "typescript", kind: "file", text: "const x = 0;\n" }] });
  await p.deliver({ type: "open", conversation: conversation("c1", "Fix", [question, answer("a1", text, 10)]) });
  const apply = p.page.locator(".code-action.apply");
  assert.deepEqual(await apply.allInnerTexts(), ["Apply to cart.ts", "Apply to other.ts"], "named by the fence, else by the attachment; the bash block has none");
  await p.clearPosted();
  await apply.nth(0).click();
  assert.deepEqual(await p.posted(), [{ type: "apply", conversationId: "c1", messageId: "a1", code: "export function total(items: Item[]): number {\n  return items.reduce((n, i) => n + i.price, 0);\n}" }]);
  await p.screenshot("apply-buttons");
});

test("a code block streamed in gets its Apply button as soon as its fence closes", async (t) => {
  const p = await openPanel(t);
  const question = userMessage("u1", "/tests", { task: { name: "tests", typed: "/tests" }, editTarget: { fileName: "cart.test.ts", exists: false } });
  const text = "Two cases:\n\n```typescript\nimport { it } from \"vitest\";\nit(\"adds\", () => {});\n```\n";
  await p.deliver(...streamedTurn("c9", question, text, "", "", 5).filter((m) => !(m.type === "turn" && m.event.type === "done")));
  assert.deepEqual(await p.page.locator(".code-action.apply").allInnerTexts(), ["Apply to cart.test.ts"], "named by the task's target, before the turn has ended");
});

test("a long answer is followed only until its start reaches the top: the marked opening stays on screen, as on a 1280×657 laptop", async (t) => {
  // The side bar of a 657-pixel-high window: the panel about 520 pixels high.
  const p = await openForTest(t, { deliver: init(), height: 520 });
  const kept = "Here is the plan, step by step, for the whole migration of the";
  const student = Array.from({ length: 60 }, (_, i) => `\n\nStep ${i + 1}: move table ${i + 1} and check its rows.`).join("");
  const turn = streamedTurn("c1", userMessage("u1", "How do I migrate the database?"), kept, " da", student, 12);
  const inView = () =>
    p.page.evaluate(() => {
      const list = document.querySelector(".conversation")!.getBoundingClientRect();
      const mark = document.querySelector('[data-message-id="u1-a"] mark.hs-teacher')!.getBoundingClientRect();
      const last = document.querySelector('[data-message-id="u1-a"] .msg-body')!.getBoundingClientRect();
      return { opening: mark.top >= list.top - 1 && mark.bottom <= list.bottom + 1, end: last.bottom <= list.bottom + 1 };
    });
  // While the answer is short, the view follows its end.
  for (const m of turn.slice(0, 12)) await p.deliver(m);
  await p.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.deepEqual(await inView(), { opening: true, end: true });
  for (const m of turn.slice(12)) await p.deliver(m);
  await p.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const seen = await inView();
  assert.equal(seen.opening, true, "the teacher's marked opening is still on screen");
  assert.equal(seen.end, false, "the answer is taller than the view: its end is below, for the reader to scroll to");
});
