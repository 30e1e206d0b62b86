import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";
import { decode, encode } from "gpt-tokenizer";
import { TeacherError, type TeacherFailureReason } from "../../../src/common/models/errors";
import type { TeacherChunk, TeacherGuideRequest, ToolSpec } from "../../../src/common/models/teacher";
import type { ProviderQuirks } from "../../../src/common/models/providerQuirks";
import { OpenAITeacher, type OpenAITeacherOptions } from "../../../src/node/teacher/openaiTeacher";
import { reasoningEffortFor } from "../../../src/node/teacher/teacherRequestBody";
import {
  DEFAULT_TEST_ANSWER,
  DEFAULT_TOOL_CALL_ID,
  OPENAI_PREFIX_CACHE,
  startTestTeacherServer,
  type TestTeacherBehavior,
  type TestTeacherServer,
} from "../../support/testTeacherServer";

const KEY = "sk-test-key-0123456789abcdef";
const SYSTEM = "You are a storyteller.";
const USER = "Tell me a story about a girl in a park.";
const REQUEST: TeacherGuideRequest = {
  conversationId: "c1",
  system: SYSTEM,
  messages: [{ role: "user", content: USER }],
  maxTokens: 64,
};
const ANSWER_TOKENS = encode(DEFAULT_TEST_ANSWER).length;

type EndChunk = Extract<TeacherChunk, { type: "end" }>;

