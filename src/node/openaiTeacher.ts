import { APIConnectionTimeoutError, OpenAI } from "openai";
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import { TeacherError } from "../common/errors";
import { modelBaseName } from "../common/modelName";
import { knownProvider, learn, type LearnedQuirk, type ProviderQuirks } from "../common/providerQuirks";
import type { Teacher, TeacherChunk, TeacherFinish, TeacherGuideRequest, TeacherUsage, ToolCall, ToolSpec } from "../common/teacher";
import { estimateTokens } from "../common/tokenCounter";
import { normalizedProviderResponses, type Fetch } from "./providerResponses";
import { detectedFailure, refusedParameter, toTeacherError } from "./teacherErrors";
import { linkedAbort, untilAborted } from "../common/abort";

/** The request field that carries the output cap. */
export type MaxTokensField = "max_completion_tokens" | "max_tokens";

/** A `reasoning_effort` value, as the Chat Completions API spells them. */
export type ReasoningEffortValue = "none" | "minimal" | "low" | "medium" | "high";

const EFFORT_CHOICES = ["auto", "omit", "none", "minimal", "low", "medium", "high"] as const;

/** Whether `value` is a choice for the `reasoningEffort` option. */
export const isReasoningEffort = (value: unknown): value is (typeof EFFORT_CHOICES)[number] =>
  (EFFORT_CHOICES as readonly unknown[]).includes(value);

export interface OpenAITeacherOptions {
  /** The provider's API root, ending in `/v1` for most (e.g. `https://openrouter.ai/api/v1`). */
  baseURL: string;
  /** Sent as a bearer token. Without one, `guide` fails with `no-key` and sends nothing. */
  apiKey: string | undefined;
  /** The model name as the provider spells it, e.g. `gpt-4o-mini` or `openai/gpt-5-mini`. */
  model: string;
  /**
   * How to write requests for this provider (see `knownProvider`): the cap's field and the
   * parameters to leave out. Updated, for this teacher and through `onLearned`, when the provider
   * refuses a parameter or ignores the cap.
   * Defaults to OpenAI's: `max_completion_tokens`, nothing left out.
   */
  quirks?: ProviderQuirks;
  /**
   * The cap's field whatever the quirks say: the user chose it. OpenAI wants
   * `max_completion_tokens` (its reasoning models reject `max_tokens`); many local servers only
   * know `max_tokens`. Defaults to the quirks'.
   */
  maxTokensField?: MaxTokensField;
  /**
   * Whether to ask for the final usage chunk (`stream_options.include_usage`); `false` never asks
   * (the turn's usage is then counted, and marked estimated). Defaults to `true` unless the quirks
   * leave `stream_options` out.
   */
  includeUsage?: boolean;
  /** Called when the provider taught something about itself, to remember it for the next requests. */
  onLearned?: (quirks: ProviderQuirks, learned: LearnedQuirk) => void;
  /**
   * Counts tokens of the teacher's text as it arrives, so a provider that ignores the cap is
   * stopped on our side instead of billing a whole answer. Without it the cap is the provider's
   * (except for the text of a request with tools, held to its cap by an estimate: see `guide`).
   */
  countTokens?: (text: string) => number;
  /**
   * How long to wait for the response to start, and then for each next chunk: a server that hangs
   * or stalls mid-stream fails with `timeout` after this long without a byte.
   * Defaults to `20000`.
   */
  timeoutMs?: number;
  /**
   * Retries of 408/409/429/5xx and connection failures, made by the SDK before any text arrives.
   * Capped at 1: guidance that comes late is worth less than the student answering alone.
   * Defaults to `1`.
   */
  maxRetries?: number;
  /**
   * `reasoning_effort` to send: `"auto"` picks by model name (see `reasoningEffortFor`), `"omit"`
   * never sends it, a value always sends that value.
   * Defaults to `"auto"`.
   */
  reasoningEffort?: "auto" | "omit" | ReasoningEffortValue;
  /**
   * Whether to send `prompt_cache_key` (the conversation id), so that the provider routes a
   * conversation's requests to the cache holding its prompt prefix. Left out, like any parameter,
   * when the quirks omit it. Defaults to whether the base URL's provider takes it (`knownProvider`).
   */
  promptCacheKey?: boolean;
}

