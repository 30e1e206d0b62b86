/**
 * TEST DOUBLE, not a teacher: a local HTTP server that speaks the OpenAI Chat Completions
 * streaming wire format (SSE `chat.completion.chunk`s, the usage chunk, `[DONE]`) so the real
 * `openai` SDK can be tested against it, and can be told to fail in each way real providers fail.
 * For tests and manual demos only (`npm run test-teacher`); it answers with canned text.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { decodeGenerator, encode } from "gpt-tokenizer";

/** How the test server answers chat requests. Every field is optional; `{}` streams the default answer. */
export interface TestTeacherBehavior {
  /** The text streamed, one content delta per token. Defaults to a children's-story opening. */
  answer?: string;
  /** Canned answers chosen by the last user message: the first whose pattern matches wins, else `answer`. */
  answers?: readonly { when: RegExp; answer: string }[];
  /** Model name put in the chunks. Defaults to the model the request named. */
  model?: string;
  /** Answer with this HTTP status (401, 403, 404, 429, 500, 503, ...) and an OpenAI-style error body. */
  status?: number;
  /** `error.message` for `status`. Defaults to a message like the one OpenAI sends for that status. */
  errorMessage?: string;
  /** `Retry-After` in seconds sent with `status`. Defaults to none. */
  retryAfterS?: number;
  /** Read the request and never answer, not even headers. */
  hang?: boolean;
  /** Wait this long after the headers before the first chunk. Defaults to `0`. */
  firstTokenDelayMs?: number;
  /** Wait this long between one content chunk and the next. Defaults to `0`. */
  dripMs?: number;
  /** Send this many tokens, then stall with the connection open. */
  hangAfterTokens?: number;
  /** Send the whole answer and its finish reason, then stall before the usage chunk and `[DONE]`. */
  hangAfterFinish?: boolean;
  /** Send this many tokens, then destroy the socket. */
  cutAfterTokens?: number;
  /** After the role chunk, send `data: {not json` (then `[DONE]`). */
  malformed?: boolean;
  /** Stream the answer as hidden reasoning (`reasoning` and `reasoning_content`) with empty content. */
  reasoningOnly?: boolean;
  /** `prompt_tokens_details.cached_tokens` in the usage chunk. Defaults to `0`. */
  cachedTokens?: number;
  /**
   * Report cached input as a provider's prefix cache would (instead of `cachedTokens`): the
   * longest token prefix this prompt shares with an earlier one of the same `prompt_cache_key`
   * (requests without a key share one group), rounded down to a multiple of `increment`, and `0`
   * below `minTokens`. Prompts served while this is set are remembered for the server's life.
   * `OPENAI_PREFIX_CACHE` is OpenAI's.
   */
  prefixCache?: PrefixCache;
  /** Put this in `usage.cost`, as OpenRouter reports its charge in USD. */
  reportCostUsd?: number;
  /**
   * Report `usage.cost` from the tokens of each request at these prices (USD per million), as a
   * provider that bills its own rate, above or below a price list's, does.
   */
  reportCostPerMillion?: { input: number; output: number };
  /**
   * Refuse requests that carry these parameters, each with the error body a real provider sends:
   * `openai` (400, `param` set, code `unsupported_parameter`), `azure` (400, "Unrecognized request
   * argument supplied", no `param`), `mistral` (422, no `error` wrapper, the field in `loc`).
   */
  refuse?: { parameters: readonly string[]; style: "openai" | "azure" | "mistral" };
  /**
   * Stream `delta.content` as an array of parts, as Mistral's reasoning models do: a `thinking`
   * part first, then the answer's `text` parts.
   */
  contentArrays?: boolean;
  /** Send the usage chunk even when the request did not ask for it, as DeepSeek and others do. */
  alwaysUsage?: boolean;
  /** Report usage only in Groq's `x_groq.usage`, not in the top-level `usage`. */
  groqUsage?: boolean;
  /** Report cached input as DeepSeek does, in `prompt_cache_hit_tokens`. */
  deepseekUsage?: boolean;
  /** End the stream (with `[DONE]`) without ever sending a finish reason, as a dropped upstream does. */
  noFinishReason?: boolean;
  /** Send this many tokens, then an `error` event inside the 200 stream, as OpenAI and OpenRouter do when they fail mid-answer. */
  errorAfterTokens?: number;
  /** Answer with one JSON `chat.completion` (answer and usage) although a stream was asked for, as some servers do. */
  jsonBody?: boolean;
  /** Ignore the request's token cap, as Ollama's `/v1` does with `max_completion_tokens`. */
  ignoreCap?: boolean;
  /**
   * When the request offers `tools`, call this one instead of answering, streamed as OpenAI streams
   * a call: the role chunk (`content: null`), then a `delta.tool_calls` entry (index 0, the id, `type`, the name and
   * empty arguments), then the arguments a token at a time, then `finish_reason` `tool_calls`.
   * The usage bills the arguments' tokens; arguments longer than the request's cap stop there with
   * `length`, as a provider's would. The other behaviours (`jsonBody`, `noFinishReason`, `ignoreCap`,
   * `cutAfterTokens`, ...) apply to the arguments as to text. A request without tools is answered
   * with text as usual. `id` defaults to `DEFAULT_TOOL_CALL_ID`.
   */
  toolCall?: { name: string; arguments: string; id?: string };
}