async function withServer(behavior: TestTeacherBehavior, body: (server: TestTeacherServer) => Promise<void>) {
  const server = await startTestTeacherServer(behavior);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

function teacherAt(server: TestTeacherServer, options: Partial<OpenAITeacherOptions> = {}): OpenAITeacher {
  return new OpenAITeacher({ baseURL: server.url, apiKey: KEY, model: "gpt-4o-mini", ...options });
}

/** Runs a whole `guide`, keeping the chunks it yielded before any error. */
async function run(
  teacher: OpenAITeacher,
  request: TeacherGuideRequest = REQUEST,
  signal: AbortSignal = new AbortController().signal,
): Promise<{ chunks: TeacherChunk[]; error?: unknown }> {
  const chunks: TeacherChunk[] = [];
  try {
    for await (const chunk of teacher.guide(request, signal)) chunks.push(chunk);
    return { chunks };
  } catch (error) {
    return { chunks, error };
  }
}

function texts(chunks: TeacherChunk[]): string[] {
  return chunks.flatMap((c) => (c.type === "text" ? [c.text] : []));
}

function endOf(chunks: TeacherChunk[]): EndChunk {
  const last = chunks.at(-1);
  assert.equal(last?.type, "end", `expected an end chunk, got ${JSON.stringify(last)}`);
  return last;
}

function assertFails(error: unknown, reason: TeacherFailureReason): TeacherError {
  assert.ok(error instanceof TeacherError, `expected a TeacherError, got ${String(error)}`);
  assert.equal(error.reason, reason, error.message);
  assert.ok(!error.message.includes(KEY), "the message must never carry the key");
  assert.ok(!error.message.includes("\n"), "the message is one line");
  return error;
}

function sentBody(server: TestTeacherServer, index = 0): Record<string, unknown> {
  return server.requests[index]?.body as Record<string, unknown>;
}

describe("OpenAITeacher against the test server", { timeout: 30_000 }, () => {
  test("streams the answer token by token, then usage and `stop` when it fits", () =>
    withServer({}, async (server) => {
      const { chunks, error } = await run(teacherAt(server));
      assert.equal(error, undefined);
      assert.equal(chunks[0]?.type, "request");
      assert.equal(texts(chunks).join(""), DEFAULT_TEST_ANSWER);
      assert.equal(texts(chunks).length, ANSWER_TOKENS);
      assert.deepEqual(endOf(chunks), {
        type: "end",
        finish: "stop",
        usage: {
          inputTokens: encode(SYSTEM).length + encode(USER).length,
          cachedInputTokens: 0,
          outputTokens: ANSWER_TOKENS,
        },
        model: "gpt-4o-mini",
      });
    }));

  test("the request chunk is the exact body sent, without the key, which goes in the header", () =>
    withServer({}, async (server) => {
      const { chunks } = await run(teacherAt(server));
      const first = chunks[0];
      assert.equal(first?.type, "request");
      assert.deepEqual(first.body, sentBody(server));
      assert.deepEqual(sentBody(server), {
        model: "gpt-4o-mini",
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: USER },
        ],
        stream: true,
        max_completion_tokens: 64,
        stream_options: { include_usage: true },
      });
      assert.ok(!JSON.stringify(first.body).includes(KEY));
      assert.equal(server.requests[0]?.headers.authorization, `Bearer ${KEY}`);
    }));

  test("stops at the budget with `length`", () =>
    withServer({}, async (server) => {
      const { chunks } = await run(teacherAt(server), { ...REQUEST, maxTokens: 5 });
      assert.equal(texts(chunks).join(""), decode(encode(DEFAULT_TEST_ANSWER).slice(0, 5)));
      const end = endOf(chunks);
      assert.equal(end.finish, "length");
      assert.equal(end.usage?.outputTokens, 5);
    }));

  test("sends `max_tokens` instead when told to", () =>
    withServer({}, async (server) => {
      const { chunks } = await run(teacherAt(server, { maxTokensField: "max_tokens" }), { ...REQUEST, maxTokens: 7 });
      assert.equal(sentBody(server)["max_tokens"], 7);
      assert.ok(!("max_completion_tokens" in sentBody(server)));
      assert.equal(endOf(chunks).usage?.outputTokens, 7);
    }));

  test("passes through cached tokens, the provider's cost and the model it names", () =>
    withServer({ cachedTokens: 4, reportCostUsd: 0.000123, model: "gpt-4o-mini-2024-07-18" }, async (server) => {
      const end = endOf((await run(teacherAt(server))).chunks);
      assert.equal(end.usage?.cachedInputTokens, 4);
      assert.equal(end.usage?.providerCostUsd, 0.000123);
      assert.equal(end.model, "gpt-4o-mini-2024-07-18");
    }));

  test("without the usage chunk: no `stream_options`, and a server that rejects them still works", () =>
    withServer({ refuse: { parameters: ["stream_options"], style: "azure" } }, async (server) => {
      const { chunks, error } = await run(teacherAt(server, { includeUsage: false }));
      assert.equal(error, undefined);
      assert.ok(!("stream_options" in sentBody(server)));
      assert.equal(texts(chunks).join(""), DEFAULT_TEST_ANSWER);
      const end = endOf(chunks);
      assert.equal(end.finish, "stop");
      assert.equal(end.usage, undefined);
    }));

  test("a server that refuses `stream_options` by name is asked again without it, once, and the lesson is kept", () =>
    withServer({ refuse: { parameters: ["stream_options"], style: "azure" } }, async (server) => {
      const lessons: unknown[] = [];
      const teacher = teacherAt(server, { onLearned: (quirks, learned) => lessons.push({ quirks, learned }) });
      const { chunks, error } = await run(teacher);
      assert.equal(error, undefined);
      assert.equal(texts(chunks).join(""), DEFAULT_TEST_ANSWER);
      assert.equal(server.requests.length, 2);
      assert.ok("stream_options" in sentBody(server, 0) && !("stream_options" in sentBody(server, 1)));
      // "What was sent" shows the request that answered.
      assert.deepEqual(chunks.filter((c) => c.type === "request").at(-1)?.type === "request" && chunks.filter((c) => c.type === "request").at(-1), { type: "request", url: `${server.url}/chat/completions`, body: sentBody(server, 1) });
      assert.deepEqual(endOf(chunks).learned, [{ kind: "refused", parameter: "stream_options" }]);
      assert.deepEqual(lessons, [{ quirks: { maxTokensField: "max_completion_tokens", omit: ["stream_options"] }, learned: { kind: "refused", parameter: "stream_options" } }]);
      // The same teacher does not send it again.
      await run(teacher);
      assert.equal(server.requests.length, 3);
      assert.ok(!("stream_options" in sentBody(server, 2)));
    }));

  for (const [parameter, style, status] of [
    ["max_completion_tokens", "openai", 400],
    ["reasoning_effort", "openai", 400],
    ["reasoning_effort", "mistral", 422],
    ["stream_options", "mistral", 422],
  ] as const) {
    test(`a ${status} refusing \`${parameter}\` (${style}'s error body) is retried without it`, () =>
      withServer({ refuse: { parameters: [parameter], style } }, async (server) => {
        const { chunks, error } = await run(teacherAt(server, { model: "gpt-5-mini" }));
        assert.equal(error, undefined, String(error));
        assert.equal(texts(chunks).join(""), DEFAULT_TEST_ANSWER);
        assert.ok(parameter in sentBody(server, 0));
        assert.ok(!(parameter in sentBody(server, 1)));
        if (parameter === "max_completion_tokens") assert.equal(sentBody(server, 1)["max_tokens"], REQUEST.maxTokens);
      }));
  }

  test("a server that refuses every try fails once it refused twice, naming the parameter and the setting", () =>
    withServer({ refuse: { parameters: ["stream_options", "reasoning_effort"], style: "mistral" } }, async (server) => {
      const error = assertFails((await run(teacherAt(server, { model: "gpt-5-mini" }))).error, "bad-response");
      assert.equal(error.details.status, 422);
      assert.equal(server.requests.length, 2, "one retry, no more");
      assert.match(error.message, /refused the parameter “reasoning_effort” \(422: .*Extra inputs are not permitted.*\)\. Set “headstart\.teacher\.reasoningEffort” to omit\./);
    }));

  test("a provider that ignores the cap is stopped on our side, and says so", () =>
    withServer({ ignoreCap: true, answer: DEFAULT_TEST_ANSWER.repeat(6), dripMs: 5 }, async (server) => {
      const lessons: unknown[] = [];
      const teacher = teacherAt(server, { countTokens: (t) => encode(t).length, onLearned: (_q, l) => lessons.push(l) });
      const { chunks, error } = await run(teacher, { ...REQUEST, maxTokens: 16 });
      assert.equal(error, undefined);
      const read = encode(texts(chunks).join("")).length;
      assert.ok(read > 16 && read <= 16 + 4 + 1, `${read} tokens read for a cap of 16`);
      const end = endOf(chunks);
      assert.equal(end.finish, "length");
      assert.deepEqual(end.learned, [{ kind: "cap-ignored", field: "max_completion_tokens" }]);
      assert.deepEqual(lessons, end.learned);
      // The request was closed rather than read to its end.
      assert.equal((await server.requests[0].closed).completed, false);
      // Next time the other field is sent.
      await run(teacher, { ...REQUEST, maxTokens: 16 });
      assert.equal(sentBody(server, 1)["max_tokens"], 16);
    }));
});

