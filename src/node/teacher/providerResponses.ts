// What OpenAI-compatible servers answer, put into the shapes the openai SDK reads.

/** The `fetch` the openai SDK is given. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * A streamed request answered with one JSON `chat.completion` (some servers ignore `stream`),
 * turned into the stream it stands for: its text and tool calls, its finish reason, then its
 * usage. Without this the answer and what it was billed would both be thrown away as "not a stream".
 */
async function asEventStream(response: Response): Promise<Response> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const choices = isRecord(body) && Array.isArray(body["choices"]) ? (body["choices"] as unknown[]) : [];
  const first = choices.find(isRecord);
  const message = first && isRecord(first["message"]) ? first["message"] : {};
  const base = isRecord(body) ? { id: body["id"], object: "chat.completion.chunk", created: body["created"], model: body["model"] } : {};
  // Each call whole in one delta, numbered as a stream numbers them; its arguments text untouched.
  const calls = Array.isArray(message["tool_calls"]) ? (message["tool_calls"] as unknown[]).filter(isRecord) : [];
  const toolCalls = calls.map((call, index) => ({ index, id: call["id"], type: call["type"], function: call["function"] }));
  const delta = { role: "assistant", content: message["content"] ?? "", ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
  const events = [
    { ...base, choices: [{ index: 0, delta, finish_reason: null }] },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: first?.["finish_reason"] ?? null }] },
    ...(isRecord(body) && body["usage"] !== undefined ? [{ ...base, choices: [], usage: body["usage"] }] : []),
  ];
  const text = `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join("")}data: [DONE]\n\n`;
  const headers = new Headers(response.headers);
  headers.set("content-type", "text/event-stream");
  headers.delete("content-length");
  headers.delete("content-encoding");
  return new Response(text, { status: response.status, statusText: response.statusText, headers });
}

/**
 * `fetch` that hands the SDK what providers send in the shape it reads: an error body without
 * OpenAI's `{ "error": … }` wrapper (Mistral's `{ "object": "error", "message": {…} }`) is put
 * inside one, so the SDK keeps it instead of reporting "no body" and the refused parameter and the
 * provider's words can be read; and a JSON completion where a stream was asked for becomes that
 * stream.
 */
export function normalizedProviderResponses(inner: Fetch): Fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!(response.headers.get("content-type") ?? "").includes("json")) return response;
    if (response.ok) return asEventStream(response);
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const wrapped = isRecord(parsed) && !("error" in parsed) ? JSON.stringify({ error: parsed }) : text;
    // The body is now decoded and may have changed length.
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    headers.delete("content-encoding");
    return new Response(wrapped, { status: response.status, statusText: response.statusText, headers });
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * `fetch` that tells the SDK not to retry when the server asks for a wait longer than our own
 * timeout (`Retry-After: 60` on a 429): the SDK would sleep that long, unabortably, and the user
 * would see `timeout` instead of `rate-limited`.
 */
export function noLongRetryFetch(maxWaitMs: number): Fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (response.ok || !(retryAfterMs(response.headers) > maxWaitMs)) return response;
    const headers = new Headers(response.headers);
    headers.set("x-should-retry", "false");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** The wait a response asks for, read as the SDK reads it; `NaN` when it asks for none. */
function retryAfterMs(headers: Headers): number {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && !Number.isNaN(parseFloat(ms))) return parseFloat(ms);
  const after = headers.get("retry-after");
  if (after === null) return NaN;
  const seconds = parseFloat(after);
  return Number.isNaN(seconds) ? Date.parse(after) - Date.now() : seconds * 1000;
}