/**
 * The lowest `reasoning_effort` each OpenAI reasoning family accepts, so a budget of a few dozen
 * tokens is not spent on hidden thinking; `undefined` for models that reject the field (gpt-4o
 * and other non-reasoning models, o1-mini/o1-preview, gpt-5-pro which only takes its default).
 * A provider prefix such as `openai/` is ignored.
 */
export function reasoningEffortFor(model: string): ReasoningEffortValue | undefined {
  const name = modelBaseName(model);
  if (/^gpt-5(\.\d+)?-(pro|chat)/.test(name)) return undefined;
  // Codex variants take `low` at the least.
  if (/^gpt-5(\.\d+)?-codex/.test(name)) return "low";
  // gpt-5.1 and later accept `none` (and reject `minimal`).
  if (/^gpt-5\.\d/.test(name)) return "none";
  if (/^gpt-5(-|$)/.test(name)) return "minimal";
  if (/^o1-(mini|preview)/.test(name)) return undefined;
  if (/^o[134](-|$)/.test(name)) return "low";
  return undefined;
}

/** The teacher over any OpenAI-compatible Chat Completions endpoint, streamed. */
export class OpenAITeacher implements Teacher {
  readonly model: string;
  readonly #client: OpenAI | undefined;
  readonly #apiKey: string | undefined;
  readonly #baseURL: string;
  #quirks: ProviderQuirks;
  readonly #maxTokensField: MaxTokensField | undefined;
  readonly #includeUsage: boolean | undefined;
  readonly #onLearned: OpenAITeacherOptions["onLearned"];
  readonly #countTokens: OpenAITeacherOptions["countTokens"];
  readonly #timeoutMs: number;
  readonly #reasoningEffort: ReasoningEffortValue | undefined;
  readonly #promptCacheKey: boolean;