describe("OpenAITeacher failures", { timeout: 30_000 }, () => {
  test("no key: fails at once with no-key and sends nothing", () =>
    withServer({}, async (server) => {
      for (const apiKey of [undefined, ""]) {
        const { chunks, error } = await run(teacherAt(server, { apiKey }));
        assertFails(error, "no-key");
        assert.deepEqual(chunks, []);
      }
      assert.equal(server.requests.length, 0);
    }));

  test("401 is auth, not retried, and never quotes the key even when the server echoes it", () =>
    withServer({ status: 401, errorMessage: `Incorrect API key provided: ${KEY}.` }, async (server) => {
      const error = assertFails((await run(teacherAt(server))).error, "auth");
      assert.equal(error.details.status, 401);
      assert.match(error.details.requestId ?? "", /^req_test/);
      assert.equal(server.requests.length, 1);
    }));

  test("403 is auth", () =>
    withServer({ status: 403 }, async (server) => {
      assert.equal(assertFails((await run(teacherAt(server))).error, "auth").details.status, 403);
    }));

  test("429 is retried once, then rate-limited", () =>
    withServer({ status: 429 }, async (server) => {
      assertFails((await run(teacherAt(server))).error, "rate-limited");
      assert.equal(server.requests.length, 2);
    }));

  test("429 asking for a wait longer than the timeout is not retried", () =>
    withServer({ status: 429, retryAfterS: 60 }, async (server) => {
      assertFails((await run(teacherAt(server, { timeoutMs: 2000 }))).error, "rate-limited");
      assert.equal(server.requests.length, 1);
    }));

  test("maxRetries 0 does not retry", () =>
    withServer({ status: 503 }, async (server) => {
      assertFails((await run(teacherAt(server, { maxRetries: 0 }))).error, "unavailable");
      assert.equal(server.requests.length, 1);
    }));

  test("500 is retried once, then unavailable", () =>
    withServer({ status: 500 }, async (server) => {
      const error = assertFails((await run(teacherAt(server))).error, "unavailable");
      assert.equal(error.details.status, 500);
      assert.equal(server.requests.length, 2);
    }));

  test("404 is bad-response, and quotes the provider without the key", () =>
    withServer({ status: 404, errorMessage: `The model \`nope\` does not exist (key ${KEY}).` }, async (server) => {
      const error = assertFails((await run(teacherAt(server, { model: "nope" }))).error, "bad-response");
      assert.equal(error.details.status, 404);
      assert.match(error.message, /does not exist/);
    }));

  test("a server that never answers times out", () =>
    withServer({ hang: true }, async (server) => {
      const { chunks, error } = await run(teacherAt(server, { timeoutMs: 300 }));
      assertFails(error, "timeout");
      assert.deepEqual(texts(chunks), []);
      // The timeout covers the whole wait for the response, retries included.
      assert.equal(server.requests.length, 1);
    }));

  test("a stream that stalls mid-way times out", () =>
    withServer({ hangAfterTokens: 3 }, async (server) => {
      const { chunks, error } = await run(teacherAt(server, { timeoutMs: 300 }));
      assertFails(error, "timeout");
      assert.equal(texts(chunks).length, 3);
      assert.deepEqual(await server.requests[0]?.closed, { completed: false });
    }));

  test("a stall after the finish reason keeps the guidance, without usage", () =>
    withServer({ hangAfterFinish: true }, async (server) => {
      const { chunks, error } = await run(teacherAt(server, { timeoutMs: 300 }));
      assert.equal(error, undefined);
      assert.equal(texts(chunks).join(""), DEFAULT_TEST_ANSWER);
      const end = endOf(chunks);
      assert.equal(end.finish, "stop");
      assert.equal(end.usage, undefined);
    }));

  test("a stream that drips slower than the timeout times out after the first tokens", () =>
    withServer({ dripMs: 1500 }, async (server) => {
      const { chunks, error } = await run(teacherAt(server, { timeoutMs: 300 }));
      assertFails(error, "timeout");
      assert.equal(texts(chunks).length, 1);
    }));

  test("the timeout is per chunk: a steady stream longer than it in total succeeds", () =>
    withServer({ dripMs: 20, answer: DEFAULT_TEST_ANSWER.repeat(3) }, async (server) => {
      const { chunks, error } = await run(teacherAt(server, { timeoutMs: 1000 }), { ...REQUEST, maxTokens: 1000 });
      assert.equal(error, undefined);
      assert.equal(texts(chunks).join(""), DEFAULT_TEST_ANSWER.repeat(3));
      assert.equal(endOf(chunks).finish, "stop");
    }));

  test("a connection cut mid-stream is unavailable", () =>
    withServer({ cutAfterTokens: 3 }, async (server) => {
      const { chunks, error } = await run(teacherAt(server));
      assertFails(error, "unavailable");
      assert.equal(texts(chunks).length, 3);
      assert.equal(server.requests.length, 1);
    }));

  test("malformed JSON in the stream is bad-response", () =>
    withServer({ malformed: true }, async (server) => {
      assertFails((await run(teacherAt(server))).error, "bad-response");
    }));

  test("reasoning without content is empty-guidance", () =>
    withServer({ reasoningOnly: true }, async (server) => {
      const { chunks, error } = await run(teacherAt(server));
      assertFails(error, "empty-guidance");
      assert.deepEqual(texts(chunks), []);
    }));

  test("an empty answer is empty-guidance", () =>
    withServer({ answer: "" }, async (server) => {
      assertFails((await run(teacherAt(server))).error, "empty-guidance");
    }));

  test("a closed port is unavailable", async () => {
    const server = await startTestTeacherServer();
    await server.close();
    assertFails((await run(teacherAt(server, { maxRetries: 0 }))).error, "unavailable");
  });
});

