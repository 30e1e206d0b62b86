// The student on a shared inference server (vLLM, SGLang, TGI, llama.cpp's server, Ollama) over
// the OpenAI wire format: the teacher's opening goes as the start of the assistant's message and
// the server continues it. Same contract as the local model, so every mode and face works as is.
import OpenAI from "openai";
import type { ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ModelRequest } from "../../common/conversation/conversation";
import { linkedAbort } from "../../common/util/abort";
import { HeldSpace, splitTrailingSpace } from "../../common/models/openingSpace";
import { hostOf, originOf } from "../../common/util/originOf";
import { ChatStream, chatCompletionsUrl, type ChatStreamEnd } from "../models/chatStream";
import type { STUDENT_CONTINUATIONS } from "../../common/settings/settings";
import type { Student, StudentBill, StudentChunk, StudentProbe } from "../../common/models/student";
import { FoundServers, type FoundServer, type ServerCheck } from "./continuationDiscovery";
import { checkRoom } from "./serverCheck";
import { continuationFields, ENGINE_FACTS, type ContinuationWay } from "./serverEngines";
import { serverFetch } from "./serverFetch";
import { CHECK_CONVERSATION, ServerCharges } from "./serverCharges";
import { serverFailure, serverStalled, type FailureContext } from "./serverStudentFailure";

export type { ContinuationWay } from "./serverEngines";

export interface ServerStudentOptions {
  baseURL: string;
  model: string;
  /** Sent as a bearer token; servers on a team's network often need none. */
  apiKey?: string;
  /** `"auto"` finds the way from the engine once per server and model, on the first guided answer; either way it is checked there. */
  continuation?: (typeof STUDENT_CONTINUATIONS)[number];
  maxAnswerTokens?: number;
  temperature?: number;
  /** How long a request may go without a byte before it counts as failed. */
  timeoutMs?: number;
  /** US dollars per million tokens the server reports (prompt and written alike); 0 or absent: free. */
  pricePerMillion?: number;
  info?: (line: string) => void;
  /**
   * What is known of the servers found so far, from whoever composes the students, so that a
   * student made again (a new key, say) does not check its server again; a fresh one when absent.
   */
  servers?: FoundServers;
}

/** How long a request may go without a byte: a big model on a shared GPU may queue a while. */
const DEFAULT_TIMEOUT_MS = 60_000;

const DEFAULT_MAX_ANSWER_TOKENS = 1024;

export class ServerStudent implements Student {
  readonly #client: OpenAI;
  readonly #key: string;
  readonly #charges: ServerCharges;
  readonly #servers: FoundServers;

