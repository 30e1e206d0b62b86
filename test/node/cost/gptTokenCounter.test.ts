import { test } from "node:test";
import assert from "node:assert/strict";
import { loadGptTokenCounter } from "../../../src/node/cost/gptTokenCounter";

test("counts with the model's real tokenizer and says when it only estimates", async () => {
  const counter = await loadGptTokenCounter();
  // "hello world" is two tokens in both OpenAI vocabularies.
  assert.deepEqual(counter.count("hello world", "gpt-4o-mini"), { tokens: 2, exact: true });
  assert.deepEqual(counter.count("hello world", "openai/gpt-4"), { tokens: 2, exact: true });
  assert.equal(counter.count("hello world", "claude-sonnet-4").exact, false);
  // o200k has far more non-English tokens than cl100k, so the model decides the count.
  const russian = "Привет, как дела у тебя сегодня?";
  assert.ok(counter.count(russian, "gpt-4o").tokens < counter.count(russian, "gpt-4").tokens);
  assert.equal(counter.count("", "gpt-4o").tokens, 0);
});

test("text that spells a special token is counted, not rejected", async () => {
  const counter = await loadGptTokenCounter();
  assert.ok(counter.count("a <|endoftext|> b", "gpt-4o").tokens > 3);
});
