import { test } from "node:test";
import assert from "node:assert/strict";
import { knownProvider, learn, learnedNote, ProviderQuirkBook, quirksKey } from "../../../src/common/models/providerQuirks";

test("known providers get their documented defaults from the base URL", () => {
  const cases: [string, string, "max_completion_tokens" | "max_tokens", string[]][] = [
    ["https://api.openai.com/v1", "OpenAI", "max_completion_tokens", []],
    ["https://my-res.openai.azure.com/openai/deployments/x", "Azure OpenAI", "max_completion_tokens", []],
    ["https://openrouter.ai/api/v1", "OpenRouter", "max_completion_tokens", []],
    ["https://api.mistral.ai/v1", "Mistral", "max_tokens", ["stream_options", "reasoning_effort"]],
    ["https://api.deepseek.com/v1", "DeepSeek", "max_tokens", ["reasoning_effort"]],
    ["https://api.groq.com/openai/v1", "Groq", "max_completion_tokens", []],
    ["https://api.together.xyz/v1", "Together", "max_tokens", ["reasoning_effort"]],
    ["https://api.fireworks.ai/inference/v1", "Fireworks", "max_tokens", ["reasoning_effort"]],
    ["https://generativelanguage.googleapis.com/v1beta/openai", "Gemini", "max_tokens", []],
    ["http://localhost:11434/v1", "Ollama", "max_tokens", ["reasoning_effort"]],
    ["http://127.0.0.1:1234/v1", "LM Studio", "max_tokens", ["reasoning_effort"]],
    ["http://localhost:8080/v1", "llama.cpp server", "max_tokens", ["reasoning_effort"]],
    ["http://localhost:8000/v1", "vLLM", "max_completion_tokens", []],
    ["https://llm.example.com/v1", "llm.example.com", "max_completion_tokens", []],
  ];
  for (const [url, name, field, omit] of cases) {
    const k = knownProvider(url);
    assert.equal(k.name, name, url);
    assert.equal(k.quirks.maxTokensField, field, url);
    assert.deepEqual(k.quirks.omit, omit, url);
  }
  // A look-alike host is not the provider it imitates.
  assert.equal(knownProvider("https://api.openai.com.evil.example/v1").name, "api.openai.com.evil.example");
});

test("a refusal or an ignored cap changes what is sent next", () => {
  const start = knownProvider("https://api.openai.com/v1").quirks;
  assert.deepEqual(learn(start, { kind: "refused", parameter: "stream_options" }), { maxTokensField: "max_completion_tokens", omit: ["stream_options"] });
  assert.deepEqual(learn(start, { kind: "refused", parameter: "max_completion_tokens" }), { maxTokensField: "max_tokens", omit: [] });
  assert.deepEqual(learn(start, { kind: "cap-ignored", field: "max_completion_tokens" }), { maxTokensField: "max_tokens", omit: [] });
  const twice = learn(learn(start, { kind: "refused", parameter: "reasoning_effort" }), { kind: "refused", parameter: "reasoning_effort" });
  assert.deepEqual(twice.omit, ["reasoning_effort"]);
  assert.match(learnedNote({ kind: "refused", parameter: "stream_options" }).message, /refused “stream_options”.*asked again without it/);
  assert.match(learnedNote({ kind: "cap-ignored", field: "max_completion_tokens" }).message, /ignored the token cap.*max_tokens from now on.*headstart\.teacher\.maxTokensField/);
});

test("what was learned is kept per base URL and model, survives JSON, and damaged data is dropped", () => {
  const book = new ProviderQuirkBook();
  book.remember("http://localhost:11434/v1/", "llama3", { maxTokensField: "max_tokens", omit: ["stream_options"] });
  assert.deepEqual(book.quirksFor("http://LOCALHOST:11434/v1", "llama3").omit, ["stream_options"], "the same server, spelled another way");
  assert.deepEqual(book.quirksFor("http://localhost:11434/v1", "qwen3"), knownProvider("http://localhost:11434/v1").quirks, "another model starts from the defaults");
  const again = new ProviderQuirkBook(JSON.parse(JSON.stringify(book.toJSON())));
  assert.deepEqual(again.quirksFor("http://localhost:11434/v1", "llama3").omit, ["stream_options"]);
  const damaged = new ProviderQuirkBook({ [quirksKey("https://api.openai.com/v1", "gpt-4o")]: { maxTokensField: "max_tokens", omit: ["rm -rf"] }, other: 3 });
  assert.deepEqual(damaged.toJSON(), {});
  assert.deepEqual(new ProviderQuirkBook("not an object").toJSON(), {});
});
