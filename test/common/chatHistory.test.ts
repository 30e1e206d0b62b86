import { test } from "node:test";
import assert from "node:assert/strict";
import { isStoredConversation, settleInterrupted, titleFrom, type StoredConversation } from "../../src/common/chatHistory";

test("an answer still streaming when the window closed comes back partial and settled", () => {
  const c: StoredConversation = {
    id: "c",
    title: "t",
    createdAt: 1,
    updatedAt: 2,
    messages: [
      { id: "u", role: "user", text: "Q" },
      { id: "a", role: "assistant", mode: "guided", text: "Half an ans", guidanceLength: 4, streaming: true },
    ],
  };
  const settled = settleInterrupted(c);
  assert.deepEqual(settled.messages[1], { id: "a", role: "assistant", mode: "guided", text: "Half an ans", guidanceLength: 4, streaming: false, partial: true });
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
  assert.equal(isStoredConversation({ ...base, messages: [answer([{ reason: "length-limit", message: "Cut." }])] }), true);
  assert.equal(isStoredConversation({ ...base, messages: [answer(undefined)] }), true);
  assert.equal(isStoredConversation({ ...base, messages: [answer("cut")] }), false);
  assert.equal(isStoredConversation({ ...base, messages: [answer([{ reason: 3 }])] }), false);
});