/** How a provider's prompt cache counts a hit: whole blocks of `increment` tokens, from `minTokens` on. */
export interface PrefixCache {
  minTokens: number;
  increment: number;
}

/** OpenAI's prompt caching: prompts of 1024 tokens or more, cached in steps of 128. */
export const OPENAI_PREFIX_CACHE: PrefixCache = { minTokens: 1024, increment: 128 };

export interface TestTeacherServerOptions extends TestTeacherBehavior {
  /** Defaults to `0` (any free port). */
  port?: number;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions`. */
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; `undefined` when there was none or it was not JSON. */
  body: unknown;
  /** Resolves when this response's connection closes; `completed` says whether the server had sent all of it. */
  closed: Promise<{ completed: boolean }>;
}

export interface TestTeacherServer {
  /** Base URL, ending in `/v1`. */
  url: string;
  port: number;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Replaces the behaviour for the requests that follow. */
  setBehavior(behavior: TestTeacherBehavior): void;
  /** Resolves once `count` requests have been received. */
  waitForRequests(count: number): Promise<void>;
  /** Stops the server, destroying open connections (hung ones included). */
  close(): Promise<void>;
}

/** Longer than the default 32-token guidance budget, so a guided turn hands over to the student. */
export const DEFAULT_TEST_ANSWER =
  "Once upon a time, there was a little girl named Lily. She loved to play in the park with her friends. " +
  "One sunny day, she found a shiny red ball under a big tree, and she ran to show it to her mom.";

export async function startTestTeacherServer(options: TestTeacherServerOptions = {}): Promise<TestTeacherServer> {
  const { port = 0, ...initial } = options;
  let behavior: TestTeacherBehavior = initial;
  const requests: RecordedRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  // The prompts served, by `prompt_cache_key`: what `prefixCache` hits.
  const served = new Map<string, PromptSequence[]>();
  // Ends every pending delay when the server closes, so no timer outlives it.
  const stopping = new AbortController();

  const server = createServer((req, res) => {
    // A client that goes away mid-stream is expected here, not an error.
    res.on("error", () => {});
    const closed = new Promise<{ completed: boolean }>((resolve) =>
      res.once("close", () => resolve({ completed: res.writableFinished })),
    );
    readBody(req).then((text) => {
      const record: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: parseJson(text),
        closed,
      };
      requests.push(record);
      for (const w of waiters.filter((w) => requests.length >= w.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      return route(record, res, behavior, served, stopping.signal);
    }).catch(() => res.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${actualPort}/v1`,
    port: actualPort,
    requests,
    setBehavior(next) {
      behavior = next;
    },
    waitForRequests(count) {
      if (requests.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    async close() {
      stopping.abort();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await done;
    },
  };
}

async function route(
  req: RecordedRequest,
  res: ServerResponse,
  behavior: TestTeacherBehavior,
  served: Map<string, PromptSequence[]>,
  stop: AbortSignal,
): Promise<void> {
  if (req.method === "GET" && req.path === "/v1/models") {
    const data = [{ id: behavior.model ?? "test-teacher", object: "model", created: 0, owned_by: "headstart-test" }];
    return sendJson(res, 200, { object: "list", data });
  }
  if (req.method !== "POST" || req.path !== "/v1/chat/completions") {
    return sendError(res, 404, `Unknown path ${req.method} ${req.path} on the test teacher.`, "invalid_request_error", null);
  }
  if (!/^Bearer \S+/.test(req.headers.authorization ?? "")) {
    return sendError(res, 401, "You didn't provide an API key.", "invalid_request_error", "missing_api_key");
  }
  if (behavior.status !== undefined) return sendStatus(res, behavior);
  const body = isRecord(req.body) ? req.body : undefined;
  if (body === undefined || !Array.isArray(body["messages"])) {
    return sendError(res, 400, "The request body must be JSON with `messages`.", "invalid_request_error", null);
  }
  const refused = behavior.refuse?.parameters.find((p) => body[p] !== undefined);
  if (refused !== undefined && behavior.refuse) return sendRefusal(res, refused, behavior.refuse.style, body[refused]);
  if (body["stream"] !== true) {
    return sendError(res, 400, "The test teacher only streams; send `stream: true`.", "invalid_request_error", null);
  }
  if (behavior.hang) return;
  if (behavior.jsonBody) return sendCompletion(res, body, behavior);
  const cached = behavior.prefixCache ? cacheHit(body, behavior.prefixCache, served) : (behavior.cachedTokens ?? 0);
  await stream(res, body, behavior, cached, stop);
}

/** The cached tokens of this prompt against the earlier ones of its group, which it then joins. */
function cacheHit(body: Record<string, unknown>, cache: PrefixCache, served: Map<string, PromptSequence[]>): number {
  const key = typeof body["prompt_cache_key"] === "string" ? body["prompt_cache_key"] : "";
  const prompt = promptSequence(body["messages"] as unknown[]);
  const group = served.get(key) ?? [];
  served.set(key, [...group, prompt]);
  return cachedPrefixTokens(longestSharedPrefix(prompt, group), cache);
}

/**
 * The tokens in the longest prefix `prompt` shares with any `earlier` prompt. Role marks must
 * match too but are not counted, as the usage counts only the messages' text.
 */
function longestSharedPrefix(prompt: PromptSequence, earlier: readonly PromptSequence[]): number {
  let longest = 0;
  for (const seen of earlier) {
    const end = Math.min(prompt.length, seen.length);
    let shared = 0;
    for (let i = 0; i < end && prompt[i] === seen[i]; i++) if (typeof prompt[i] === "number") shared++;
    longest = Math.max(longest, shared);
  }
  return longest;
}

/** What a prefix cache serves of `shared` tokens already seen: whole `increment`s, none below `minTokens`. */
export function cachedPrefixTokens(shared: number, cache: PrefixCache): number {
  const blocks = Math.floor(shared / cache.increment) * cache.increment;
  return blocks < cache.minTokens ? 0 : blocks;
}

/** Streams the answer in the real wire format, failing part-way when the behaviour says so. */
async function stream(
  res: ServerResponse,
  body: Record<string, unknown>,
  behavior: TestTeacherBehavior,
  cached: number,
  stop: AbortSignal,
): Promise<void> {
  const requested = typeof body["model"] === "string" ? body["model"] : "test-teacher";
  const base = {
    id: `chatcmpl-test${Math.random().toString(36).slice(2, 12)}`,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model: behavior.model ?? requested,
    system_fingerprint: "fp_test",
  };
  const includeUsage = behavior.alwaysUsage === true || (isRecord(body["stream_options"]) && body["stream_options"]["include_usage"] === true);
  // With the usage chunk on, OpenAI sends `usage: null` on every other chunk.
  const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    res.write(`data: ${JSON.stringify({ ...base, choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`);
  const choice = (delta: Record<string, unknown>, finish: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });
  const wait = async (ms: number | undefined) => {
    if (ms) await sleep(ms, undefined, { signal: stop }).catch(() => {});
    return !stop.aborted && !res.destroyed;
  };

  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-request-id": `req_test${Math.random().toString(36).slice(2, 12)}`,
  });
  res.flushHeaders();
  if (!(await wait(behavior.firstTokenDelayMs))) return;
  const call = toolCallFor(body, behavior);
  send([choice({ role: "assistant", content: call ? null : "", refusal: null })]);
  if (behavior.malformed) {
    res.end("data: {not json\n\ndata: [DONE]\n\n");
    return;
  }

  const budget = behavior.ignoreCap ? Number.POSITIVE_INFINITY : maxTokens(body);
  if (call) {
    // The call's head, then its arguments (the tokens billed) in fragments, as OpenAI sends them.
    send([choice({ tool_calls: [{ index: 0, id: call.id ?? DEFAULT_TOOL_CALL_ID, type: "function", function: { name: call.name, arguments: "" } }] })]);
  }
  const pieces = tokenPieces(call ? call.arguments : answerFor(body, behavior));
  let sent = 0;
  let finish = call ? "tool_calls" : "stop";
  for (const [i, piece] of pieces.entries()) {
    if (sent + piece.tokens > budget) {
      finish = "length";
      break;
    }
    if (sent === behavior.hangAfterTokens) return;
    if (sent === behavior.errorAfterTokens) {
      const error = { message: STATUS_ERRORS[500].message, type: "server_error", param: null, code: null };
      res.end(`data: ${JSON.stringify({ error })}\n\n`);
      return;
    }
    if (sent === behavior.cutAfterTokens) {
      // Let what was sent reach the client first: a real cut loses only what comes after it.
      const socket = res.socket;
      if (socket) await new Promise<void>((resolve) => socket.write("", () => resolve()));
      socket?.destroy();
      return;
    }
    if (!(await wait(i > 0 ? behavior.dripMs : 0))) return;
    const delta = call
      ? { tool_calls: [{ index: 0, function: { arguments: piece.text } }] }
      : behavior.reasoningOnly
        ? { content: "", reasoning: piece.text, reasoning_content: piece.text }
        : behavior.contentArrays
          ? { content: [...(i === 0 ? [{ type: "thinking", thinking: [{ type: "text", text: "The user wants a story." }] }] : []), { type: "text", text: piece.text }] }
          : { content: piece.text };
    send([choice(delta)]);
    sent += piece.tokens;
  }
  if (sent === behavior.hangAfterTokens) return;
  if (!behavior.noFinishReason) send([choice({}, finish)]);
  if (behavior.hangAfterFinish) return;
  if (includeUsage) {
    const prompt = promptTokens(body["messages"] as unknown[]);
    const usage = {
      prompt_tokens: prompt,
      completion_tokens: sent,
      total_tokens: prompt + sent,
      // DeepSeek reports cache hits in its own field, and no prompt_tokens_details.
      ...(behavior.deepseekUsage
        ? { prompt_cache_hit_tokens: Math.min(cached, prompt) }
        : { prompt_tokens_details: { cached_tokens: Math.min(cached, prompt), audio_tokens: 0 } }),
      completion_tokens_details: { reasoning_tokens: behavior.reasoningOnly ? sent : 0, audio_tokens: 0 },
      ...(behavior.reportCostUsd !== undefined ? { cost: behavior.reportCostUsd } : {}),
      ...(behavior.reportCostPerMillion ? { cost: (prompt * behavior.reportCostPerMillion.input + sent * behavior.reportCostPerMillion.output) / 1e6 } : {}),
    };
    const where = behavior.groqUsage ? { x_groq: { id: base.id, usage } } : { usage };
    res.write(`data: ${JSON.stringify({ ...base, choices: [], ...where })}\n\n`);
  }
  res.end("data: [DONE]\n\n");
}

