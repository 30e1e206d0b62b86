import { test } from "node:test";
import assert from "node:assert/strict";
import type { StoredConversation } from "../../../src/common/history/chatHistory";
import { toPanelConversation } from "../../../src/common/panel/panelWire";
import { record } from "../../webview/support/fixtures";

const SECRET = "const apiToken = 'kept-in-the-host';";

const stored: StoredConversation = {
  id: "c1",
  title: "Fix the total",
  createdAt: 1,
  updatedAt: 2,
  workspace: "shop",
  messages: [
    {
      id: "u1",
      role: "user",
      text: "Why is the total wrong?",
      context: [
        { fileName: "src/cart.ts", language: "typescript", kind: "file", text: `${SECRET}\nexport function total() {}\n`, focus: { start: 1, end: 1 } },
        { fileName: "src/tax.ts", language: "typescript", kind: "selection", text: SECRET, focus: { start: 2, end: 4 } },
      ],
    },
    { id: "a1", role: "assistant", mode: "guided", plan: { teacher: "opening", student: true }, text: "Because", guidanceLength: 3, record: { ...record(), studentHold: { hold: "h-7", heldUsd: 0.01 } } },
    { id: "u2", role: "user", text: "Write tests", task: { name: "tests", typed: "/tests" }, editTarget: { fileName: "test/cart.test.ts", exists: false, selection: { text: SECRET, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } } } },
  ],
};

test("the panel's form of a conversation names attachments and leaves their text, the task's target and the host's figures in the host", () => {
  const wire = toPanelConversation(stored)!;
  const sent = JSON.stringify(wire);
  assert.ok(!sent.includes("kept-in-the-host"), "no attachment text and no selection crosses");
  assert.ok(!sent.includes("h-7") && !sent.includes("timings"), "the hold and the timings stay in the host");
  assert.deepEqual(Object.keys(wire).sort(), ["id", "messages", "title"]);
  const [u1, a1, u2] = wire.messages;
  assert.deepEqual(u1, {
    id: "u1",
    role: "user",
    text: "Why is the total wrong?",
    attachments: [
      { label: "src/cart.ts", kind: "file", language: "typescript", chars: SECRET.length + "\nexport function total() {}\n".length },
      { label: "src/tax.ts:3-5", kind: "selection", language: "typescript", chars: SECRET.length },
    ],
    applyFile: "src/cart.ts",
  });
  assert.ok(a1?.role === "assistant" && a1.record?.cost && a1.text === "Because" && a1.guidanceLength === 3, "what the answer shows is all there");
  assert.deepEqual(u2, { id: "u2", role: "user", text: "Write tests", task: { name: "tests", typed: "/tests" }, applyFile: "test/cart.test.ts" });
  assert.equal(toPanelConversation(null), null);
});
