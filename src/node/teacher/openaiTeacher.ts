import { APIConnectionTimeoutError, OpenAI } from "openai";
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import { TeacherError } from "../../common/models/errors";
import { knownProvider, learn, type LearnedQuirk, type ProviderQuirks } from "../../common/models/providerQuirks";
import type { Teacher, TeacherChunk, TeacherFinish, TeacherGuideRequest, TeacherUsage } from "../../common/models/teacher";
import { estimateTokens } from "../../common/conversation/tokenCounter";
import { ChatStream, chatCompletionsUrl } from "../models/chatStream";
import { noLongRetryFetch, normalizedProviderResponses } from "./providerResponses";
import { readChunk, toFinish } from "./teacherChunk";
import { detectedFailure, refusedParameter, toTeacherError } from "./teacherErrors";
import { readCeiling } from "../../common/holds/teacherWorstCase";
import { reasoningEffortFor, requestBody, sentCap, type MaxTokensField, type ReasoningEffortValue } from "./teacherRequestBody";
import { ToolCallParts } from "./toolCallParts";

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

  /** The exact body `guide` sends for `request`. */
  requestBody(request: TeacherGuideRequest): ChatCompletionCreateParamsStreaming {
    return requestBody(request, {
      model: this.model,
      quirks: this.#quirks,
      maxTokensField: this.#maxTokensField,
      includeUsage: this.#includeUsage,
      reasoningEffort: this.#reasoningEffort,
      promptCacheKey: this.#promptCacheKey,
    });
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
    const url = chatCompletionsUrl(this.#baseURL);
    yield { type: "request", url, body };
    if (signal.aborted) return;
    const learned: LearnedQuirk[] = [];

    const stream = new ChatStream(client, signal, this.#timeoutMs);
    let requestId: string | undefined;
    const fail = (error: unknown): TeacherError =>
      toTeacherError(error, { timeoutMs: this.#timeoutMs, apiKey: this.#apiKey, requestId, baseURL: this.#baseURL });
    // Our idle timeout is reported exactly like the SDK's own connection timeout.
    const timedOut = (): TeacherError => fail(new APIConnectionTimeoutError());
    try {
      let opened = await stream.open(body);
      // A parameter refused by name is left out once, and remembered; a second refusal fails.
      const refused = opened.kind === "failed" ? refusedParameter(opened.error, body) : undefined;
      if (refused !== undefined) {
        const lesson: LearnedQuirk = { kind: "refused", parameter: refused };
        learned.push(lesson);
        this.#learn(lesson);
        body = this.requestBody(request);
        yield { type: "request", url, body };
        opened = await stream.open(body);
      }
      if (opened.kind === "aborted") return;
      if (opened.kind === "stalled") throw timedOut();
      if (opened.kind === "failed") throw fail(opened.error);
      requestId = opened.requestId;

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
      const ceiling = readCeiling(capTokens);
      // With tools the cap sent is raised for a call's arguments (see `sentCap`), so a text answer
      // is held to `maxTokens` here instead: we stop reading at it, and the provider bills what it
      // wrote until it saw the connection close (no usage chunk comes: the turn counts the cost).
      const textCap = capTokens > request.maxTokens ? request.maxTokens : undefined;
      const countText = this.#countTokens ?? (textCap !== undefined ? estimateTokens : undefined);
      for await (const raw of stream.chunks()) {
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
          if (counted >= ceiling && !seen.finish) {
            const lesson: LearnedQuirk = { kind: "cap-ignored", field: body.max_tokens !== undefined ? "max_tokens" : "max_completion_tokens" };
            learned.push(lesson);
            this.#learn(lesson);
            finish = "length";
            seen.finish = true;
            break;
          }
        }
      }
      const end = stream.end;
      if (end.kind === "aborted" || signal.aborted) return;
      // A stall after the finish reason costs only the usage chunk: keep the guidance.
      if (end.kind === "stalled" && !seen.finish) throw timedOut();
      if (end.kind === "failed") throw fail(end.error);
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
      throw fail(error);
    } finally {
      // Ends the request however guiding stopped: read to the end, an error, or a reader gone.
      stream.close();
    }
  }
}

