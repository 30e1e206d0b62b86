import type { ChatHistoryItem, LlamaChatSession, Token } from "node-llama-cpp";
import type { ModelRequest } from "../common/conversation";
import { StudentError } from "../common/errors";
import type { Student, StudentChunk, StudentNote, StudentProbe, StudentRoom, StudentStats } from "../common/student";
import { removedSpan } from "../common/removedSpan";
import { planStudentContext, promptRoom } from "../common/studentContextPlan";
import { ContinuationText } from "./continuationText";
import { ConversationSlots } from "./conversationSlots";
import { openModel } from "./llamaRuntime";
import { checkModelFile } from "./modelFileCheck";
import type { GpuChoice, OpenModel } from "./llamaRuntime";
import { TextChannel } from "./textChannel";
import { linkedAbort, untilAborted, type LinkedAbort } from "../common/abort";
import { errorMessage } from "../common/errorMessage";

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

/** A loaded model and the conversations using it. */
interface Loaded {
  open: OpenModel;
  slots: ConversationSlots;
}

/** The request as the student will see it: what fits its context, and how long it may answer. */
interface Fitted {
  history: ChatHistoryItem[];
  prompt: string;
  answerTokens: number;
  /** Whether the answer is capped by the room left in the context rather than by the setting. */
  cappedByContext: boolean;
  /** Set the first time this conversation's oldest messages are left out: how many are. */
  newlyDropped?: number;
}

/** Room kept free for the chat template's tokens that the per-message estimate may miss. */
const TEMPLATE_SLACK_TOKENS = 8;

/** The student over node-llama-cpp: one model, loaded on first use, one cache per conversation. */
export class LlamaStudent implements Student {
  private readonly options: Required<Omit<LlamaStudentOptions, "onLoadProgress">> & LlamaStudentOptions;
  private loading: Promise<Loaded> | undefined;
  /** Stops every preload and answer in progress, for `dispose`. */
  private readonly running = new Set<LinkedAbort>();
  private disposed = false;
  /** The loaded model, once `loading` has resolved. */
  private loadedNow: Loaded | undefined;
  /** Per conversation: how many of its earliest messages no longer fit and are left out. */
  private readonly dropped = new Map<string, number>();
  /** Token counts of each request's messages, so the preloads and the answer count them once. */
  private readonly counted = new WeakMap<ModelRequest, { messages: number[]; fixedByPrefix: Map<string, number> }>();

  constructor(options: LlamaStudentOptions) {
    this.options = { contextSize: "auto", gpuLayers: "auto", gpu: "auto", threads: "auto", maxConversations: 2, maxAnswerTokens: 1024, temperature: 0, inputLookup: false, ...options };
  }

