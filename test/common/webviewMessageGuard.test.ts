import { test } from "node:test";
import assert from "node:assert/strict";
import { readWebviewMessage } from "../../src/common/webviewMessageGuard";
import { MAX_MESSAGE_CHARS } from "../../src/common/protocol";

test("accepts each well-formed message", () => {
  const good = [
    { type: "ready" },
    { type: "send", id: "s1", text: "hi" },
    { type: "stop" },
    { type: "set-mode", mode: "local" },
    { type: "new-chat" },
    { type: "open-conversation", id: "c1" },
    { type: "delete-conversation", id: "c1" },
    { type: "action", action: "set-key" },
    { type: "download-model", uri: "hf:user/repo/model.gguf" },
    { type: "remove-chip", id: "k1" },
    { type: "copy", text: "x" },
    { type: "insert", text: "x" },
    { type: "show-request", conversationId: "c1", messageId: "m1" },
    { type: "rate", conversationId: "c1", messageId: "m1", value: "up" },
    { type: "rate", conversationId: "c1", messageId: "m1", value: "down", reason: "Wrong function" },
    { type: "rate", conversationId: "c1", messageId: "m1", value: null },
  ];
  for (const m of good) assert.deepEqual(readWebviewMessage(m), { message: m }, JSON.stringify(m));
});

test("refuses malformed, unknown and oversized messages", () => {
  const bad: unknown[] = [
    null,
    "send",
    [],
    {},
    { type: "send" },
    { type: "send", text: 42 },
    { type: "send", id: "s1" },
    { type: "send", text: "hi" },
    { type: "send", id: "x".repeat(201), text: "x".repeat(MAX_MESSAGE_CHARS + 1) },
    { type: "set-mode", mode: "turbo" },
    { type: "action", action: "rm -rf" },
    { type: "download-model", uri: "file:///etc/passwd" },
    { type: "download-model", uri: "http://insecure.example/model.gguf" },
    { type: "open-conversation", id: { $ne: 1 } },
    { type: "open-conversation", id: "x".repeat(201) },
    { type: "show-request", conversationId: "c1" },
    { type: "rate", conversationId: "c1", messageId: "m1", value: "meh" },
    { type: "rate", conversationId: "c1", messageId: "m1", value: "up", reason: "x".repeat(301) },
    { type: "rate", conversationId: "c1", value: "up" },
    { type: "toString" },
    { type: "__proto__" },
  ];
  for (const m of bad) assert.deepEqual(readWebviewMessage(m), { malformed: true }, JSON.stringify(m));
});

test("a message over the size limit is refused by reply under its id, with the reason, not dropped", () => {
  assert.deepEqual(readWebviewMessage({ type: "send", id: "s9", text: "x".repeat(MAX_MESSAGE_CHARS + 1) }), {
    refused: { id: "s9", reason: "The message is 100,001 characters; the limit is 100,000. Shorten it or attach less." },
  });
});