describe("OpenAITeacher abort", { timeout: 30_000 }, () => {
  test("abort while the stream waits for its next chunk: returns at once, no end, connection closed", () =>
    withServer({ hangAfterTokens: 2 }, async (server) => {
      const controller = new AbortController();
      const chunks = teacherAt(server).guide(REQUEST, controller.signal)[Symbol.asyncIterator]();
      assert.equal((await chunks.next()).value?.type, "request");
      assert.equal((await chunks.next()).value?.type, "text");
      assert.equal((await chunks.next()).value?.type, "text");
      const pending = chunks.next();
      controller.abort();
      assert.deepEqual(await pending, { done: true, value: undefined });
      assert.deepEqual(await server.requests[0]?.closed, { completed: false });
    }));

  test("abort while waiting for the response to start", () =>
    withServer({ hang: true }, async (server) => {
      const controller = new AbortController();
      const chunks = teacherAt(server).guide(REQUEST, controller.signal)[Symbol.asyncIterator]();
      assert.equal((await chunks.next()).value?.type, "request");
      const pending = chunks.next();
      await server.waitForRequests(1);
      controller.abort();
      assert.deepEqual(await pending, { done: true, value: undefined });
      assert.deepEqual(await server.requests[0]?.closed, { completed: false });
    }));

  test("abort from the consumer between chunks ends without throwing or an end chunk", () =>
    withServer({ dripMs: 30 }, async (server) => {
      const controller = new AbortController();
      const chunks: TeacherChunk[] = [];
      for await (const chunk of teacherAt(server).guide(REQUEST, controller.signal)) {
        chunks.push(chunk);
        if (chunk.type === "text") controller.abort();
      }
      assert.equal(texts(chunks).length, 1);
      assert.ok(!chunks.some((c) => c.type === "end"));
      assert.deepEqual(await server.requests[0]?.closed, { completed: false });
    }));

  test("a consumer that stops iterating closes the connection", () =>
    withServer({ dripMs: 30 }, async (server) => {
      for await (const chunk of teacherAt(server).guide(REQUEST, new AbortController().signal)) {
        if (chunk.type === "text") break;
      }
      assert.deepEqual(await server.requests[0]?.closed, { completed: false });
    }));

  test("an already aborted signal sends nothing", () =>
    withServer({}, async (server) => {
      const { chunks, error } = await run(teacherAt(server), REQUEST, AbortSignal.abort());
      assert.equal(error, undefined);
      assert.deepEqual(chunks, []);
      assert.equal(server.requests.length, 0);
    }));
});

describe("reasoning effort", { timeout: 30_000 }, () => {
  test("is chosen by model family, ignoring a provider prefix", () => {
    assert.equal(reasoningEffortFor("gpt-5-mini"), "minimal");
    assert.equal(reasoningEffortFor("gpt-5"), "minimal");
    assert.equal(reasoningEffortFor("openai/gpt-5-nano"), "minimal");
    assert.equal(reasoningEffortFor("gpt-5.1"), "none");
    assert.equal(reasoningEffortFor("gpt-5-codex"), "low");
    assert.equal(reasoningEffortFor("gpt-5-pro"), undefined);
    assert.equal(reasoningEffortFor("gpt-5-chat-latest"), undefined);
    assert.equal(reasoningEffortFor("o4-mini"), "low");
    assert.equal(reasoningEffortFor("openai/o3"), "low");
    assert.equal(reasoningEffortFor("o1"), "low");
    assert.equal(reasoningEffortFor("o1-mini"), undefined);
    assert.equal(reasoningEffortFor("gpt-4o-mini"), undefined);
    assert.equal(reasoningEffortFor("llama3.2:3b"), undefined);
  });

  test("is sent for gpt-5-mini and o4-mini, not for gpt-4o-mini, and can be overridden", () =>
    withServer({}, async (server) => {
      const cases: [Partial<OpenAITeacherOptions>, string | undefined][] = [
        [{ model: "gpt-5-mini" }, "minimal"],
        [{ model: "o4-mini" }, "low"],
        [{ model: "gpt-4o-mini" }, undefined],
        [{ model: "gpt-5-mini", reasoningEffort: "omit" }, undefined],
        [{ model: "gpt-4o-mini", reasoningEffort: "high" }, "high"],
      ];
      for (const [index, [options, expected]] of cases.entries()) {
        const { error } = await run(teacherAt(server, options));
        assert.equal(error, undefined);
        assert.equal(sentBody(server, index)["reasoning_effort"], expected, JSON.stringify(options));
      }
    }));
});

