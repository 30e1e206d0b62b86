import { test } from "node:test";
import assert from "node:assert/strict";
import { NOT_UNDERSTOOD, readWebviewMessage } from "../../../src/common/panel/webviewMessageGuard";
import { MAX_MESSAGE_CHARS } from "../../../src/common/panel/protocol";

test("accepts each well-formed request, every one with its id", () => {
  const good = [
    { type: "ready" },
    { type: "send", text: "hi" },
    { type: "stop" },
    { type: "set-mode", mode: "local" },
    { type: "new-chat" },
    { type: "open-conversation", conversationId: "c1" },
    { type: "delete-conversation", conversationId: "c1" },
    { type: "action", action: "set-key" },
    { type: "download-model", uri: "hf:user/repo/model.gguf" },
    { type: "remove-chip", chipId: "k1" },
    { type: "copy", text: "x" },
    { type: "insert", text: "x" },
    { type: "apply", conversationId: "c1", messageId: "m1", code: "x" },
    { type: "show-request", conversationId: "c1", messageId: "m1" },
    { type: "rate", conversationId: "c1", messageId: "m1", value: "up" },
    { type: "rate", conversationId: "c1", messageId: "m1", value: "down", reason: "Wrong function" },
    { type: "rate", conversationId: "c1", messageId: "m1", value: null },
  ].map((m, i) => ({ ...m, id: `r${i}` }));
  for (const m of good) assert.deepEqual(readWebviewMessage(m), { message: m }, JSON.stringify(m));
  for (const { id: _id, ...m } of good) assert.deepEqual(readWebviewMessage(m), { malformed: true }, `without an id: ${JSON.stringify(m)}`);
});

test("a message with no id to answer under is dropped", () => {
  const bad: unknown[] = [null, "send", [], {}, { type: "send", text: "hi" }, { type: "send", id: 42, text: "hi" }, { type: "send", id: "x".repeat(201), text: "hi" }, { type: "ready", id: { $ne: 1 } }];
  for (const m of bad) assert.deepEqual(readWebviewMessage(m), { malformed: true }, JSON.stringify(m));
});

test("a misshapen or unknown request with an id is refused under it", () => {
  const bad: Record<string, unknown>[] = [
    { type: "send" },
    { type: "send", text: 42 },
    { type: "set-mode", mode: "turbo" },
    { type: "action", action: "rm -rf" },
    { type: "download-model", uri: "file:///etc/passwd" },
    { type: "download-model", uri: "http://insecure.example/model.gguf" },
    { type: "open-conversation", conversationId: { $ne: 1 } },
    { type: "open-conversation", conversationId: "x".repeat(201) },
    { type: "open-conversation", id: "c1" },
    { type: "show-request", conversationId: "c1" },
    { type: "rate", conversationId: "c1", messageId: "m1", value: "meh" },
    { type: "rate", conversationId: "c1", messageId: "m1", value: "up", reason: "x".repeat(301) },
    { type: "rate", conversationId: "c1", value: "up" },
    { type: "toString" },
    { type: "__proto__" },
    {},
  ];
  for (const m of bad) assert.deepEqual(readWebviewMessage({ ...m, id: "q1" }), { refused: { id: "q1", reason: NOT_UNDERSTOOD } }, JSON.stringify(m));
});

test("a message over the size limit is refused by reply under its id, with the reason, not dropped", () => {
  assert.deepEqual(readWebviewMessage({ type: "send", id: "s9", text: "x".repeat(MAX_MESSAGE_CHARS + 1) }), {
    refused: { id: "s9", reason: "The message is 100,001 characters; the limit is 100,000. Shorten it or attach less." },
  });
});
