import { test } from "node:test";
import assert from "node:assert/strict";
import { readStoredConversation, settleInterrupted, titleFrom, type StoredConversation } from "../../../src/common/history/chatHistory";

test("an answer still streaming when the window closed comes back partial and settled", () => {
  const c: StoredConversation = {
    id: "c",
    title: "t",
    createdAt: 1,
    updatedAt: 2,
    messages: [
      { id: "u", role: "user", text: "Q" },
      { id: "a", role: "assistant", mode: "guided", plan: { teacher: "opening", student: true }, text: "Half an ans", guidanceLength: 4, streaming: true },
    ],
  };
  const settled = settleInterrupted(c);
  assert.deepEqual(settled.messages[1], { id: "a", role: "assistant", mode: "guided", plan: { teacher: "opening", student: true }, text: "Half an ans", guidanceLength: 4, streaming: false, partial: true });
  assert.equal(settleInterrupted(settled), settled, "nothing to settle: the same object");
});

test("titles come from the first line, cut at a word", () => {
  assert.equal(titleFrom("How do I reverse a list?\nMore detail"), "How do I reverse a list?");
  assert.equal(titleFrom("   "), "New chat");
  const long = titleFrom("Why does Rust complain cannot borrow v as mutable because it is also borrowed as immutable");
  assert.ok(long.endsWith("…") && long.length <= 61, long);
});

test("a stored answer's notes are checked before use: a damaged list makes the file unreadable, not the panel", () => {
  const base = { id: "c", title: "t", createdAt: 1, updatedAt: 2 };
  const answer = (notes: unknown) => ({ id: "a", role: "assistant", mode: "local", text: "x", guidanceLength: 0, notes });
  assert.notEqual(readStoredConversation({ ...base, messages: [answer([{ reason: "length-limit", message: "Cut." }])] }), undefined);
  assert.notEqual(readStoredConversation({ ...base, messages: [answer(undefined)] }), undefined);
  assert.equal(readStoredConversation({ ...base, messages: [answer("cut")] }), undefined);
  assert.equal(readStoredConversation({ ...base, messages: [answer([{ reason: 3 }])] }), undefined);
});

test("an answer stored before plans were kept gets the plan its mode meant, on the message and its record", () => {
  const base = { id: "c", title: "t", createdAt: 1, updatedAt: 2 };
  const old = (mode: string, auto?: object) => ({
    id: "a",
    role: "assistant",
    mode,
    text: "x",
    guidanceLength: 0,
    record: { mode, ...(auto ? { auto } : {}), cost: {}, stopped: false, timings: {} },
  });
  const planOf = (m: unknown) => {
    const read = readStoredConversation({ ...base, messages: [m] })?.messages[0];
    assert.ok(read?.role === "assistant");
    assert.deepEqual(read.record?.plan, read.plan, "the message and its record agree");
    return read.plan;
  };
  assert.deepEqual(planOf(old("cloud")), { teacher: "answer", student: false });
  assert.deepEqual(planOf(old("guided")), { teacher: "opening", student: true });
  assert.deepEqual(planOf(old("local")), { teacher: "none", student: true });
  assert.deepEqual(planOf(old("auto", { asked: false, reason: "sure", confidence: 0.9, threshold: 0.8 })), { teacher: "none", student: true });
  const kept = { teacher: "none", student: true };
  assert.deepEqual(planOf({ ...old("auto"), plan: kept, record: { ...old("auto").record, plan: kept } }), kept, "a stored plan is kept");
  assert.equal(readStoredConversation({ ...base, messages: [old("fast")] }), undefined, "an unknown mode is not a stored answer");
  assert.equal(readStoredConversation({ ...base, messages: [{ ...old("guided"), plan: { teacher: "all" } }] }), undefined);
});