  constructor(options: OpenAITeacherOptions) {
    this.model = options.model;
    this.#apiKey = options.apiKey || undefined;
    this.#baseURL = options.baseURL;
    this.#quirks = options.quirks ?? { maxTokensField: "max_completion_tokens", omit: [] };
    this.#maxTokensField = options.maxTokensField;
    this.#includeUsage = options.includeUsage;
    this.#onLearned = options.onLearned;
    this.#countTokens = options.countTokens;
    this.#timeoutMs = options.timeoutMs ?? 20_000;
    const effort = options.reasoningEffort ?? "auto";
    this.#reasoningEffort =
      effort === "auto" ? reasoningEffortFor(options.model) : effort === "omit" ? undefined : effort;
    this.#promptCacheKey = options.promptCacheKey ?? knownProvider(options.baseURL).promptCacheKey;
    // The SDK refuses to construct without a key; without one `guide` never needs a client.
    this.#client =
      this.#apiKey === undefined
        ? undefined
        : new OpenAI({
            baseURL: options.baseURL,
            apiKey: this.#apiKey,
            // Explicit nulls: the SDK would otherwise pick these up from the environment.
            organization: null,
            project: null,
            timeout: this.#timeoutMs,
            maxRetries: Math.max(0, Math.min(1, Math.floor(options.maxRetries ?? 1))),
            fetch: normalizedProviderResponses(noLongRetryFetch(this.#timeoutMs)),
            // Failures reach the user as TeacherErrors; the SDK's console output would be noise.
            logLevel: "off",
          });
  }

  /** Sends the request; resolves once the response has begun. */
  private start(client: OpenAI, body: ChatCompletionCreateParamsStreaming, signal: AbortSignal) {
    return client.chat.completions.create(body, { signal }).withResponse();
  }

  /** The exact body `guide` sends for `request`. */
  requestBody(request: TeacherGuideRequest): ChatCompletionCreateParamsStreaming {
    const messages: ChatCompletionMessageParam[] = [
      { role: "system", content: request.system },
      ...request.messages.map((m) => ({ role: m.role, content: m.content })),
    ];
    const omit = this.#quirks.omit;
    const field = this.#maxTokensField ?? this.#quirks.maxTokensField;
    const tools = toolsOf(request);
    const capTokens = sentCap(request);
    const cap = field === "max_tokens" ? { max_tokens: capTokens } : { max_completion_tokens: capTokens };
    const usage = this.#includeUsage ?? !omit.includes("stream_options");
    const effort = omit.includes("reasoning_effort") ? undefined : this.#reasoningEffort;
    const cacheKey = this.#promptCacheKey && request.conversationId !== "" && !omit.includes("prompt_cache_key");
    return {
      model: this.model,
      messages,
      ...(tools ? { tools: tools.map(toOpenAITool) } : {}),
      stream: true,
      ...cap,
      ...(usage ? { stream_options: { include_usage: true } } : {}),
      ...(effort ? { reasoning_effort: effort } : {}),
      ...(cacheKey ? { prompt_cache_key: request.conversationId } : {}),
    };
  }

  /** Remembers what the provider taught, for this teacher's next requests and through `onLearned`. */
  #learn(learned: LearnedQuirk): void {
    this.#quirks = learn(this.#quirks, learned);
    this.#onLearned?.(this.#quirks, learned);
  }

  async *guide(request: TeacherGuideRequest, signal: AbortSignal): AsyncGenerator<TeacherChunk, void> {
    const client = this.#client;
    if (client === undefined) throw detectedFailure("no-key");
    if (signal.aborted) return;
    let body = this.requestBody(request);
    const url = `${this.#baseURL.replace(/\/+$/, "")}/chat/completions`;
    yield { type: "request", url, body };
    if (signal.aborted) return;
    const learned: LearnedQuirk[] = [];

    // One controller ends the HTTP request for every reason: the user's abort, the idle timer,
    // an error, or a consumer that stops iterating early.
    const call = linkedAbort(signal);
    const idle = new IdleTimer(this.#timeoutMs, call.abort);
    let requestId: string | undefined;
    try {
      let response: Awaited<ReturnType<typeof this.start>> | undefined;
      for (;;) {
        idle.arm();
        try {
          response = await untilAborted(this.start(client, body, call.signal), call.signal);
          break;
        } catch (error) {
          // A parameter refused by name is left out once, and remembered; a second refusal fails.
          const refused = learned.length === 0 ? refusedParameter(error, body) : undefined;
          if (refused === undefined) throw error;
          const lesson: LearnedQuirk = { kind: "refused", parameter: refused };
          learned.push(lesson);
          this.#learn(lesson);
          body = this.requestBody(request);
          yield { type: "request", url, body };
        }
      }
      if (response === undefined) {
        if (signal.aborted) return;
        throw idle.timeoutError();
      }
      requestId = response.request_id ?? undefined;

      const seen = { chunk: false, text: false, reasoning: false, finish: false };
      let finish: TeacherFinish = "cut";
      let reason: string | undefined;
      let usage: TeacherUsage | undefined;
      let model = this.model;
      const calls = new ToolCallParts();
      // Counted as it arrives: past the cap (with room for tokenizers that differ), we stop reading.
      // Only text counts: a tool call's arguments are never cut here, as half a call is no call.
      let counted = 0;
      const capTokens = sentCap(request);
      const ceiling = capTokens + Math.max(4, Math.ceil(capTokens * 0.25));
      // With tools the cap sent is raised for a call's arguments (see `sentCap`), so a text answer
      // is held to `maxTokens` here instead: we stop reading at it, and the provider bills what it
      // wrote until it saw the connection close (no usage chunk comes: the turn counts the cost).
      const textCap = capTokens > request.maxTokens ? request.maxTokens : undefined;
      const countText = this.#countTokens ?? (textCap !== undefined ? estimateTokens : undefined);
      idle.arm();
      for await (const raw of response.data) {
        idle.disarm();
        const part = readChunk(raw);
        seen.chunk ||= part.isChunk;
        seen.reasoning ||= part.reasoning;
        if (part.model) model = part.model;
        if (part.usage) usage = part.usage;
        if (part.finish !== undefined) {
          seen.finish = true;
          reason = part.finish ?? undefined;
          finish = toFinish(part.finish);
        }
        for (const delta of part.toolCalls ?? []) calls.add(delta);
        if (part.text) {
          seen.text = true;
          yield { type: "text", text: part.text };
          if (signal.aborted) return;
          counted += countText?.(part.text) ?? 0;
          if (textCap !== undefined && counted >= textCap && !seen.finish) {
            // Not the provider's fault: we asked for more than the text may have.
            finish = "length";
            reason = undefined;
            seen.finish = true;
            break;
          }
          if (counted > ceiling && !seen.finish) {
            const lesson: LearnedQuirk = { kind: "cap-ignored", field: body.max_tokens !== undefined ? "max_tokens" : "max_completion_tokens" };
            learned.push(lesson);
            this.#learn(lesson);
            finish = "length";
            seen.finish = true;
            break;
          }
        }
        idle.arm();
      }
      idle.disarm();
      // The SDK's stream ends quietly, without throwing, when its request is aborted.
      if (signal.aborted) return;
      // A stall after the finish reason costs only the usage chunk: keep the guidance.
      if (idle.fired && !seen.finish) throw idle.timeoutError();
      // The calls go out only when the provider ended them itself (`tool_calls`, or `stop` as some
      // servers say), each with a name. Cut at the cap or mid-stream, the arguments are not whole,
      // and half a call is no call: none is sent, and the finish (`length`, `cut`) says the answer
      // is unfinished, so a guided turn has the student go on from the text, if any, as usual.
      const whole = reason === "tool_calls" || reason === "stop" ? calls.whole() : undefined;
      if (whole !== undefined) {
        for (const call of whole) yield { type: "tool-call", call };
        finish = "tool-calls";
      } else if (finish === "tool-calls") {
        finish = "length";
      }
      if (!seen.text && !calls.begun) {
        const kind = seen.reasoning ? "reasoning-only" : seen.chunk ? "no-text" : "not-a-stream";
        // No text, but possibly billed (hidden reasoning is paid for): the usage goes with the error.
        throw detectedFailure(kind, requestId, usage);
      }
      yield { type: "end", finish, ...(usage ? { usage } : {}), model, ...(learned.length ? { learned } : {}) };
    } catch (error) {
      if (signal.aborted) return;
      const cause = idle.fired && !(error instanceof TeacherError) ? idle.timeoutError() : error;
      throw toTeacherError(cause, { timeoutMs: this.#timeoutMs, apiKey: this.#apiKey, requestId, baseURL: this.#baseURL });
    } finally {
      idle.disarm();
      call.release();
      call.abort();
    }
  }
}

/**
 * `stop` only when the teacher says it finished, `tool-calls` when it says it called tools (kept
 * only if the calls came whole: see `guide`). Any other reason (`length`, `content_filter`, a
 * provider's own) means its text is not a whole answer, so the student goes on from it rather
 * than the turn ending on a fragment. No reason at all is `cut`, decided where the stream ends.
 */
export function toFinish(reason: string | null): TeacherFinish {
  return reason === "stop" ? "stop" : reason === "tool_calls" ? "tool-calls" : "length";
}

/** The tools a request offers, or `undefined` for none. */
function toolsOf(request: TeacherGuideRequest): readonly ToolSpec[] | undefined {
  return request.tools !== undefined && request.tools.length > 0 ? request.tools : undefined;
}

/**
 * The output cap sent: `maxTokens`, or with tools `toolCallMaxTokens` when that is more. A guided
 * turn's budget (32 tokens) is less than many a call's JSON arguments: capped at it, the provider
 * would stop mid-arguments and the call would be lost.
 */
function sentCap(request: TeacherGuideRequest): number {
  return toolsOf(request) ? Math.max(request.maxTokens, request.toolCallMaxTokens ?? request.maxTokens) : request.maxTokens;
}

/** A tool as the Chat Completions API takes it; a description or schema that is absent is left out. */
function toOpenAITool(tool: ToolSpec): ChatCompletionFunctionTool {
  return {
    type: "function",
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      ...(tool.parameters !== undefined ? { parameters: tool.parameters as Record<string, unknown> } : {}),
    },
  };
}

/** One `delta.tool_calls` entry, read without trusting its shape. */
interface ToolCallDelta {
  index?: number;
  id?: string;
  name?: string;
  arguments?: string;
}

/**
 * Tool calls put together from their deltas, as OpenAI streams them: `index` says which call, `id`
 * and `function.name` come once (a later copy replaces them, as the SDK's own reader does), and
 * `function.arguments` comes in fragments, joined exactly as they came.
 */
class ToolCallParts {
  readonly #calls = new Map<number, { id: string; name: string; arguments: string }>();
  #last: number | undefined;

  /** Whether any call has begun. */
  get begun(): boolean {
    return this.#calls.size > 0;
  }

  add(delta: ToolCallDelta): void {
    const index = delta.index ?? this.#unnumbered(delta);
    const call = this.#calls.get(index) ?? { id: "", name: "", arguments: "" };
    if (delta.id) call.id = delta.id;
    if (delta.name) call.name = delta.name;
    if (delta.arguments) call.arguments += delta.arguments;
    this.#calls.set(index, call);
    this.#last = index;
  }

  /**
   * Where a delta without an index goes (some servers send each call whole, unnumbered): a new id,
   * or a name when the last call has one already, begins a new call; anything else goes on the last.
   */
  #unnumbered(delta: ToolCallDelta): number {
    const last = this.#last === undefined ? undefined : this.#calls.get(this.#last);
    const newId = delta.id !== undefined && ![...this.#calls.values()].some((c) => c.id === delta.id);
    const newName = delta.name !== undefined && last !== undefined && last.name !== "";
    if (this.#last === undefined || newId || newName) return Math.max(-1, ...this.#calls.keys()) + 1;
    return this.#last;
  }

  /**
   * The calls in index order, or `undefined` when there are none or one has no name. A call sent
   * without an id gets `call_<index>`, so that its result can still name it.
   */
  whole(): ToolCall[] | undefined {
    const calls = [...this.#calls.entries()].sort(([a], [b]) => a - b);
    if (calls.length === 0 || calls.some(([, c]) => c.name === "")) return undefined;
    return calls.map(([index, c]) => ({ id: c.id || `call_${index}`, name: c.name, arguments: c.arguments }));
  }
}

interface ChunkParts {
  /** Looks like a `chat.completion.chunk` (has a `choices` array). */
  isChunk: boolean;
  text?: string;
  /**
   * Shows hidden reasoning: text in `reasoning` (OpenRouter) or `reasoning_content` (DeepSeek, vLLM),
   * or reasoning tokens counted in the usage.
   */
  reasoning: boolean;
  finish?: string | null;
  usage?: TeacherUsage;
  model?: string;
  toolCalls?: ToolCallDelta[];
}

/** Reads one parsed SSE event without trusting its shape: servers differ, and some are wrong. */
function readChunk(raw: unknown): ChunkParts {
  if (!isRecord(raw)) return { isChunk: false, reasoning: false };
  const choices = Array.isArray(raw["choices"]) ? (raw["choices"] as unknown[]) : undefined;
  const choice = choices?.find((c) => isRecord(c) && (c["index"] ?? 0) === 0);
  const delta = isRecord(choice) && isRecord(choice["delta"]) ? choice["delta"] : {};
  const content = readContent(delta["content"]);
  const text = content.text;
  const usageField = raw["usage"] ?? (isRecord(raw["x_groq"]) ? raw["x_groq"]["usage"] : undefined);
  const reasoning =
    content.thinking ||
    [delta["reasoning"], delta["reasoning_content"]].some((r) => typeof r === "string" && r !== "") ||
    reasoningTokens(usageField) > 0;
  const finish = isRecord(choice) && typeof choice["finish_reason"] === "string" ? choice["finish_reason"] : undefined;
  const usage = readUsage(usageField);
  const model = typeof raw["model"] === "string" && raw["model"] !== "" ? raw["model"] : undefined;
  const toolCalls = readToolCalls(delta["tool_calls"]);
  return {
    isChunk: choices !== undefined,
    reasoning,
    ...(text ? { text } : {}),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(finish !== undefined ? { finish } : {}),
    ...(usage ? { usage } : {}),
    ...(model ? { model } : {}),
  };
}

/**
 * `delta.content` as a string, or as an array of parts (Mistral's reasoning models): the `text`
 * parts are the answer; a `thinking` part is hidden reasoning.
 */
function readContent(content: unknown): { text?: string; thinking: boolean } {
  if (typeof content === "string") return content ? { text: content, thinking: false } : { thinking: false };
  if (!Array.isArray(content)) return { thinking: false };
  let text = "";
  let thinking = false;
  for (const part of content as unknown[]) {
    if (!isRecord(part)) continue;
    if (part["type"] === "text" && typeof part["text"] === "string") text += part["text"];
    else if (part["type"] === "thinking") thinking = true;
  }
  return text ? { text, thinking } : { thinking };
}

/** `delta.tool_calls`: each entry's index, id, function name and arguments fragment, where present. */
function readToolCalls(raw: unknown): ToolCallDelta[] {
  if (!Array.isArray(raw)) return [];
  return (raw as unknown[]).filter(isRecord).map((entry) => {
    const fn = isRecord(entry["function"]) ? entry["function"] : {};
    const index = entry["index"];
    return {
      ...(isCount(index) ? { index } : {}),
      ...(typeof entry["id"] === "string" && entry["id"] !== "" ? { id: entry["id"] } : {}),
      ...(typeof fn["name"] === "string" && fn["name"] !== "" ? { name: fn["name"] } : {}),
      ...(typeof fn["arguments"] === "string" ? { arguments: fn["arguments"] } : {}),
    };
  });
}

/**
 * `prompt_tokens` includes the cached ones, as OpenAI and OpenRouter count them; DeepSeek reports
 * its cache hits as `prompt_cache_hit_tokens`. Groq's older streams put this object in `x_groq`.
 */
function readUsage(raw: unknown): TeacherUsage | undefined {
  if (!isRecord(raw)) return undefined;
  const input = raw["prompt_tokens"];
  const output = raw["completion_tokens"];
  if (!isCount(input) || !isCount(output)) return undefined;
  const details = raw["prompt_tokens_details"];
  const cached =
    isRecord(details) && isCount(details["cached_tokens"])
      ? details["cached_tokens"]
      : isCount(raw["prompt_cache_hit_tokens"])
        ? raw["prompt_cache_hit_tokens"]
        : 0;
  const cost = raw["cost"];
  return {
    inputTokens: input,
    cachedInputTokens: cached,
    outputTokens: output,
    ...(typeof cost === "number" && Number.isFinite(cost) && cost >= 0 ? { providerCostUsd: cost } : {}),
  };
}

/** OpenAI streams no reasoning text, but counts it in the usage chunk. */
function reasoningTokens(usage: unknown): number {
  const details = isRecord(usage) ? usage["completion_tokens_details"] : undefined;
  return isRecord(details) && isCount(details["reasoning_tokens"]) ? details["reasoning_tokens"] : 0;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Fires `onIdle` after `ms` without a call to `arm`; remembers that it fired. */
class IdleTimer {
  fired = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  arm(): void {
    this.disarm();
    this.#timer = setTimeout(() => {
      this.fired = true;
      this.onIdle();
    }, this.ms);
  }

  disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Our idle timeout is reported exactly like the SDK's own connection timeout. */
  timeoutError(): Error {
    return new APIConnectionTimeoutError();
  }
}

/**
 * `fetch` that tells the SDK not to retry when the server asks for a wait longer than our own
 * timeout (`Retry-After: 60` on a 429): the SDK would sleep that long, unabortably, and the user
 * would see `timeout` instead of `rate-limited`.
 */
function noLongRetryFetch(maxWaitMs: number): Fetch {
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