/**
 * The answer split into one piece per token, as a provider streams it. A character that spans
 * several tokens (some emoji) is sent whole, with the piece counting all of its tokens.
 */
export function tokenPieces(text: string): { text: string; tokens: number }[] {
  let consumed = 0;
  const counted = (function* () {
    for (const id of encode(text)) {
      consumed++;
      yield id;
    }
  })();
  const pieces: { text: string; tokens: number }[] = [];
  let before = 0;
  for (const piece of decodeGenerator(counted)) {
    pieces.push({ text: piece, tokens: consumed - before });
    before = consumed;
  }
  return pieces;
}

/** The id a `toolCall` without one is sent with. */
export const DEFAULT_TOOL_CALL_ID = "call_test0";

/** The call to make for this request: the behaviour's, when the request offers tools. */
function toolCallFor(body: Record<string, unknown>, behavior: TestTeacherBehavior): TestTeacherBehavior["toolCall"] {
  const offered = Array.isArray(body["tools"]) && body["tools"].length > 0;
  return offered ? behavior.toolCall : undefined;
}

/** The canned answer for this request: chosen by its last user message, else the fixed one. */
function answerFor(body: Record<string, unknown>, behavior: TestTeacherBehavior): string {
  const messages = Array.isArray(body["messages"]) ? (body["messages"] as unknown[]) : [];
  const last = [...messages].reverse().find((m) => isRecord(m) && m["role"] === "user");
  const question = isRecord(last) && typeof last["content"] === "string" ? last["content"] : "";
  return behavior.answers?.find((a) => a.when.test(question))?.answer ?? behavior.answer ?? DEFAULT_TEST_ANSWER;
}

