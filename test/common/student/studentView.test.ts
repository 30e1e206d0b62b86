import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChatMessage, Conversation, EditorContext } from "../../../src/common/conversation/conversation";
import { toModelRequest } from "../../../src/common/conversation/prompt";
import { promptTokens } from "../../../src/common/conversation/promptTokens";
import { studentView } from "../../../src/common/student/studentView";

const wordCount = (text: string): number => text.match(/\w+|[^\s\w]/g)?.length ?? 0;
const size = (c: Conversation | ReturnType<typeof toModelRequest>) => {
  const r = "system" in c ? c : toModelRequest(c);
  return promptTokens([{ role: "user", content: r.system }, ...r.messages], wordCount);
};
const file: EditorContext = {
  fileName: "big.py",
  language: "python",
  kind: "file",
  text: Array.from({ length: 120 }, (_, i) => `def step_${i}(state):\n    value = state.get(${i})\n    return value + ${i}\n`).join("\n"),
};

test("a conversation that fits goes to the student whole", () => {
  const c: Conversation = { id: "a", messages: [{ role: "user", text: "What does step_3 do?", context: [file] }] };
  const view = studentView(c, size(c), wordCount)!;
  assert.deepEqual(view.request, toModelRequest(c));
  assert.equal(view.elisions, 0);
});

test("a file larger than the room: the part the question names whole, then all else that fits, within the room", () => {
  const c: Conversation = { id: "b", messages: [{ role: "user", text: "Why does step90 return value + 90?", context: [file] }] };
  const room = Math.floor(size(c) / 3);
  const view = studentView(c, room, wordCount)!;
  assert.ok(size(view.request) <= room, `${size(view.request)} of ${room}`);
  const sent = view.request.messages[0].content;
  assert.ok(sent.includes("def step_90(state):\n    value = state.get(90)\n    return value + 90"));
  assert.equal(view.whole[0], "step_90", "what the question names comes first");
  assert.equal(view.elisions, 1);
  // The student's context is free: what is left of the room is filled, not left as an outline.
  assert.ok(size(view.request) > room * 0.8, "the room is used");
  assert.match(sent, /… lines \d+-\d+ not sent …/);
});

test("earlier messages are cut the same way at every turn, so the student's cache stays valid", () => {
  const messages: ChatMessage[] = [{ role: "user", text: "Explain step_7.", context: [file] }];
  const room = Math.floor(size({ id: "c", messages }) / 2);
  const first = studentView({ id: "c", messages }, room, wordCount)!;
  messages.push({ role: "assistant", text: "It adds seven.", guidanceLength: 0 }, { role: "user", text: "And step_8?" });
  const second = studentView({ id: "c", messages }, room, wordCount)!;
  assert.equal(second.request.messages[0].content, first.request.messages[0].content);
});

test("a question larger than the room: no view, so the turn stops before anyone is paid", () => {
  const c: Conversation = { id: "d", messages: [{ role: "user", text: "word ".repeat(500) }] };
  assert.equal(studentView(c, 300, wordCount), undefined);
});
