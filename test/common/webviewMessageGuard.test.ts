import { test } from "node:test";
import assert from "node:assert/strict";
import { parseWebviewMessage } from "../../src/common/webviewMessageGuard";
import { MAX_MESSAGE_CHARS } from "../../src/common/protocol";

test("accepts each well-formed message", () => {
  const good = [
    { type: "ready" },
    { type: "send", text: "hi" },
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
  ];
  for (const m of good) assert.deepEqual(parseWebviewMessage(m), m, JSON.stringify(m));
});

test("refuses malformed, unknown and oversized messages", () => {
  const bad: unknown[] = [
    null,
    "send",
    [],
    {},
    { type: "send" },
    { type: "send", text: 42 },
    { type: "send", text: "x".repeat(MAX_MESSAGE_CHARS + 1) },
    { type: "set-mode", mode: "turbo" },
    { type: "action", action: "rm -rf" },
    { type: "download-model", uri: "file:///etc/passwd" },
    { type: "download-model", uri: "http://insecure.example/model.gguf" },
    { type: "open-conversation", id: { $ne: 1 } },
    { type: "open-conversation", id: "x".repeat(201) },
    { type: "show-request", conversationId: "c1" },
    { type: "toString" },
    { type: "__proto__" },
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});
