// The student over node-llama-cpp. Its parts, one a file: loading the model (`ModelLoad`), fitting
// a request to the context (`StudentFitter`), keeping each conversation's cache in step
// (`sessionCache`), writing (`generateAnswer`), auto mode's probe (`confidenceProbe`) and easing
// the threads (`useFewerThreads`).
import type { ChatHistoryItem, LlamaChatSession, Token } from "node-llama-cpp";
import type { ModelRequest } from "../../common/conversation/conversation";
import { StudentError } from "../../common/models/errors";
import type { Student, StudentChunk, StudentProbe, StudentRoom, StudentStats } from "../../common/models/student";
import { linkedAbort, untilAborted, type LinkedAbort } from "../../common/util/abort";
import { confidenceProbe } from "./confidenceProbe";
import { ContinuationText } from "./continuationText";
import { generateAnswer } from "./generateAnswer";
import type { GpuChoice } from "./llamaRuntime";
import { generationFailed } from "./llamaStudentErrors";
import { checkModelFile } from "./modelFileCheck";
import { ModelLoad, type LoadedModel } from "./modelLoad";
import { adoptHistory, settleCache } from "./sessionCache";
import { StudentFitter } from "./studentFitter";
import { limitNote, trimmedNote } from "./studentNotes";
import { TextChannel } from "../util/textChannel";
import { useFewerThreads } from "./threadEasing";

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
  /**
   * CPU threads for evaluation; `"auto"` uses one core fewer than the machine has (at least one),
   * so the editor and the rest of the machine keep a core. Never more than the cores there are.
   * Defaults to `"auto"`.
   */
  threads?: number | "auto";
  /**
   * Conversations whose caches are kept at once; the least recently used one gives its cache up
   * to a new one (and re-evaluates its history when it comes back). Defaults to `2`.
   */
  maxConversations?: number;
  /**
   * Most tokens the student writes per answer, after the forced prefix; less when the context has
   * less room left. Defaults to `1024`.
   */
  maxAnswerTokens?: number;
  /** Sampling temperature; `0` picks the likeliest token every time. Defaults to `0`. */
  temperature?: number;
  /**
   * Guess the next tokens by finding the last few written ones in the prompt, and check the guesses
   * in one evaluation (node-llama-cpp's `InputLookupTokenPredictor`): the same text, in fewer steps
   * when the answer repeats the question or its files. Defaults to `false` (`npm run bench`, row 9).
   */
  inputLookup?: boolean;
  /** Called with the fraction (0 to 1) of the model loaded so far. */
  onLoadProgress?: (fraction: number) => void;
}

/** The student over node-llama-cpp: one model, loaded on first use, one cache per conversation. */
export class LlamaStudent implements Student {
  private readonly options: Required<Omit<LlamaStudentOptions, "onLoadProgress">> & LlamaStudentOptions;
  private readonly model: ModelLoad;
  private readonly fitter: StudentFitter;
  /** Stops every preload and answer in progress, for `dispose`. */
  private readonly running = new Set<LinkedAbort>();

  constructor(options: LlamaStudentOptions) {
    this.options = { contextSize: "auto", gpuLayers: "auto", gpu: "auto", threads: "auto", maxConversations: 2, maxAnswerTokens: 1024, temperature: 0, inputLookup: false, ...options };
    const { modelPath, contextSize, gpuLayers, gpu, threads, maxConversations, onLoadProgress, inputLookup, maxAnswerTokens } = this.options;
    this.model = new ModelLoad({ modelPath, contextSize, gpuLayers, gpu, threads, sequences: maxConversations, onLoadProgress }, inputLookup);
    this.fitter = new StudentFitter(modelPath, maxAnswerTokens);
  }

