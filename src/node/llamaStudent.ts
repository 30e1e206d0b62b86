import type { ChatHistoryItem, LlamaChatSession, LlamaModel } from "node-llama-cpp";
import type { ModelRequest } from "../common/conversation";
import { StudentError } from "../common/errors";
import type { Student, StudentChunk, StudentStats } from "../common/student";
import { ContinuationText } from "./continuationText";
import { ConversationSlots } from "./conversationSlots";
import { openModel } from "./llamaRuntime";
import type { GpuChoice, OpenModel } from "./llamaRuntime";
import { TextChannel } from "./textChannel";

export interface LlamaStudentOptions {
  /** Path to a local `.gguf` model file. */
  modelPath: string;
  /**
   * Tokens each conversation can hold. Every conversation gets its own cache of this size, so
   * memory grows with `contextSize × maxConversations`. `"auto"`: the model's training context,
   * at most 4096. Defaults to `"auto"`.
   */
  contextSize?: number | "auto";
  /** Layers to put on the GPU; `"auto"` fits as many as memory allows. Defaults to `"auto"`. */
  gpuLayers?: number | "auto";
  /** `"auto"` uses a GPU when one works here and falls back to the CPU; `false` is CPU only. Defaults to `"auto"`. */
  gpu?: GpuChoice;
  /** CPU threads for evaluation; `"auto"` lets llama.cpp decide. Defaults to `"auto"`. */
  threads?: number | "auto";
  /**
   * Conversations whose caches are kept at once; the least recently used one gives its cache up
   * to a new one (and re-evaluates its history when it comes back). Defaults to `2`.
   */
  maxConversations?: number;
  /** Most tokens the student writes per answer, after the forced prefix. Defaults to `1024`. */
  maxAnswerTokens?: number;
  /** Sampling temperature; `0` picks the likeliest token every time. Defaults to `0`. */
  temperature?: number;
  /** Called with the fraction (0 to 1) of the model loaded so far. */
  onLoadProgress?: (fraction: number) => void;
}

/** A loaded model and the conversations using it. */
interface Loaded {
  open: OpenModel;
  slots: ConversationSlots;
}

/** The student over node-llama-cpp: one model, loaded on first use, one cache per conversation. */
export class LlamaStudent implements Student {
  private readonly options: Required<Omit<LlamaStudentOptions, "onLoadProgress">> & LlamaStudentOptions;
  private loading: Promise<Loaded> | undefined;
  /** Stops every preload and answer in progress, for `dispose`. */
  private readonly running = new Set<AbortController>();
  private disposed = false;

  constructor(options: LlamaStudentOptions) {
    this.options = { contextSize: "auto", gpuLayers: "auto", gpu: "auto", threads: "auto", maxConversations: 2, maxAnswerTokens: 1024, temperature: 0, ...options };
  }

  async preload(request: ModelRequest, signal: AbortSignal, prefix = ""): Promise<void> {
    const loaded = await untilAborted(this.load(), signal);
    if (loaded === undefined) return;
    const { history, prompt } = toChatHistory(request, this.options.modelPath);
    const forced = new ContinuationText(loaded.open.model, prefix).forcedPrefix;
    await this.exclusive(loaded, request.conversationId, async (session) => {
      if (signal.aborted) return;
      applyHistory(session, history);
      // `preloadPrompt` stops at the end of the user's text, leaving the chat template's turn
      // change and the answer's start for the handoff. Prompting for one token evaluates all of
      // it now; the handoff then reuses every cached token up to that one and evaluates the rest.
      await session
        .prompt(prompt, { responsePrefix: forced || undefined, maxTokens: 1, signal, stopOnAbortSignal: true, temperature: this.options.temperature })
        .catch((error: unknown) => {
          if (!signal.aborted) throw error;
        });
    });
  }

  async *continue(request: ModelRequest, prefix: string, signal: AbortSignal): AsyncGenerator<StudentChunk> {
    // Our own controller, so that a consumer that stops iterating also stops the generation.
    const stop = this.stopper(signal);
    let run: Promise<StudentStats> | undefined;
    try {
      const loaded = await untilAborted(this.load(), stop.signal);
      if (loaded === undefined) {
        yield { type: "end", stats: { inputTokens: 0, outputTokens: 0, tokensPerSecond: 0 } };
        return;
      }
      const { history, prompt } = toChatHistory(request, this.options.modelPath);
      const channel = new TextChannel();
      run = this.exclusive(loaded, request.conversationId, (session) => {
        applyHistory(session, history);
        return this.generate(loaded.open.model, session, prompt, prefix, stop.signal, (text) => channel.push(text));
      });
      run.then(() => channel.close(), () => channel.close());
      for await (const text of channel.drain()) yield { type: "text", text };
      yield { type: "end", stats: await run };
    } finally {
      stop.abort();
      stop.release();
      await run?.catch(() => undefined);
    }
  }

  /** Counts `text` in the model's own tokens (loads the model). */
  async countTokens(text: string): Promise<number> {
    return (await this.load()).open.model.tokenize(text).length;
  }

  /** Whether the model is loaded (or loading); nothing loads before the first call. */
  get isLoaded(): boolean {
    return this.loading !== undefined;
  }