describe("OpenAITeacher against streams as real providers send them", { timeout: 30_000 }, () => {
  test("content streamed as arrays of parts (Mistral) is read whole, the thinking part left out", () =>
    withServer({ contentArrays: true, answer: "391 is the answer." }, async (server) => {
      const { chunks, error } = await run(teacherAt(server));
      assert.equal(error, undefined);
      assert.equal(texts(chunks).join(""), "391 is the answer.");
      assert.equal(endOf(chunks).finish, "stop");
    }));

  test("a reasoning-only answer fails, and carries what the provider billed for it (OpenRouter's cost too)", () =>
    withServer({ reasoningOnly: true, reportCostUsd: 0.0042 }, async (server) => {
      const { error } = await run(teacherAt(server, { maxTokensField: "max_tokens" }));
      const failure = assertFails(error, "empty-guidance");
      assert.ok(failure.usage, "the usage reached the error");
      assert.equal(failure.usage.outputTokens, Math.min(ANSWER_TOKENS, REQUEST.maxTokens));
      assert.ok(failure.usage.inputTokens > 0);
      assert.equal(failure.usage.providerCostUsd, 0.0042);
    }));

  test("usage only in Groq's x_groq is read", () =>
    withServer({ groqUsage: true, cachedTokens: 5 }, async (server) => {
      const { chunks } = await run(teacherAt(server));
      const usage = endOf(chunks).usage;
      assert.ok(usage, "usage read from x_groq");
      assert.equal(usage.cachedInputTokens, 5);
      assert.equal(usage.outputTokens, Math.min(ANSWER_TOKENS, REQUEST.maxTokens));
    }));

  test("DeepSeek's prompt_cache_hit_tokens count as cached input", () =>
    withServer({ deepseekUsage: true, cachedTokens: 7 }, async (server) => {
      assert.equal(endOf((await run(teacherAt(server))).chunks).usage?.cachedInputTokens, 7);
    }));

  test("an error event mid-stream keeps the text so far and quotes the provider once, punctuated once", () =>
    withServer({ errorAfterTokens: 3 }, async (server) => {
      const { chunks, error } = await run(teacherAt(server));
      const failure = assertFails(error, "unavailable");
      assert.equal(texts(chunks).length, 3);
      assert.equal(failure.message, "The teacher failed mid-answer: The server had an error while processing your request. Sorry about that. Try again.");
    }));

  test("a JSON completion where a stream was asked for is read as that stream: its text, finish and billed usage", () =>
    withServer({ jsonBody: true, reportCostUsd: 0.0007 }, async (server) => {
      const { chunks, error } = await run(teacherAt(server), { ...REQUEST, maxTokens: 16 });
      assert.equal(error, undefined);
      assert.equal(texts(chunks).join(""), decode(encode(DEFAULT_TEST_ANSWER).slice(0, 16)));
      const end = endOf(chunks);
      assert.equal(end.finish, "length");
      assert.equal(end.usage?.outputTokens, 16);
      assert.equal(end.usage?.providerCostUsd, 0.0007);
    }));

  test("a stream that ends with no finish reason is cut, not finished", () =>
    withServer({ noFinishReason: true, answer: "A short answer." }, async (server) => {
      const { chunks, error } = await run(teacherAt(server));
      assert.equal(error, undefined);
      assert.equal(texts(chunks).join(""), "A short answer.");
      assert.equal(endOf(chunks).finish, "cut");
    }));
});

describe("OpenAITeacher's advice", { timeout: 30_000 }, () => {
  test("a 404 from a base URL without /v1 suggests adding it", () =>
    withServer({}, async (server) => {
      const bare = server.url.replace(/\/v1$/, "");
      const error = assertFails((await run(new OpenAITeacher({ baseURL: bare, apiKey: KEY, model: "gpt-4o-mini", maxRetries: 0 }))).error, "bad-response");
      assert.equal(error.details.status, 404);
      assert.ok(error.message.includes(`try ${bare}/v1`), error.message);
    }));
});