  async preload(request: ModelRequest, signal: AbortSignal, prefix = ""): Promise<void> {
    // Tracked like an answer, so that `dispose` stops it instead of waiting for it.
    const stop = this.stopper(signal);
    try {
      const loaded = await untilAborted(this.model.get(), stop.signal);
      if (loaded === undefined) return;
      const forced = new ContinuationText(loaded.open.model, prefix).forcedPrefix;
      const { history, prompt } = this.fitter.fit(loaded.open, request, forced, false);
      await this.exclusive(loaded, request.conversationId, async (session) => {
        if (stop.signal.aborted) return;
        await adoptHistory(session, loaded.open, history, prompt);
        // `preloadPrompt` stops at the end of the user's text, leaving the chat template's turn
        // change and the answer's start for the handoff. Prompting for one token evaluates all of
        // it now; the handoff then reuses every cached token up to that one and evaluates the rest.
        await session
          .prompt(prompt, { responsePrefix: forced || undefined, maxTokens: 1, signal: stop.signal, stopOnAbortSignal: true, temperature: this.options.temperature })
          .catch((error: unknown) => {
            if (!stop.signal.aborted) throw error;
          });
      });
    } finally {
      stop.release();
    }
  }

  async *continue(request: ModelRequest, prefix: string, signal: AbortSignal): AsyncGenerator<StudentChunk> {
    // Our own controller, so that a consumer that stops iterating also stops the generation.
    const stop = this.stopper(signal);
    let run: Promise<StudentStats> | undefined;
    try {
      const loaded = await untilAborted(this.model.get(), stop.signal);
      if (loaded === undefined) {
        yield { type: "end", stats: { inputTokens: 0, outputTokens: 0, tokensPerSecond: 0 } };
        return;
      }
      const text = new ContinuationText(loaded.open.model, prefix);
      const fitted = this.fitter.fit(loaded.open, request, text.forcedPrefix);
      if (fitted.newlyDropped !== undefined) yield { type: "note", note: trimmedNote(fitted.newlyDropped, loaded.open.context.contextSize) };
      const channel = new TextChannel();
      const { temperature, inputLookup } = this.options;
      const generation = this.exclusive(loaded, request.conversationId, async (session) => {
        await adoptHistory(session, loaded.open, fitted.history, fitted.prompt);
        return generateAnswer(session, fitted, text, { temperature, inputLookup }, stop.signal, (fresh) => channel.push(fresh));
      });
      run = generation.then((g) => g.stats);
      run.then(() => channel.close(), () => channel.close());
      let written = "";
      for await (const fresh of channel.drain()) {
        written += fresh;
        yield { type: "text", text: fresh };
      }
      const { stats, hitLimit } = await generation;
      if (!stop.signal.aborted) {
        // The answer as the conversation keeps it, and the next turn will send it back.
        const answered: ChatHistoryItem[] = [...fitted.history, { type: "user", text: fitted.prompt }, { type: "model", response: [prefix + written] }];
        this.settle(loaded, request.conversationId, answered);
      }
      if (hitLimit) yield { type: "note", note: limitNote(fitted) };
      yield { type: "end", stats };
    } finally {
      stop.abort();
      stop.release();
      await run?.catch(() => undefined);
    }
  }

  /**
   * Evaluates the prompt into the conversation's cache as the chat session would for an answer
   * with no prefix, then writes greedily up to `tokens` tokens (at least one) on the bare sequence,
   * scoring each choice. The end of the answer (an end-of-generation token or the template's stop
   * text) counts as a choice in the confidence but not as a written token. The written tokens
   * stay in the cache only until the next `continue`, whose chat session erases what differs from
   * its own input, keeping the prompt.
   */
  async probe(request: ModelRequest, tokens: number, signal: AbortSignal): Promise<StudentProbe | undefined> {
    if (signal.aborted) return undefined; // not even a load for a question no longer asked
    const stop = this.stopper(signal);
    try {
      const loaded = await untilAborted(this.model.get(), stop.signal);
      if (loaded === undefined) return undefined;
      // The plan is not remembered: the answer's own `fit` must still see newly dropped messages
      // and say so.
      const fitted = this.fitter.fit(loaded.open, request, "", false);
      const limit = Math.max(1, Math.min(Math.floor(tokens), fitted.answerTokens));
      return await this.exclusive(loaded, request.conversationId, async (session) => {
        if (stop.signal.aborted) return undefined;
        await adoptHistory(session, loaded.open, fitted.history, fitted.prompt);
        try {
          return await confidenceProbe(session, loaded.open, fitted, limit, stop.signal);
        } catch (error) {
          // Stopped (or disposed) mid-evaluation: nothing to report, and not a failure.
          if (stop.signal.aborted) return undefined;
          throw error;
        }
      });
    } finally {
      stop.abort();
      stop.release();
    }
  }