function maxTokens(body: Record<string, unknown>): number {
  const cap = body["max_completion_tokens"] ?? body["max_tokens"];
  return typeof cap === "number" && cap >= 0 ? cap : Number.POSITIVE_INFINITY;
}

/** The real token count of the messages' text, without the per-message framing tokens: the `usage.prompt_tokens` this server reports. */
export function promptTokens(messages: unknown[]): number {
  return messages.reduce<number>((count, m) => count + contentTexts(m).reduce((n, text) => n + encode(text).length, 0), 0);
}

/** A prompt as a prefix cache sees it: tokens, each message's led by its role. */
type PromptSequence = readonly (number | string)[];

/** The messages in order, each as its role then the tokens of its text. */
function promptSequence(messages: unknown[]): PromptSequence {
  return messages.flatMap((m) => {
    const role = isRecord(m) && typeof m["role"] === "string" ? m["role"] : "";
    return [role, ...contentTexts(m).flatMap((text) => encode(text))];
  });
}

/** A message's text: its string content, or the text of each of its parts. */
function contentTexts(message: unknown): string[] {
  const content = isRecord(message) ? message["content"] : undefined;
  if (typeof content === "string") return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part: unknown) => (isRecord(part) && typeof part["text"] === "string" ? [part["text"]] : []));
}