describe("OpenAITeacher and prompt caching", { timeout: 30_000 }, () => {
  // A file long enough for OpenAI's cache (1024 tokens at the least), asked about twice.
  const FILE = Array.from({ length: 200 }, (_, i) => `export const limit${i} = scale(${i}, "unit-${i}");`).join("\n");
  const ASKED: TeacherGuideRequest = { ...REQUEST, messages: [{ role: "user", content: `${FILE}\n\nWhat is limit7?` }] };
  const ASKED_AGAIN: TeacherGuideRequest = {
    ...ASKED,
    messages: [...ASKED.messages, { role: "assistant", content: "It is scale(7)." }, { role: "user", content: "And limit8?" }],
  };
  const cachedOf = async (teacher: OpenAITeacher, request: TeacherGuideRequest) => endOf((await run(teacher, request)).chunks).usage?.cachedInputTokens;

  test("prompt_cache_key is the conversation id, sent to OpenAI and OpenRouter only", () => {
    const bodyFor = (baseURL: string) => new OpenAITeacher({ baseURL, apiKey: KEY, model: "gpt-4o-mini" }).requestBody(REQUEST);
    for (const url of ["https://api.openai.com/v1", "https://openrouter.ai/api/v1"]) {
      assert.equal(bodyFor(url).prompt_cache_key, REQUEST.conversationId, url);
    }
    for (const url of [
      "https://my-res.openai.azure.com/openai/deployments/x",
      "https://api.mistral.ai/v1",
      "https://api.groq.com/openai/v1",
      "https://api.deepseek.com/v1",
      "http://localhost:11434/v1",
      "http://127.0.0.1:1234/v1",
      "http://localhost:8080/v1",
      "https://llm.example.com/v1",
    ]) {
      assert.ok(!("prompt_cache_key" in bodyFor(url)), url);
    }
  });

  test("the key goes on the wire when asked for, and not where the quirks leave it out", () =>
    withServer({}, async (server) => {
      await run(teacherAt(server, { promptCacheKey: true }));
      assert.equal(sentBody(server, 0)["prompt_cache_key"], REQUEST.conversationId);
      const learned: ProviderQuirks = { maxTokensField: "max_completion_tokens", omit: ["prompt_cache_key"] };
      await run(teacherAt(server, { promptCacheKey: true, quirks: learned }));
      assert.ok(!("prompt_cache_key" in sentBody(server, 1)));
    }));

  for (const deepseekUsage of [false, true]) {
    test(`a prefix cache (OpenAI's rule${deepseekUsage ? ", reported as DeepSeek does" : ""}) serves a conversation's shared prefix in steps of 128`, () =>
      withServer({ prefixCache: OPENAI_PREFIX_CACHE, deepseekUsage }, async (server) => {
        const teacher = teacherAt(server, { promptCacheKey: true });
        const first = endOf((await run(teacher, ASKED)).chunks).usage;
        assert.ok(first && first.inputTokens > 1024, `a prompt of ${first?.inputTokens} tokens`);
        assert.equal(first.cachedInputTokens, 0, "nothing seen before");
        // The second prompt begins with the whole first one.
        const cached = await cachedOf(teacher, ASKED_AGAIN);
        assert.equal(cached, Math.floor(first.inputTokens / 128) * 128);
        assert.ok(cached !== undefined && cached >= 1024 && cached <= first.inputTokens);
        // Another conversation's key shares nothing, although its prompt is the same.
        assert.equal(await cachedOf(teacher, { ...ASKED_AGAIN, conversationId: "c2" }), 0);
      }));
  }

  test("a prompt under 1024 tokens is never cached; requests without a key share one cache", () =>
    withServer({ prefixCache: OPENAI_PREFIX_CACHE }, async (server) => {
      const keyed = teacherAt(server, { promptCacheKey: true });
      assert.equal(await cachedOf(keyed, REQUEST), 0);
      assert.equal(await cachedOf(keyed, REQUEST), 0, "the same short prompt again");
      const unkeyed = teacherAt(server);
      await run(unkeyed, ASKED);
      assert.ok(!("prompt_cache_key" in sentBody(server, 2)));
      assert.ok(((await cachedOf(unkeyed, { ...ASKED_AGAIN, conversationId: "c9" })) ?? 0) >= 1024);
    }));

  for (const [style, status] of [["openai", 400], ["azure", 400], ["mistral", 422]] as const) {
    test(`a ${status} refusing \`prompt_cache_key\` (${style}'s error body) is retried without it, and the lesson kept`, () =>
      withServer({ refuse: { parameters: ["prompt_cache_key"], style } }, async (server) => {
        const lessons: unknown[] = [];
        const teacher = teacherAt(server, { promptCacheKey: true, onLearned: (quirks) => lessons.push(quirks) });
        const { chunks, error } = await run(teacher);
        assert.equal(error, undefined, String(error));
        assert.equal(texts(chunks).join(""), DEFAULT_TEST_ANSWER);
        assert.equal(sentBody(server, 0)["prompt_cache_key"], REQUEST.conversationId);
        assert.ok(!("prompt_cache_key" in sentBody(server, 1)));
        assert.deepEqual(endOf(chunks).learned, [{ kind: "refused", parameter: "prompt_cache_key" }]);
        assert.deepEqual(lessons, [{ maxTokensField: "max_completion_tokens", omit: ["prompt_cache_key"] }]);
        await run(teacher);
        assert.equal(server.requests.length, 3);
        assert.ok(!("prompt_cache_key" in sentBody(server, 2)));
      }));
  }

  test("refused second in one request, the key fails that turn, and the next asks without it", () =>
    withServer({ refuse: { parameters: ["reasoning_effort", "prompt_cache_key"], style: "openai" } }, async (server) => {
      const teacher = teacherAt(server, { model: "gpt-5-mini", promptCacheKey: true });
      const error = assertFails((await run(teacher)).error, "bad-response");
      assert.match(error.message, /refused the parameter “prompt_cache_key” \(400: .*\)\. Ask again: Headstart will leave it out\./);
      const { chunks, error: again } = await run(teacher);
      assert.equal(again, undefined, String(again));
      assert.deepEqual(endOf(chunks).learned, [{ kind: "refused", parameter: "prompt_cache_key" }]);
      assert.ok(!("prompt_cache_key" in sentBody(server, 3)) && !("reasoning_effort" in sentBody(server, 3)));
    }));
});