  /** The file is there and starts like a GGUF model (a loaded model is known to be fine). */
  async check(): Promise<void> {
    if (this.model.now === undefined) await checkModelFile(this.options.modelPath);
  }

  useFewerThreads(): number | undefined {
    const open = this.model.now?.open;
    return open === undefined ? undefined : useFewerThreads(open);
  }

  /** Threads the student evaluates with; `undefined` before the model is loaded. */
  get threads(): number | undefined {
    return this.model.now?.open.context.currentThreads;
  }

  /**
   * The tokens a conversation's cache holds once the work queued on it is done, oldest first (its
   * last prompt and what was written after it): what its next turn can reuse. Empty when it has
   * no cache.
   */
  async cachedTokens(conversationId: string): Promise<readonly Token[]> {
    return (await this.model.now?.slots.cachedTokens(conversationId)) ?? [];
  }

  /** Tokens each conversation's context holds; `undefined` before the model is loaded. */
  get contextSize(): number | undefined {
    return this.model.now?.open.context.contextSize;
  }

  async room(signal: AbortSignal): Promise<StudentRoom | undefined> {
    const loaded = await untilAborted(this.model.get(), signal);
    if (loaded === undefined) return undefined;
    const { model, context } = loaded.open;
    return { promptTokens: this.fitter.promptTokens(context.contextSize), contextTokens: context.contextSize, count: (text) => model.tokenize(text).length };
  }

  /** Counts `text` in the model's own tokens (loads the model). */
  async countTokens(text: string): Promise<number> {
    return (await this.model.get()).open.model.tokenize(text).length;
  }

  /** The model file this student reads. */
  get modelPath(): string {
    return this.options.modelPath;
  }

  /** Whether the model is loaded (or loading); nothing loads before the first call. */
  get isLoaded(): boolean {
    return this.model.started;
  }

  /**
   * Stops what is running (answers end with their `end` chunk, as when aborted), then frees the
   * sessions, the context and the model; the process-wide llama.cpp backend stays.
   */
  async dispose(): Promise<void> {
    // Closed first, so that nothing stopped here loads the model again.
    const freed = this.model.dispose();
    for (const stop of this.running) stop.abort();
    await freed;
  }

  /**
   * Queues `settleCache` behind the answer just written, so that it runs while its reader reads,
   * and the next turn, queued after it, finds the answer as it will read it.
   */
  private settle(loaded: LoadedModel, conversationId: string, history: ChatHistoryItem[]): void {
    const stop = this.stopper(new AbortController().signal);
    void this.exclusive(loaded, conversationId, (session) => settleCache(session, loaded.open, history, stop.signal))
      .catch(() => undefined)
      .finally(() => stop.release());
  }

  /** An abort controller that follows `signal` and `dispose`; `release` when done with it. */
  private stopper(signal: AbortSignal): LinkedAbort {
    const linked = linkedAbort(signal);
    const stop: LinkedAbort = {
      signal: linked.signal,
      abort: linked.abort,
      release: () => {
        linked.release();
        this.running.delete(stop);
      },
    };
    this.running.add(stop);
    return stop;
  }

  /** Runs `work` on the conversation's session, in turn with the other work on it. */
  private exclusive<T>(loaded: LoadedModel, conversationId: string, work: (session: LlamaChatSession) => Promise<T>): Promise<T> {
    return loaded.slots.run(conversationId, work).catch((error: unknown) => {
      throw error instanceof StudentError ? error : generationFailed(error, this.options.modelPath);
    });
  }
}
