// A provider's stream event, read without HTTP: the shapes servers really send, and wrong ones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readChunk, toFinish } from "../../../src/node/teacher/teacherChunk";
import { ToolCallParts } from "../../../src/node/teacher/toolCallParts";

test("text, the finish reason, the model and usage with cached and provider-reported cost", () => {
  assert.deepEqual(readChunk({ model: "gpt-4o-mini-2024", choices: [{ index: 0, delta: { content: "Use a" }, finish_reason: null }] }), {
    isChunk: true,
    reasoning: false,
    text: "Use a",
    model: "gpt-4o-mini-2024",
  });
  assert.deepEqual(
    readChunk({ choices: [], usage: { prompt_tokens: 812, completion_tokens: 32, prompt_tokens_details: { cached_tokens: 512 }, cost: 0.0001 } }).usage,
    { inputTokens: 812, cachedInputTokens: 512, outputTokens: 32, providerCostUsd: 0.0001 },
  );
  assert.equal(readChunk({ choices: [{ delta: {}, finish_reason: "length" }] }).finish, "length");
  assert.deepEqual(readChunk({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 2, prompt_cache_hit_tokens: 8 } }).usage?.cachedInputTokens, 8, "DeepSeek's cache hits");
});

test("hidden reasoning is noticed in every way providers show it", () => {
  assert.equal(readChunk({ choices: [{ delta: { reasoning: "thinking…" } }] }).reasoning, true);
  assert.equal(readChunk({ choices: [{ delta: { reasoning_content: "hmm" } }] }).reasoning, true);
  assert.equal(readChunk({ choices: [{ delta: { content: [{ type: "thinking" }, { type: "text", text: "Hi" }] } }] }).reasoning, true);
  assert.equal(readChunk({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 9, completion_tokens_details: { reasoning_tokens: 9 } } }).reasoning, true);
});

test("garbage reads as no chunk, and a negative or fractional count as no usage", () => {
  for (const raw of [null, "data", 42, [], { choices: "x" }]) assert.equal(readChunk(raw).isChunk, false, JSON.stringify(raw));
  assert.equal(readChunk({ choices: [], usage: { prompt_tokens: -1, completion_tokens: 2 } }).usage, undefined);
  assert.equal(readChunk({ choices: [], usage: { prompt_tokens: 1.5, completion_tokens: 2 } }).usage, undefined);
});

test("tool calls are put together from fragments, numbered or not; a nameless one is no call", () => {
  const parts = new ToolCallParts();
  for (const raw of [
    { choices: [{ delta: { tool_calls: [{ index: 0, id: "call_a", function: { name: "save", arguments: '{"ti' } }] } }] },
    { choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: 'tle":"x"}' } }] } }] },
    { choices: [{ delta: { tool_calls: [{ id: "call_b", function: { name: "list", arguments: "{}" } }] } }] },
  ]) {
    for (const delta of readChunk(raw).toolCalls ?? []) parts.add(delta);
  }
  assert.deepEqual(parts.whole(), [
    { id: "call_a", name: "save", arguments: '{"title":"x"}' },
    { id: "call_b", name: "list", arguments: "{}" },
  ]);
  const nameless = new ToolCallParts();
  nameless.add({ index: 0, arguments: "{}" });
  assert.equal(nameless.whole(), undefined);
  assert.deepEqual([toFinish("stop"), toFinish("tool_calls"), toFinish("content_filter"), toFinish(null)], ["stop", "tool-calls", "length", "length"]);
});
