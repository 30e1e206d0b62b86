// The Chat view and language-model faces give no conversation ids: each chat must still get one of
// its own, kept across its turns, and two chats must never share one (and with it the student's state).
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ChatMessage } from "../../../src/common/conversation/conversation";
import { ConversationIds } from "../../../src/node/history/conversationIds";

const q = (text: string): ChatMessage => ({ role: "user", text });
const a = (text: string): ChatMessage => ({ role: "assistant", text, guidanceLength: 0 });

function ids() {
  let n = 0;
  return new ConversationIds("chat", () => `n${++n}`);
}

test("two chats that open with the same question get ids of their own, each kept across its turns", () => {
  const chats = ids();
  const first = chats.idFor([q("Explain this code")]);
  chats.answered(first, [q("Explain this code")]);
  const second = chats.idFor([q("Explain this code")]);
  chats.answered(second, [q("Explain this code")]);
  assert.notEqual(first, second);
  // Both go on: which chat each is cannot be told from the questions, so neither takes the other's state.
  const firstNext = chats.idFor([q("Explain this code"), a("It sorts."), q("Why?")]);
  const secondNext = chats.idFor([q("Explain this code"), a("It parses."), q("How?")]);
  assert.ok(![first, second].includes(firstNext) && ![first, second].includes(secondNext) && firstNext !== secondNext);
});

test("a chat keeps its id turn after turn, and a second request from the same point gets a new one", () => {
  const chats = ids();
  const turn1 = [q("What is a closure?")];
  const id = chats.idFor(turn1);
  chats.answered(id, turn1);
  const turn2 = [...turn1, a("A function with its scope."), q("An example?")];
  assert.equal(chats.idFor(turn2), id);
  chats.answered(id, turn2);
  const turn3 = [...turn2, a("function counter() {}"), q("In Python?")];
  assert.equal(chats.idFor(turn3), id);
  // A retry of turn 3 (or another chat forked there) does not share the first one's state.
  assert.notEqual(chats.idFor(turn3), id);
});

test("the same question in the Chat view and from a language-model caller never shares an id", () => {
  const chat = new ConversationIds("chat", () => "same");
  const lm = new ConversationIds("lm", () => "same");
  assert.notEqual(chat.idFor([q("Hi")]), lm.idFor([q("Hi")]));
});
