// One streamed Chat Completions request over the openai SDK, for the teacher and a student server
// alike: one controller ends the request for every reason, a server silent for too long is
// stopped, and how the stream ended is told plainly. What to tell the user stays with each caller.
import type { OpenAI } from "openai";
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions";
import { linkedAbort, untilAborted, type LinkedAbort } from "../../common/util/abort";
import { IdleTimer } from "../util/idleTimer";

/** Why a stream stopped, or never began. */
export type ChatStreamEnd =
  /** The server ended the stream, or the reader stopped reading. */
  | { kind: "ended" }
  /** The caller's signal aborted; this wins over a stall or an error that came with it. */
  | { kind: "aborted" }
  /** Nothing came for the idle time: before the response began, or between two chunks. */
  | { kind: "stalled" }
  /** The SDK threw: an HTTP error status, a connection refused or broken, a body it cannot read. */
  | { kind: "failed"; error: unknown };

/** What `open` resolves with: the stream has begun, or the reason it did not. */
export type ChatStreamOpening = { kind: "open"; requestId: string | undefined } | Exclude<ChatStreamEnd, { kind: "ended" }>;

/** The address a Chat Completions request to `baseURL` goes to, as shown with what was sent. */
export function chatCompletionsUrl(baseURL: string): string {
  return `${baseURL.replace(/\/+$/, "")}/chat/completions`;
}

/**
 * A streamed request: `open` sends it (again, with another body, after a failure the caller can
 * mend), `chunks` reads it, `end` says how reading stopped, and `close` ends it whatever happened.
 * The idle time bounds the wait for the response and then for each next chunk; the time a reader
 * spends on a chunk is not counted.
 */
export class ChatStream {
  readonly #client: OpenAI;
  readonly #signal: AbortSignal;
  readonly #call: LinkedAbort;
  readonly #idle: IdleTimer;
  #stream: AsyncIterable<ChatCompletionChunk> | undefined;
  #end: ChatStreamEnd = { kind: "ended" };

  constructor(client: OpenAI, signal: AbortSignal, idleMs: number) {
    this.#client = client;
    this.#signal = signal;
    this.#call = linkedAbort(signal);
    this.#idle = new IdleTimer(idleMs, this.#call.abort);
  }

  /** Sends `body`; resolves once the response has begun, or with why it did not. */
  async open(body: ChatCompletionCreateParamsStreaming): Promise<ChatStreamOpening> {
    this.#idle.arm();
    try {
      const started = this.#client.chat.completions.create(body, { signal: this.#call.signal }).withResponse();
      // Raced against the abort: a request that ignores it must not hold the caller.
      const response = await untilAborted(started, this.#call.signal);
      if (response === undefined) return this.#interrupted() ?? { kind: "aborted" };
      this.#stream = response.data;
      return { kind: "open", requestId: response.request_id ?? undefined };
    } catch (error) {
      return this.#interrupted() ?? { kind: "failed", error };
    } finally {
      this.#idle.disarm();
    }
  }

  /** The chunks of the opened response, in order, until it ends; then `end` says how. */
  async *chunks(): AsyncGenerator<ChatCompletionChunk, void> {
    const stream = this.#stream;
    if (stream === undefined) throw new Error("ChatStream.chunks before a successful open");
    this.#idle.arm();
    try {
      for await (const chunk of stream) {
        this.#idle.disarm();
        yield chunk;
        this.#idle.arm();
      }
      // The SDK ends an aborted stream quietly, without throwing: the abort says why it ended.
      this.#end = this.#interrupted() ?? { kind: "ended" };
    } catch (error) {
      this.#end = this.#interrupted() ?? { kind: "failed", error };
    } finally {
      this.#idle.disarm();
    }
  }

  /** How `chunks` stopped; `ended` before then, and when the reader stopped reading. */
  get end(): ChatStreamEnd {
    return this.#end;
  }

  /** Ends the request, read to the end or not, and stops following the caller's signal. */
  close(): void {
    this.#idle.disarm();
    this.#call.release();
    this.#call.abort();
  }

  /** The caller's abort or our own, when either stopped the request. */
  #interrupted(): Extract<ChatStreamEnd, { kind: "aborted" | "stalled" }> | undefined {
    if (this.#signal.aborted) return { kind: "aborted" };
    if (this.#idle.fired) return { kind: "stalled" };
    return undefined;
  }
}