  /**
   * Stops what is running (answers end with their `end` chunk, as when aborted), then frees the
   * sessions, the context and the model; the process-wide llama.cpp backend stays.
   */
  async dispose(): Promise<void> {
    this.disposed = true;
    const loading = this.loading;
    this.loading = undefined;
    for (const stop of this.running) stop.abort();
    const loaded = await loading?.catch(() => undefined);
    await loaded?.slots.dispose();
    await loaded?.open.context.dispose();
    await loaded?.open.model.dispose();
  }

  private async generate(
    model: LlamaModel,
    session: LlamaChatSession,
    prompt: string,
    prefix: string,
    signal: AbortSignal,
    emit: (text: string) => void,
  ): Promise<StudentStats> {
    const meter = session.sequence.tokenMeter;
    const before = meter.getState();
    const text = new ContinuationText(model, prefix);
    let first: { at: number; tokens: number } | undefined;
    let last = { at: 0, tokens: 0 };
    try {
      if (!signal.aborted) {
        await session.prompt(prompt, {
          responsePrefix: text.forcedPrefix || undefined,
          signal,
          stopOnAbortSignal: true,
          maxTokens: this.options.maxAnswerTokens,
          temperature: this.options.temperature,
          onResponseChunk: (chunk) => {
            if (chunk.type !== undefined) return; // thoughts are not part of the answer
            const generated = meter.usedOutputTokens - before.usedOutputTokens;
            if (generated > 0) {
              last = { at: performance.now(), tokens: generated };
              first ??= last;
            }
            const fresh = text.accept(chunk.text, chunk.tokens);
            if (fresh !== "") emit(fresh);
          },
        });
      }
    } catch (error) {
      // Stopped before the answer began: nothing to keep, and not a failure.
      if (!signal.aborted) throw error;
    }
    const used = meter.diff(before);
    const seconds = first === undefined ? 0 : (last.at - first.at) / 1000;
    return {
      inputTokens: used.usedInputTokens,
      outputTokens: used.usedOutputTokens,
      tokensPerSecond: first !== undefined && seconds > 0 ? (last.tokens - first.tokens) / seconds : 0,
    };
  }

  /** An abort controller that follows `signal` and `dispose`; `release` when done with it. */
  private stopper(signal: AbortSignal): AbortController & { release(): void } {
    const stop = Object.assign(new AbortController(), {
      release: () => {
        signal.removeEventListener("abort", forward);
        this.running.delete(stop);
      },
    });
    const forward = () => stop.abort();
    signal.addEventListener("abort", forward, { once: true });
    if (signal.aborted) stop.abort();
    this.running.add(stop);
    return stop;
  }

  /** Runs `work` on the conversation's session, in turn with the other work on it. */
  private exclusive<T>(loaded: Loaded, conversationId: string, work: (session: LlamaChatSession) => Promise<T>): Promise<T> {
    return loaded.slots.run(conversationId, work).catch((error: unknown) => {
      throw error instanceof StudentError ? error : generationFailed(error, this.options.modelPath);
    });
  }

  /** The loaded model; concurrent first calls share one load, and a failed load is retried next time. */
  private load(): Promise<Loaded> {
    if (this.disposed) return Promise.reject(closedError(this.options.modelPath));
    if (this.loading === undefined) {
      const loading = this.loadModel();
      this.loading = loading;
      loading.catch(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    }
    return this.loading;
  }

  private async loadModel(): Promise<Loaded> {
    const { modelPath, contextSize, gpuLayers, gpu, threads, maxConversations, onLoadProgress } = this.options;
    const open = await openModel({ modelPath, contextSize, gpuLayers, gpu, threads, sequences: maxConversations, onLoadProgress });
    if (this.disposed) {
      await open.model.dispose();
      throw closedError(modelPath);
    }
    return { open, slots: new ConversationSlots(open) };
  }
}

/** The request as node-llama-cpp's chat history, plus the new user message to prompt with. */
function toChatHistory(request: ModelRequest, modelPath: string): { history: ChatHistoryItem[]; prompt: string } {
  const last = request.messages.at(-1);
  if (last?.role !== "user") throw new StudentError("generation-failed", "The request to the local model does not end with a user message.", modelPath);
  const history: ChatHistoryItem[] = request.system === "" ? [] : [{ type: "system", text: request.system }];
  for (const message of request.messages.slice(0, -1)) {
    history.push(message.role === "user" ? { type: "user", text: message.content } : { type: "model", response: [message.content] });
  }
  return { history, prompt: last.content };
}

/** Replaces the session's history only when it differs, so node-llama-cpp keeps its evaluation state. */
function applyHistory(session: LlamaChatSession, history: ChatHistoryItem[]): void {
  if (JSON.stringify(session.getChatHistory()) !== JSON.stringify(history)) session.setChatHistory(history);
}

/** Resolves with `promise`'s value, or with `undefined` as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** A student is closed when its settings change; the next answer uses the new one. */
function closedError(modelPath: string): StudentError {
  return new StudentError("load-failed", `The local model “${modelPath}” was closed. Send the message again.`, modelPath);
}

function generationFailed(error: unknown, modelPath: string): StudentError {
  return new StudentError("generation-failed", `The local model “${modelPath}” failed while writing (${firstLine(error)}). Try again.`, modelPath);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n", 1)[0]?.trim() || "unknown error";
}