describe("OpenAITeacher and tools", { timeout: 30_000 }, () => {
  const TOOLS: ToolSpec[] = [
    {
      name: "save_story",
      description: "Saves a story to the user's notes.",
      parameters: {
        type: "object",
        properties: { title: { type: "string" }, body: { type: "string" }, tags: { type: "array", items: { type: "string" } } },
        required: ["title", "body"],
      },
    },
    { name: "list_stories" },
  ];
  // Longer than a guidance budget of 32 tokens, and spaced as no JSON.stringify would write it.
  const ARGS =
    '{"title": "A day in the park",  "body": "Lily found a shiny red ball under a big tree, ran to show it to her mom, ' +
    'and they played catch by the café until the sun went down.\\nThe end.", "tags": ["story", "park"]}';
  const CALL = { name: "save_story", arguments: ARGS, id: "call_Xy12abc" };
  // A guided request with tools: the text held to 32 tokens, the provider's cap raised for a call.
  const GUIDED: TeacherGuideRequest = { ...REQUEST, maxTokens: 32, tools: TOOLS, toolCallMaxTokens: 512 };
  const calls = (chunks: TeacherChunk[]) => chunks.flatMap((c) => (c.type === "tool-call" ? [c.call] : []));

  test("the arguments are longer than a guidance budget, and kept apart from any re-serialising", () => {
    assert.ok(encode(ARGS).length > 32, `${encode(ARGS).length} tokens`);
    assert.notEqual(JSON.stringify(JSON.parse(ARGS)), ARGS);
  });

  test("the tools go in OpenAI's format, and the cap sent is raised to `toolCallMaxTokens`", () =>
    withServer({}, async (server) => {
      const { chunks } = await run(teacherAt(server), GUIDED);
      assert.deepEqual(sentBody(server)["tools"], [
        { type: "function", function: { name: "save_story", description: "Saves a story to the user's notes.", parameters: TOOLS[0].parameters } },
        { type: "function", function: { name: "list_stories" } },
      ]);
      assert.equal(sentBody(server)["max_completion_tokens"], 512);
      assert.ok(!("tool_choice" in sentBody(server)) && !("parallel_tool_calls" in sentBody(server)), "nothing else new");
      assert.deepEqual(chunks[0], { type: "request", url: `${server.url}/chat/completions`, body: sentBody(server) });
    }));

  test("without tools, or with none, the body is as before: no `tools`, the cap is `maxTokens`", () =>
    withServer({}, async (server) => {
      await run(teacherAt(server), { ...REQUEST, maxTokens: 32, toolCallMaxTokens: 512 });
      await run(teacherAt(server), { ...REQUEST, maxTokens: 32, tools: [], toolCallMaxTokens: 512 });
      for (const index of [0, 1]) {
        assert.ok(!("tools" in sentBody(server, index)));
        assert.equal(sentBody(server, index)["max_completion_tokens"], 32);
      }
    }));

  test("a streamed tool call comes back as one tool-call chunk, its arguments byte for byte, then `tool-calls`", () =>
    withServer({ toolCall: CALL, cachedTokens: 3 }, async (server) => {
      const { chunks, error } = await run(teacherAt(server, { countTokens: (t) => encode(t).length }), GUIDED);
      assert.equal(error, undefined, String(error));
      assert.deepEqual(texts(chunks), []);
      assert.deepEqual(calls(chunks), [{ id: "call_Xy12abc", name: "save_story", arguments: ARGS }]);
      assert.deepEqual(
        chunks.map((c) => c.type),
        ["request", "tool-call", "end"],
      );
      assert.deepEqual(endOf(chunks), {
        type: "end",
        finish: "tool-calls",
        usage: { inputTokens: encode(SYSTEM).length + encode(USER).length, cachedInputTokens: 3, outputTokens: encode(ARGS).length },
        model: "gpt-4o-mini",
      });
    }));

  test("a call is returned with the id the server gave it", () =>
    withServer({ toolCall: { name: "list_stories", arguments: "{}" } }, async (server) => {
      const { chunks } = await run(teacherAt(server), GUIDED);
      assert.deepEqual(calls(chunks), [{ id: DEFAULT_TOOL_CALL_ID, name: "list_stories", arguments: "{}" }]);
    }));

  test("a call cut at the provider's cap is no call: `length`, no tool-call chunk, no error", () =>
    withServer({ toolCall: CALL }, async (server) => {
      // Without `toolCallMaxTokens` the cap sent is the guidance budget, and the arguments do not fit.
      const { chunks, error } = await run(teacherAt(server), { ...GUIDED, toolCallMaxTokens: undefined });
      assert.equal(error, undefined, String(error));
      assert.equal(sentBody(server)["max_completion_tokens"], 32);
      assert.deepEqual(calls(chunks), []);
      const end = endOf(chunks);
      assert.equal(end.finish, "length");
      assert.equal(end.usage?.outputTokens, 32, "what was billed still comes back");
    }));

  test("a call whose stream ends with no finish reason is no call: `cut`", () =>
    withServer({ toolCall: CALL, noFinishReason: true }, async (server) => {
      const { chunks, error } = await run(teacherAt(server), GUIDED);
      assert.equal(error, undefined, String(error));
      assert.deepEqual(calls(chunks), []);
      assert.equal(endOf(chunks).finish, "cut");
    }));

  test("tool-call arguments do not count toward the cap held on our side", () =>
    withServer({ toolCall: CALL, ignoreCap: true }, async (server) => {
      // The cap sent is 32 and the server ignores it: text would be stopped at 32 + 25%, a call is not.
      const teacher = teacherAt(server, { countTokens: (t) => encode(t).length });
      const { chunks, error } = await run(teacher, { ...GUIDED, toolCallMaxTokens: undefined });
      assert.equal(error, undefined, String(error));
      assert.deepEqual(calls(chunks), [{ id: "call_Xy12abc", name: "save_story", arguments: ARGS }]);
      assert.equal(endOf(chunks).learned, undefined, "nothing learned about the cap");
    }));

  test("tools offered but answered in text: ordinary guidance, held to `maxTokens` on our side, no lesson learned", () =>
    withServer({ answer: DEFAULT_TEST_ANSWER.repeat(4), dripMs: 2 }, async (server) => {
      const lessons: unknown[] = [];
      const teacher = teacherAt(server, { countTokens: (t) => encode(t).length, onLearned: (_q, l) => lessons.push(l) });
      const { chunks, error } = await run(teacher, GUIDED);
      assert.equal(error, undefined, String(error));
      assert.equal(sentBody(server)["max_completion_tokens"], 512);
      assert.equal(texts(chunks).join(""), decode(encode(DEFAULT_TEST_ANSWER.repeat(4)).slice(0, 32)));
      assert.deepEqual(calls(chunks), []);
      const end = endOf(chunks);
      assert.equal(end.finish, "length");
      assert.equal(end.learned, undefined);
      assert.deepEqual(lessons, []);
      // The request was closed at the budget rather than read to its end, so no usage came.
      assert.equal(end.usage, undefined);
      assert.equal((await server.requests[0].closed).completed, false);
    }));

  test("held without a token counter too, by an estimate", () =>
    withServer({ answer: DEFAULT_TEST_ANSWER.repeat(4), dripMs: 2 }, async (server) => {
      const { chunks } = await run(teacherAt(server), GUIDED);
      const read = encode(texts(chunks).join("")).length;
      assert.ok(read >= 16 && read <= 40, `${read} tokens read for a budget of 32`);
      assert.equal(endOf(chunks).finish, "length");
    }));

  test("tools offered, a short text answer: `stop` with its usage, as without tools", () =>
    withServer({ answer: "Here is a story." }, async (server) => {
      const { chunks, error } = await run(teacherAt(server, { countTokens: (t) => encode(t).length }), GUIDED);
      assert.equal(error, undefined, String(error));
      assert.equal(texts(chunks).join(""), "Here is a story.");
      const end = endOf(chunks);
      assert.equal(end.finish, "stop");
      assert.equal(end.usage?.outputTokens, encode("Here is a story.").length);
    }));

  test("a JSON completion carrying a tool call is read as the stream it stands for", () =>
    withServer({ toolCall: CALL, jsonBody: true, reportCostUsd: 0.0003 }, async (server) => {
      const { chunks, error } = await run(teacherAt(server), GUIDED);
      assert.equal(error, undefined, String(error));
      assert.deepEqual(texts(chunks), []);
      assert.deepEqual(calls(chunks), [{ id: "call_Xy12abc", name: "save_story", arguments: ARGS }]);
      const end = endOf(chunks);
      assert.equal(end.finish, "tool-calls");
      assert.equal(end.usage?.outputTokens, encode(ARGS).length);
      assert.equal(end.usage?.providerCostUsd, 0.0003);
    }));

  /** Runs `guide` against a server that answers every request with `events`, as SSE. */
  async function againstStream(events: readonly unknown[]): Promise<{ chunks: TeacherChunk[]; error?: unknown }> {
    const body = `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("")}data: [DONE]\n\n`;
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
      return await run(new OpenAITeacher({ baseURL: url, apiKey: KEY, model: "m" }), GUIDED);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
  const event = (delta: unknown, finish: string | null = null) => ({
    id: "c",
    object: "chat.completion.chunk",
    created: 0,
    model: "m",
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const callDelta = (fields: Record<string, unknown>) => ({ tool_calls: [fields] });

  test("parallel calls, their fragments interleaved, come out whole in index order after the text", async () => {
    const { chunks, error } = await againstStream([
      event({ role: "assistant", content: "Saving both." }),
      event(callDelta({ index: 1, id: "call_b", type: "function", function: { name: "list_stories", arguments: "" } })),
      event(callDelta({ index: 0, id: "call_a", type: "function", function: { name: "save_story", arguments: "" } })),
      event(callDelta({ index: 1, function: { arguments: '{"limit"' } })),
      event(callDelta({ index: 0, function: { arguments: '{"title": ' } })),
      event(callDelta({ index: 1, function: { arguments: ": 3}" } })),
      event(callDelta({ index: 0, function: { arguments: '"Hi"}' } })),
      event({}, "tool_calls"),
    ]);
    assert.equal(error, undefined, String(error));
    assert.deepEqual(
      chunks.map((c) => c.type),
      ["request", "text", "tool-call", "tool-call", "end"],
    );
    assert.equal(texts(chunks).join(""), "Saving both.");
    assert.deepEqual(calls(chunks), [
      { id: "call_a", name: "save_story", arguments: '{"title": "Hi"}' },
      { id: "call_b", name: "list_stories", arguments: '{"limit": 3}' },
    ]);
    assert.equal(endOf(chunks).finish, "tool-calls");
  });

  test("calls sent without an index or an id, and ended with `stop`, as some servers send them", async () => {
    const { chunks, error } = await againstStream([
      event({ role: "assistant", content: null }),
      event(callDelta({ id: "call_x", function: { name: "save_story", arguments: '{"title":' } })),
      event(callDelta({ function: { arguments: '"A"}' } })),
      event(callDelta({ function: { name: "list_stories", arguments: "{}" } })),
      event(callDelta({ id: "call_z", function: { name: "save_story", arguments: "{}" } })),
      event({}, "stop"),
    ]);
    assert.equal(error, undefined, String(error));
    // Fragments go on the call before them; a new name or id begins the next, which without an id of its own gets one from its place.
    assert.deepEqual(calls(chunks), [
      { id: "call_x", name: "save_story", arguments: '{"title":"A"}' },
      { id: "call_1", name: "list_stories", arguments: "{}" },
      { id: "call_z", name: "save_story", arguments: "{}" },
    ]);
    assert.equal(endOf(chunks).finish, "tool-calls");
    const unnamed = await againstStream([event(callDelta({ index: 0, function: { name: "list_stories", arguments: "{}" } })), event({}, "tool_calls")]);
    assert.deepEqual(calls(unnamed.chunks), [{ id: "call_0", name: "list_stories", arguments: "{}" }]);
    // A call with no name cannot be run: none is sent, and the answer is unfinished.
    const nameless = await againstStream([event(callDelta({ index: 0, id: "call_n", function: { arguments: "{}" } })), event({}, "tool_calls")]);
    assert.equal(nameless.error, undefined, String(nameless.error));
    assert.deepEqual(calls(nameless.chunks), []);
    assert.equal(endOf(nameless.chunks).finish, "length");
  });
});