  async preload(request: ModelRequest, signal: AbortSignal, prefix = ""): Promise<void> {
    // Tracked like an answer, so that `dispose` stops it instead of waiting for it.
    const stop = this.stopper(signal);
    try {
      const loaded = await untilAborted(this.load(), stop.signal);
      if (loaded === undefined) return;
      const forced = new ContinuationText(loaded.open.model, prefix).forcedPrefix;
      const { history, prompt } = this.fit(loaded, request, forced, false);
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
      const loaded = await untilAborted(this.load(), stop.signal);
      if (loaded === undefined) {
        yield { type: "end", stats: { inputTokens: 0, outputTokens: 0, tokensPerSecond: 0 } };
        return;
      }
      const text = new ContinuationText(loaded.open.model, prefix);
      const fitted = this.fit(loaded, request, text.forcedPrefix);
      if (fitted.newlyDropped !== undefined) yield { type: "note", note: trimmedNote(fitted.newlyDropped, loaded.open.context.contextSize) };
      const channel = new TextChannel();
      const generation = this.exclusive(loaded, request.conversationId, async (session) => {
        await adoptHistory(session, loaded.open, fitted.history, fitted.prompt);
        return this.generate(session, fitted, text, stop.signal, (fresh) => channel.push(fresh));
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
      const loaded = await untilAborted(this.load(), stop.signal);
      if (loaded === undefined) return undefined;
      // The plan is not remembered: the answer's own `fit` must still see newly dropped messages
      // and say so.
      const fitted = this.fit(loaded, request, "", false);
      const limit = Math.max(1, Math.min(Math.floor(tokens), fitted.answerTokens));
      return await this.exclusive(loaded, request.conversationId, async (session) => {
        if (stop.signal.aborted) return undefined;
        await adoptHistory(session, loaded.open, fitted.history, fitted.prompt);
        try {
          return await probeSession(session, loaded.open, fitted, limit, stop.signal);
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
    if (this.loadedNow === undefined) await checkModelFile(this.options.modelPath);
  }

  useFewerThreads(): number | undefined {
    const open = this.loadedNow?.open;
    if (open === undefined) return undefined;
    // The threads evaluating now: the context's, within the process-wide cap (openModel sets one).
    const current = Math.min(open.context.currentThreads, open.model.llama.maxThreads);
    if (current <= 1) return undefined;
    open.model.llama.maxThreads = Math.floor(current / 2);
    return open.model.llama.maxThreads;
  }

  /** Threads the student evaluates with; `undefined` before the model is loaded. */
  get threads(): number | undefined {
    return this.loadedNow?.open.context.currentThreads;
  }

  /**
   * The tokens a conversation's cache holds once the work queued on it is done, oldest first (its
   * last prompt and what was written after it): what its next turn can reuse. Empty when it has
   * no cache.
   */
  async cachedTokens(conversationId: string): Promise<readonly Token[]> {
    return (await this.loadedNow?.slots.cachedTokens(conversationId)) ?? [];
  }

  /** Tokens each conversation's context holds; `undefined` before the model is loaded. */
  get contextSize(): number | undefined {
    return this.loadedNow?.open.context.contextSize;
  }

  async room(signal: AbortSignal): Promise<StudentRoom | undefined> {
    const loaded = await untilAborted(this.load(), signal);
    if (loaded === undefined) return undefined;
    const { model, context } = loaded.open;
    // The context as `fit` plans it: less the template's slack.
    const promptTokens = promptRoom(context.contextSize - TEMPLATE_SLACK_TOKENS, this.options.maxAnswerTokens);
    return { promptTokens, contextTokens: context.contextSize, count: (text) => model.tokenize(text).length };
  }

  /** Counts `text` in the model's own tokens (loads the model). */
  async countTokens(text: string): Promise<number> {
    return (await this.load()).open.model.tokenize(text).length;
  }

  /** The model file this student reads. */
  get modelPath(): string {
    return this.options.modelPath;
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
    this.loadedNow = undefined;
    for (const stop of this.running) stop.abort();
    const loaded = await loading?.catch(() => undefined);
    await loaded?.slots.dispose();
    await loaded?.open.context.dispose();
    await loaded?.open.model.dispose();
  }

  /**
   * The request's history cut to what fits the context (oldest whole exchanges left out first,
   * see `planStudentContext`), and the answer's length capped to the room that is left.
   */
  private fit(loaded: Loaded, request: ModelRequest, forcedPrefix: string, remember = true): Fitted {
    const { history, prompt } = toChatHistory(request, this.options.modelPath);
    const { model, context, chatWrapper } = loaded.open;
    const count = (items: ChatHistoryItem[]): number => chatWrapper.generateContextState({ chatHistory: items }).contextText.tokenize(model.tokenizer).length;
    const system = history[0]?.type === "system" ? [history[0]] : [];
    const earlier = history.slice(system.length);
    let counted = this.counted.get(request);
    if (counted === undefined) {
      // Each message's own tokens plus an even share of the template's tokens around them.
      const own = earlier.map((item) => model.tokenize(item.type === "user" ? item.text : item.type === "model" ? item.response.filter((r) => typeof r === "string").join("") : "").length);
      const bare = count([...system, { type: "user", text: prompt }]);
      const whole = earlier.length === 0 ? bare : count([...history, { type: "user", text: prompt }]);
      const share = earlier.length === 0 ? 0 : Math.max(0, Math.ceil((whole - bare - own.reduce((n, t) => n + t, 0)) / earlier.length));
      counted = { messages: own.map((t) => t + share), fixedByPrefix: new Map() };
      this.counted.set(request, counted);
    }
    let fixed = counted.fixedByPrefix.get(forcedPrefix);
    if (fixed === undefined) {
      fixed = count([...system, { type: "user", text: prompt }, { type: "model", response: [forcedPrefix] }]);
      counted.fixedByPrefix.set(forcedPrefix, fixed);
    }
    const before = this.dropped.get(request.conversationId) ?? 0;
    const plan = planStudentContext({
      historyTokens: counted.messages,
      fixedTokens: fixed,
      contextSize: context.contextSize - TEMPLATE_SLACK_TOKENS,
      maxAnswerTokens: this.options.maxAnswerTokens,
      previouslyDropped: before,
      cacheShifts: loaded.open.cacheShifts,
    });
    if (plan === undefined) {
      throw new StudentError(
        "too-long",
        `The message is about ${fixed.toLocaleString("en-US")} tokens, more than the local model's context of ${context.contextSize.toLocaleString("en-US")} tokens holds with room for an answer. Attach less, or raise “headstart.student.contextSize”.`,
        this.options.modelPath,
      );
    }
    if (remember) this.dropped.set(request.conversationId, plan.dropped);
    return {
      history: [...system, ...earlier.slice(plan.dropped)],
      prompt,
      answerTokens: plan.answerTokens,
      cappedByContext: plan.answerTokens < this.options.maxAnswerTokens,
      ...(before === 0 && plan.dropped > 0 ? { newlyDropped: plan.dropped } : {}),
    };
  }

  private async generate(
    session: LlamaChatSession,
    fitted: Fitted,
    text: ContinuationText,
    signal: AbortSignal,
    emit: (text: string) => void,
  ): Promise<{ stats: StudentStats; hitLimit: boolean }> {
    const meter = session.sequence.tokenMeter;
    const before = meter.getState();
    const predictedBefore = session.sequence.tokenPredictions;
    let first: { at: number; tokens: number } | undefined;
    let last = { at: 0, tokens: 0 };
    let hitLimit = false;
    try {
      if (!signal.aborted) {
        const result = await session.promptWithMeta(fitted.prompt, {
          responsePrefix: text.forcedPrefix || undefined,
          signal,
          stopOnAbortSignal: true,
          maxTokens: fitted.answerTokens,
          temperature: this.options.temperature,
          onResponseChunk: (chunk) => {
            if (chunk.type !== undefined) return; // thoughts are not part of the answer
            const generated = answerTokens(meter.usedOutputTokens - before.usedOutputTokens, session.sequence.tokenPredictions, predictedBefore);
            if (generated > 0) {
              last = { at: performance.now(), tokens: generated };
              first ??= last;
            }
            const fresh = text.accept(chunk.text, chunk.tokens);
            if (fresh !== "") emit(fresh);
          },
        });
        hitLimit = result.stopReason === "maxTokens";
      }
    } catch (error) {
      // Stopped before the answer began: nothing to keep, and not a failure.
      if (!signal.aborted) throw error;
    }
    const used = meter.diff(before);
    const seconds = first === undefined ? 0 : (last.at - first.at) / 1000;
    const predicted = session.sequence.tokenPredictions;
    const stats: StudentStats = {
      inputTokens: used.usedInputTokens,
      outputTokens: answerTokens(used.usedOutputTokens, predicted, predictedBefore),
      tokensPerSecond: first !== undefined && seconds > 0 ? (last.tokens - first.tokens) / seconds : 0,
      ...(this.options.inputLookup ? { predictions: { validated: predicted.validated - predictedBefore.validated, refuted: predicted.refuted - predictedBefore.refuted } } : {}),
    };
    return { stats, hitLimit };
  }

  /**
   * Queues `settleCache` behind the answer just written, so that it runs while its reader reads,
   * and the next turn, queued after it, finds the answer as it will read it.
   */
  private settle(loaded: Loaded, conversationId: string, history: ChatHistoryItem[]): void {
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
      loading.then(
        (loaded) => {
          if (this.loading === loading) this.loadedNow = loaded;
        },
        () => {
          if (this.loading === loading) this.loading = undefined;
        },
      );
    }
    return this.loading;
  }

  private async loadModel(): Promise<Loaded> {
    const { modelPath, contextSize, gpuLayers, gpu, threads, maxConversations, onLoadProgress, inputLookup } = this.options;
    const open = await openModel({ modelPath, contextSize, gpuLayers, gpu, threads, sequences: maxConversations, onLoadProgress });
    if (this.disposed) {
      await open.model.dispose();
      throw closedError(modelPath);
    }
    return { open, slots: new ConversationSlots(open, inputLookup ? () => new open.nlc.InputLookupTokenPredictor() : undefined) };
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

/** Cached tokens worth keeping after a cut: fewer, read in another context, are as cheap to read again. */
const LEAST_KEPT_TOKENS = 16;

/**
 * Gives the session the history to answer from, replacing its own only when it differs, so
 * node-llama-cpp keeps its evaluation state. When older messages were left out, their span is cut
 * from the cache and the messages after it are kept, moved up, where the model allows it:
 * node-llama-cpp would keep only the part before the first difference (the system prompt) and read
 * all the rest again.
 */
async function adoptHistory(session: LlamaChatSession, open: OpenModel, history: ChatHistoryItem[], prompt: string): Promise<void> {
  if (JSON.stringify(session.getChatHistory()) === JSON.stringify(history)) return;
  session.setChatHistory(history);
  const sequence = session.sequence;
  if (!open.cacheShifts || sequence.contextTokens.length === 0) return;
  // The tokens up to the new message's text are all a cut can keep; the chat template's end of
  // the prompt does not matter here.
  const wanted = open.chatWrapper.generateContextState({ chatHistory: [...history, { type: "user", text: prompt }] }).contextText.tokenize(open.model.tokenizer);
  const span = removedSpan(sequence.contextTokens, wanted, LEAST_KEPT_TOKENS);
  if (span !== undefined) await sequence.eraseContextTokenRanges([span]);
}

/**
 * Makes the session and its cache hold `history`, which ends with the answer just written as the
 * conversation keeps it, read as the next turn will read it. The session's own record of the
 * answer can differ (node-llama-cpp drops the space before the first word after a forced prefix),
 * and the cache holds the tokens the model wrote, while text read back may split into other
 * tokens (a word written in two pieces reads back as one): from the first difference the next
 * turn would read the rest of the answer again, before its question.
 */
async function settleCache(session: LlamaChatSession, open: OpenModel, history: ChatHistoryItem[], signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  session.setChatHistory(history);
  const sequence = session.sequence;
  const tokens = open.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(open.model.tokenizer);
  const { firstDifferentIndex } = sequence.compareContextTokens(tokens);
  if (firstDifferentIndex >= tokens.length || tokens.length >= sequence.contextSize) return;
  await sequence.adaptStateToTokens(tokens, false);
  if (!signal.aborted) await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(sequence.nextTokenIndex));
}

/**
 * The probe itself, on the session's sequence: the prompt's tokens exactly as `LlamaChat` builds
 * them for the answer (history, user message, an empty model turn begun), so its cache reuse finds
 * them; then greedy tokens with their probabilities, until `limit` tokens or the answer's end.
 */
async function probeSession(session: LlamaChatSession, open: OpenModel, fitted: Fitted, limit: number, signal: AbortSignal): Promise<StudentProbe | undefined> {
  const { model, chatWrapper } = open;
  const sequence = session.sequence;
  const state = chatWrapper.generateContextState({
    chatHistory: [...fitted.history, { type: "user", text: fitted.prompt }, { type: "model", response: [] }],
  });
  const input = state.contextText.tokenize(model.tokenizer);
  const stops = state.stopGenerationTriggers.map((trigger) => trigger.tokenize(model.tokenizer, "trimLeadingSpace")).filter((t) => t.length > 0);
  // As LlamaChat does: keep the cached part of the input but its last token, which is evaluated
  // again so that it predicts the first token of the answer.
  await sequence.adaptStateToTokens(input.slice(0, -1), false);
  if (signal.aborted) return undefined;
  const chosen: Token[] = [];
  const confidences: number[] = [];
  let written = 0;
  const evaluation = sequence.evaluateWithMetadata(input.slice(sequence.nextTokenIndex), { confidence: true }, { temperature: 0, yieldEogToken: true });
  for await (const { token, confidence } of evaluation) {
    if (signal.aborted) return undefined; // leaving the loop stops the evaluation
    chosen.push(token);
    confidences.push(confidence);
    if (model.isEogToken(token)) break;
    const stopText = stops.find((stop) => endsWith(chosen, stop));
    if (stopText !== undefined) {
      // The stop text's first token is the choice to end; the rest of it follows from that.
      written = chosen.length - stopText.length;
      confidences.length = written + 1;
      break;
    }
    written = chosen.length;
    if (written >= limit) break;
  }
  if (signal.aborted) return undefined;
  const confidence = confidences.length === 0 ? 0 : confidences.reduce((sum, c) => sum + c, 0) / confidences.length;
  return { confidence, tokens: written };
}

/** Of the tokens evaluated as output, those in the answer: less the lookup's guesses that were not. */
function answerTokens(evaluated: number, now: TokenPredictions, before: TokenPredictions): number {
  return evaluated - (now.refuted - before.refuted) - (now.unused - before.unused);
}

type TokenPredictions = LlamaChatSession["sequence"]["tokenPredictions"];

function endsWith(tokens: readonly Token[], end: readonly Token[]): boolean {
  if (end.length > tokens.length) return false;
  return end.every((token, i) => tokens[tokens.length - end.length + i] === token);
}

function trimmedNote(dropped: number, contextSize: number): StudentNote {
  return {
    reason: "history-trimmed",
    message: `The conversation no longer fits the local model's context (${contextSize.toLocaleString("en-US")} tokens), so it now leaves out the oldest ${dropped} messages. The teacher's view is unchanged. Raise “headstart.student.contextSize” to keep more, or start a new chat.`,
  };
}

function limitNote(fitted: Fitted): StudentNote {
  const tokens = fitted.answerTokens.toLocaleString("en-US");
  return {
    reason: "length-limit",
    message: fitted.cappedByContext
      ? `Cut at ${tokens} tokens: the local model's context is full. Start a new chat, or raise “headstart.student.contextSize”.`
      : `Cut at the length limit (${tokens} tokens). Raise “headstart.student.maxAnswerTokens” for longer answers.`,
  };
}

/** A student is closed when its settings change; the next answer uses the new one. */
function closedError(modelPath: string): StudentError {
  return new StudentError("load-failed", `The local model “${modelPath}” was closed. Send the message again.`, modelPath);
}

function generationFailed(error: unknown, modelPath: string): StudentError {
  return new StudentError("generation-failed", `The local model “${modelPath}” failed while writing (${firstLine(error)}). Try again.`, modelPath);
}

function firstLine(error: unknown): string {
  const message = errorMessage(error);
  return message.split("\n", 1)[0]?.trim() || "unknown error";
}
