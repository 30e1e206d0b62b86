import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { APIError, OpenAI } from "openai";
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import { ChatStream, chatCompletionsUrl } from "../../../src/node/models/chatStream";
import { startTestTeacherServer, type TestTeacherBehavior, type TestTeacherServer } from "../../support/testTeacherServer";

const BODY: ChatCompletionCreateParamsStreaming = {
  model: "gpt-4o-mini",
  messages: [{ role: "user", content: "Tell me a story." }],
  stream: true,
  stream_options: { include_usage: true },
};
const ANSWER = "One two three four five six seven eight nine ten.";
/** Short, so a stall is seen soon; the servers below answer at once or never. */
const IDLE_MS = 300;

async function withServer(behavior: TestTeacherBehavior, body: (server: TestTeacherServer, client: OpenAI) => Promise<void>) {
  const server = await startTestTeacherServer({ answer: ANSWER, ...behavior });
  // No retries: each test sees the server's first answer.
  const client = new OpenAI({ baseURL: server.url, apiKey: "sk-test", organization: null, project: null, maxRetries: 0, logLevel: "off" });
  try {
    await body(server, client);
  } finally {
    await server.close();
  }
}

/** Opens and reads a whole stream, closing it after; `each` sees every chunk as it comes. */
async function read(stream: ChatStream, each: (chunk: ChatCompletionChunk) => void = () => undefined) {
  const chunks: ChatCompletionChunk[] = [];
  try {
    const opened = await stream.open(BODY);
    if (opened.kind !== "open") return { opened, chunks };
    for await (const chunk of stream.chunks()) {
      chunks.push(chunk);
      each(chunk);
    }
    return { opened, chunks, end: stream.end };
  } finally {
    stream.close();
  }
}

const textOf = (chunks: readonly ChatCompletionChunk[]): string => chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("");

describe("ChatStream", () => {
  test("yields the chunks in order, to the finish reason and the usage, and says the stream ended", () =>
    withServer({}, async (server, client) => {
      const { opened, chunks, end } = await read(new ChatStream(client, new AbortController().signal, IDLE_MS));
      assert.equal(opened.kind, "open");
      assert.deepEqual(end, { kind: "ended" });
      assert.equal(textOf(chunks), ANSWER);
      assert.equal(chunks.findLast((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason, "stop");
      assert.ok(chunks.at(-1)?.usage, "the usage chunk comes last");
      assert.deepEqual(server.requests[0]?.body, BODY);
    }));

  test("the address shown is where the request went", () =>
    withServer({}, async (server, client) => {
      await read(new ChatStream(client, new AbortController().signal, IDLE_MS));
      assert.equal(chatCompletionsUrl(`${server.url}//`), `${server.url}/chat/completions`);
      assert.equal(`http://127.0.0.1:${server.port}${server.requests[0]?.path}`, chatCompletionsUrl(server.url));
    }));

  test("a stream silent after some chunks is stopped and reported as stalled, keeping what came", () =>
    withServer({ hangAfterTokens: 3 }, async (server, client) => {
      const { chunks, end } = await read(new ChatStream(client, new AbortController().signal, IDLE_MS));
      assert.deepEqual(end, { kind: "stalled" });
      assert.equal(textOf(chunks), ANSWER.split(" ").slice(0, 3).join(" "));
      assert.deepEqual(await server.requests[0]?.closed, { completed: false });
    }));

  test("a server that never answers is reported as stalled before the response begins", () =>
    withServer({ hang: true }, async (server, client) => {
      const { opened, chunks } = await read(new ChatStream(client, new AbortController().signal, IDLE_MS));
      assert.deepEqual(opened, { kind: "stalled" });
      assert.deepEqual(chunks, []);
      assert.deepEqual(await server.requests[0]?.closed, { completed: false });
    }));

  test("the caller's abort mid-stream is reported as an abort, not a stall or an error", () =>
    withServer({ dripMs: 50 }, async (server, client) => {
      const caller = new AbortController();
      const { chunks, end } = await read(new ChatStream(client, caller.signal, IDLE_MS), (chunk) => {
        if (chunk.choices[0]?.delta?.content) caller.abort();
      });
      assert.deepEqual(end, { kind: "aborted" });
      assert.notEqual(textOf(chunks), ANSWER);
      assert.deepEqual(await server.requests[0]?.closed, { completed: false });
    }));

  test("the caller's abort before the response begins is reported as an abort", () =>
    withServer({ hang: true }, async (server, client) => {
      const caller = new AbortController();
      const reading = read(new ChatStream(client, caller.signal, 60_000));
      await server.waitForRequests(1);
      caller.abort();
      const { opened } = await reading;
      assert.deepEqual(opened, { kind: "aborted" });
      assert.deepEqual(await server.requests[0]?.closed, { completed: false });
    }));

  test("an HTTP 500 with a JSON error body is a failure carrying the SDK's error, its status and the server's words", () =>
    withServer({ status: 500, errorMessage: "The engine broke." }, async (_server, client) => {
      const { opened } = await read(new ChatStream(client, new AbortController().signal, IDLE_MS));
      assert.equal(opened.kind, "failed");
      const error = opened.kind === "failed" ? opened.error : undefined;
      assert.ok(error instanceof APIError);
      assert.equal(error.status, 500);
      assert.equal((error.error as { message?: unknown }).message, "The engine broke.");
    }));

  test("a connection cut mid-stream is a failure, with the chunks before it kept", () =>
    withServer({ cutAfterTokens: 2 }, async (_server, client) => {
      const { chunks, end } = await read(new ChatStream(client, new AbortController().signal, IDLE_MS));
      assert.equal(end?.kind, "failed");
      assert.equal(textOf(chunks), ANSWER.split(" ").slice(0, 2).join(" "));
    }));

  test("a reader that stops early ends the request when the stream is closed", () =>
    withServer({ dripMs: 50 }, async (server, client) => {
      const stream = new ChatStream(client, new AbortController().signal, IDLE_MS);
      try {
        assert.equal((await stream.open(BODY)).kind, "open");
        for await (const chunk of stream.chunks()) if (chunk.choices[0]?.delta?.content) break;
        assert.deepEqual(stream.end, { kind: "ended" });
      } finally {
        stream.close();
      }
      assert.deepEqual(await server.requests[0]?.closed, { completed: false });
    }));
});