  constructor(private readonly options: ServerStudentOptions) {
    this.#client = new OpenAI({
      baseURL: options.baseURL,
      // The SDK insists on a key; a server without one ignores the header.
      apiKey: options.apiKey || "none",
      organization: null,
      project: null,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxRetries: 0,
      logLevel: "off",
      fetch: serverFetch,
    });
    this.#charges = new ServerCharges(options.pricePerMillion ?? 0);
    this.#servers = options.servers ?? new FoundServers();
    // The way set by hand is part of what is found: the same server checked with another way is another finding.
    this.#key = `${options.baseURL.replace(/\/+$/, "")} ${options.model} ${options.continuation ?? "auto"}`;
  }

  /** The way in use, once the server is found. */
  get way(): ContinuationWay | undefined {
    return this.#servers.known(this.#key)?.way;
  }

  /**
   * Before the teacher is paid for an opening: the server answers, serves the model, continues an
   * opening rather than starting a new reply, and holds `request` with the opening and the answer
   * (see continuationDiscovery and serverCheck). The server is found once (per `FoundServers`); the room is checked for each answer.
   */
  async check(request?: ModelRequest, openingTokens = 0): Promise<void> {
    try {
      const before = this.#servers.known(this.#key);
      const server = await this.#servers.find(this.#key, this.serverCheck());
      if (!before) this.found(server);
      if (request) await checkRoom(server, this.serverCheck(), { messages: this.messages(request, ""), openingTokens, maxAnswerTokens: this.maxAnswerTokens });
    } catch (e) {
      throw serverFailure(e, this.failureContext);
    }
  }

  /**
   * Asks for one token so the server's prefix cache holds the prompt (and the opening so far). A
   * server with a price is sent the prompt alone: each request is billed for its whole prompt, so
   * following the opening piece by piece would pay for the prompt again each time.
   */
  async preload(request: ModelRequest, signal: AbortSignal, prefix = ""): Promise<void> {
    if (signal.aborted || (this.#charges.priced && prefix !== "")) return;
    // A signal of its own: the SDK never removes the listener it adds, and a turn sends a preload
    // for each piece of the opening on the same signal.
    const one = linkedAbort(signal);
    try {
      const r = await this.#client.chat.completions.create({ model: this.options.model, messages: this.messages(request, prefix), max_tokens: 1, temperature: 0, ...this.fields(prefix !== "") } as OpenAI.ChatCompletionCreateParamsNonStreaming, { signal: one.signal });
      this.#charges.owe(request.conversationId, r.usage);
    } catch (e) {
      if (signal.aborted) return;
      throw serverFailure(e, this.failureContext);
    } finally {
      one.release();
    }
  }

  async *continue(request: ModelRequest, prefix: string, signal: AbortSignal): AsyncIterable<StudentChunk> {
    const body: ChatCompletionCreateParamsStreaming = {
      model: this.options.model,
      messages: this.messages(request, prefix),
      max_tokens: this.maxAnswerTokens,
      temperature: this.options.temperature ?? 0,
      stream: true,
      stream_options: { include_usage: true },
      ...this.fields(prefix !== ""),
    };
    // Whitespace the opening was sent without (TGI) is on screen already: the server's own stands in for it.
    const space = new HeldSpace(this.trimsOpening ? splitTrailingSpace(prefix).held : "");
    let first: number | undefined;
    let last = 0;
    let pieces = 0;
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null | undefined;
    yield { type: "request", url: chatCompletionsUrl(this.#client.baseURL), body };
    // The SDK's timeout covers only the wait for the response's headers; a stream that stops
    // mid-answer is caught by the same time without a chunk.
    const stream = new ChatStream(this.#client, signal, this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    let end: ChatStreamEnd;
    try {
      const opened = await stream.open(body);
      if (opened.kind === "open") {
        for await (const chunk of stream.chunks()) {
          if (chunk.usage) usage = chunk.usage;
          const choice = chunk.choices[0];
          if (choice?.finish_reason) finish = choice.finish_reason;
          const text = typeof choice?.delta?.content === "string" ? space.take(choice.delta.content) : "";
          if (text !== "") {
            first ??= performance.now();
            last = performance.now();
            pieces++;
            yield { type: "text", text };
          }
        }
      }
      end = opened.kind === "open" ? stream.end : opened;
    } finally {
      stream.close();
    }
    if (end.kind === "stalled" || end.kind === "failed") this.#servers.forget(this.#key); // found again before the next opening is paid for
    if (end.kind === "stalled") throw serverStalled(this.failureContext, pieces > 0);
    if (end.kind === "failed") throw serverFailure(end.error, this.failureContext, pieces > 0, prefix !== "");
    const outputTokens = usage?.completion_tokens ?? pieces;
    if (finish === "length") {
      // Stopped short of what was asked: the server's own cap, or its context full, cut it.
      const message =
        typeof body.max_tokens === "number" && outputTokens < body.max_tokens
          ? `Cut at the student server's own length limit, after ${outputTokens} of the ${body.max_tokens} tokens asked for (its answer cap, or its context is full).`
          : `Cut at the length limit (${body.max_tokens} tokens). Raise “headstart.student.maxAnswerTokens” for longer answers.`;
      yield { type: "note", note: { reason: "length-limit", message } };
    }
    const seconds = first !== undefined && last > first ? (last - first) / 1000 : 0;
    const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
    const serverUsd = this.#charges.charge(request.conversationId, usage);
    yield {
      type: "end",
      stats: {
        inputTokens: Math.max(0, (usage?.prompt_tokens ?? 0) - cached),
        outputTokens,
        tokensPerSecond: seconds > 0 ? Math.max(0, outputTokens - 1) / seconds : 0,
        server: hostOf(this.options.baseURL),
        ...(serverUsd !== undefined ? { serverUsd } : {}),
      },
    };
  }

  /**
   * Auto mode's question, from the server's `logprobs`: the mean probability of the tokens it
   * chose. A server that gives none leaves the student unsure, so the teacher is asked.
   */
  async probe(request: ModelRequest, tokens: number, signal: AbortSignal): Promise<StudentProbe | undefined> {
    if (signal.aborted) return undefined;
    try {
      const r = await this.#client.chat.completions.create({ model: this.options.model, messages: this.messages(request, ""), max_tokens: tokens, temperature: 0, logprobs: true, ...this.fields(false) } as OpenAI.ChatCompletionCreateParamsNonStreaming, { signal });
      this.#charges.owe(request.conversationId, r.usage);
      const chosen = r.choices[0]?.logprobs?.content ?? [];
      if (chosen.length === 0) return undefined;
      return { confidence: chosen.reduce((sum, t) => sum + Math.exp(t.logprob), 0) / chosen.length, tokens: chosen.length };
    } catch (e) {
      if (signal.aborted) return undefined;
      throw serverFailure(e, this.failureContext);
    }
  }

  /** With a price, the most this answer can bill, before anything is sent (see ServerCharges). */
  bill(request: ModelRequest, openingTokens: number): StudentBill | undefined {
    if (!this.#charges.priced) return undefined;
    const worstUsd = this.#charges.worstUsd(request, openingTokens, this.maxAnswerTokens, this.#servers.known(this.#key) !== undefined);
    return { model: this.options.model, origin: originOf(this.options.baseURL), worstUsd };
  }

  private get maxAnswerTokens(): number {
    return this.options.maxAnswerTokens ?? DEFAULT_MAX_ANSWER_TOKENS;
  }

  /** The conversation, and the opening as the server is sent it (TGI's without its trailing whitespace). */
  private messages(request: ModelRequest, prefix: string): ChatCompletionMessageParam[] {
    const opening = this.trimsOpening ? splitTrailingSpace(prefix).sent : prefix;
    return [{ role: "system", content: request.system }, ...request.messages, ...(opening ? [{ role: "assistant" as const, content: opening }] : [])];
  }

  private get trimsOpening(): boolean {
    return ENGINE_FACTS[this.#servers.known(this.#key)?.engine ?? "other"].trimsOpening;
  }

  /** The body's fields for the server as found: the continuation's (with an opening) and the thinking switch. */
  private fields(opening: boolean): Record<string, unknown> {
    const server = this.#servers.known(this.#key);
    const setting = this.options.continuation ?? "auto";
    return continuationFields(server?.engine ?? "other", server?.way ?? (setting === "auto" ? "trailing-assistant" : setting), opening);
  }

  /** What the check needs of this student: its client, how it is named, and a request sent as the answers are. */
  private serverCheck(): ServerCheck {
    return {
      ask: { client: this.#client, baseURL: this.options.baseURL, model: this.options.model },
      where: this.where,
      continuation: this.options.continuation ?? "auto",
      sendOne: async (messages, fields) => {
        const r = await this.#client.chat.completions.create({ model: this.options.model, messages, max_tokens: 1, temperature: 0, ...fields } as OpenAI.ChatCompletionCreateParamsNonStreaming);
        this.#charges.owe(CHECK_CONVERSATION, r.usage);
      },
    };
  }

  private found(server: FoundServer): void {
    const facts = ENGINE_FACTS[server.engine];
    const how = server.way === "continue-final-message" ? "continue_final_message" : "a trailing assistant message";
    const context = server.contextTokens === undefined ? "its context unknown" : `context ${server.contextTokens.toLocaleString("en-US")} tokens (${facts.contextName}${server.contextAssumed ? ", assumed" : ""})`;
    this.options.info?.(`Student server ${this.options.baseURL} (${this.options.model}): ${facts.name}, continues the opening by ${how}; ${context}.`);
  }

  private get where(): string {
    return `The student server (${this.options.baseURL}, model ${this.options.model})`;
  }

  private get failureContext(): FailureContext {
    return { where: this.where, keySent: Boolean(this.options.apiKey), timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  }
}
