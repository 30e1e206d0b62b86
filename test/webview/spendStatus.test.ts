// The spend in the panel's status line (turns with no known price are counted beside the dollars),
// and the stand-ins (test teacher, tiny test model) named as what they are.
import { test } from "node:test";
import assert from "node:assert/strict";
import { answer, conversation, init, record, status, userMessage } from "./support/fixtures";
import { usePanelTestHost } from "./support/panelTestHost";

const openForTest = usePanelTestHost();

test("the status line shows unpriced answers beside the spend, never folded into it as $0", async (t) => {
  const spend = { todayUsd: 0.42, todayUnknownTurns: 2, monthUsd: 1.5, monthSavingUsd: 3, monthUnknownTurns: 3 };
  const p = await openForTest(t, { deliver: init({ status: status({ spend }) }) });
  const line = p.page.locator(".status-spend");
  assert.equal(await line.textContent(), "today $0.4200 + 2 unpriced · month $1.50 + 3 unpriced");
  assert.match((await line.getAttribute("title")) ?? "", /3 answers this month had no known price/);
  await p.deliver({ type: "status", status: status({ spend: { ...spend, todayUnknownTurns: 0, monthUnknownTurns: 0 } }) });
  assert.equal(await line.textContent(), "today $0.4200 · month $1.50");
});

test("the test teacher is named as a stand-in in the status line and the footer, at $0 with no saving", async (t) => {
  const testTeacher = { model: "test-teacher", host: "127.0.0.1:8787", hasKey: true, test: true };
  const free = record({ teacherModel: "test-teacher", cost: { actualUsd: 0, counterfactualUsd: 0, savingUsd: 0, source: "test", priceSource: "test", estimated: false } });
  const active = conversation("c1", "Story", [userMessage("u1", "Tell me a story"), answer("a1", "Once upon a time there was a fox.", 10, { teacherModel: "test-teacher", record: free })]);
  const p = await openForTest(t, { deliver: init({ status: status({ teacher: testTeacher }), active }) });
  assert.equal(await p.page.locator(".status-teacher").textContent(), "test teacher (canned answers), not billed");
  const fields = await p.page.evaluate(() => {
    const out: Record<string, string> = {};
    for (const el of document.querySelectorAll('[data-message-id="a1"] [data-field]')) out[el.getAttribute("data-field")!] = el.textContent ?? "";
    return out;
  });
  assert.equal(fields["teacher-cost"], "$0");
  assert.equal(fields["no-saving"], "no saving: the test teacher is not billed");
  assert.equal(fields["price"], "test teacher (canned answers), not billed");
  assert.equal(fields["teacher-only"], undefined, "no teacher-only price to compare a canned answer with");
  await p.deliver({ type: "status", status: status() });
  assert.equal(await p.page.locator(".status-teacher").textContent(), "teacher gpt-4o-mini");
});

test("a tiny local model is named as a test model in the status line; a real-sized one is not", async (t) => {
  const p = await openForTest(t, { deliver: init({ status: status({}, { model: "stories260K.gguf", sizeBytes: 1_185_376 }) }) });
  const student = p.page.locator(".status-student");
  assert.equal(await student.textContent(), "stories260K.gguf (tiny test model, 1.2 MB) · ready");
  assert.match((await student.getAttribute("title")) ?? "", /cannot answer coding questions/);
  await p.deliver({ type: "status", status: status({}, { sizeBytes: 1_120_000_000 }) });
  assert.equal(await student.textContent(), "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf · ready");
});