const STATUS_ERRORS: Record<number, { message: string; type: string; code: string | null }> = {
  400: { message: "Invalid request.", type: "invalid_request_error", code: null },
  401: {
    message: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
    type: "invalid_request_error",
    code: "invalid_api_key",
  },
  403: { message: "Project does not have access to this model.", type: "invalid_request_error", code: "model_not_found" },
  404: { message: "The model does not exist or you do not have access to it.", type: "invalid_request_error", code: "model_not_found" },
  429: { message: "Rate limit reached for requests. Please try again later.", type: "requests", code: "rate_limit_exceeded" },
  500: { message: "The server had an error while processing your request. Sorry about that!", type: "server_error", code: null },
  503: { message: "The engine is currently overloaded, please try again later.", type: "server_error", code: null },
};

function sendStatus(res: ServerResponse, behavior: TestTeacherBehavior): void {
  const status = behavior.status ?? 500;
  const known = STATUS_ERRORS[status] ?? { message: `Test teacher error ${status}.`, type: "server_error", code: null };
  if (behavior.retryAfterS !== undefined) res.setHeader("retry-after", String(behavior.retryAfterS));
  sendError(res, status, behavior.errorMessage ?? known.message, known.type, known.code);
}

/** The whole answer (or tool call) as one non-streamed `chat.completion`, with its usage. */
function sendCompletion(res: ServerResponse, body: Record<string, unknown>, behavior: TestTeacherBehavior): void {
  const call = toolCallFor(body, behavior);
  const pieces = tokenPieces(call ? call.arguments : answerFor(body, behavior));
  const budget = behavior.ignoreCap ? Number.POSITIVE_INFINITY : maxTokens(body);
  const kept = pieces.slice(0, Math.min(pieces.length, budget));
  const text = kept.map((p) => p.text).join("");
  const whole = kept.length === pieces.length;
  const written = kept.reduce((n, p) => n + p.tokens, 0);
  const message = call
    ? { role: "assistant", content: null, tool_calls: [{ id: call.id ?? DEFAULT_TOOL_CALL_ID, type: "function", function: { name: call.name, arguments: text } }] }
    : { role: "assistant", content: text };
  const prompt = promptTokens(body["messages"] as unknown[]);
  sendJson(res, 200, {
    id: "chatcmpl-testjson",
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: behavior.model ?? (typeof body["model"] === "string" ? body["model"] : "test-teacher"),
    choices: [{ index: 0, message, finish_reason: !whole ? "length" : call ? "tool_calls" : "stop" }],
    usage: { prompt_tokens: prompt, completion_tokens: written, total_tokens: prompt + written, ...(behavior.reportCostUsd !== undefined ? { cost: behavior.reportCostUsd } : {}) },
  });
}

/** A parameter refused the way each provider really says it. */
function sendRefusal(res: ServerResponse, parameter: string, style: "openai" | "azure" | "mistral", value: unknown): void {
  if (style === "openai") {
    return sendJson(res, 400, {
      error: { message: `Unsupported parameter: '${parameter}' is not supported with this model.`, type: "invalid_request_error", param: parameter, code: "unsupported_parameter" },
    });
  }
  if (style === "azure") return sendError(res, 400, `Unrecognized request argument supplied: ${parameter}`, "invalid_request_error", null);
  sendJson(res, 422, {
    object: "error",
    message: { detail: [{ type: "extra_forbidden", loc: ["body", parameter], msg: "Extra inputs are not permitted", input: value }] },
    type: "invalid_request_message_error",
    param: null,
    code: null,
  });
}

function sendError(res: ServerResponse, status: number, message: string, type: string, code: string | null): void {
  sendJson(res, status, { error: { message, type, param: null, code } });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "x-request-id": `req_test${Math.random().toString(36).slice(2, 12)}`,
  });
  res.end(JSON.stringify(value));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
