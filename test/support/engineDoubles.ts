// In-memory Teacher and Student for engine tests: scripted, observable, and honouring AbortSignal
// the way the real adapters promise to (stop early without throwing).
import type { ModelRequest } from "../../src/common/conversation/conversation";
import { priceLookup } from "../../src/common/cost/prices";
import type { TurnDeps, TurnOptions } from "../../src/common/turn/turnOptions";
import type { TurnEvent } from "../../src/common/turn/turnEvents";
import type { Student, StudentChunk, StudentNote, StudentProbe } from "../../src/common/models/student";
import { estimatingCounter } from "../../src/common/conversation/tokenCounter";
import type { Teacher, TeacherChunk, TeacherGuideRequest, ToolCall } from "../../src/common/models/teacher";

const tick = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done(): void {
      clearTimeout(timer);
      resolve();
    }
  });

export interface TeacherScript {
  tokens: string[];
  /**
   * Calls made after the tokens, when the request offers tools: one `tool-call` chunk each, and
   * the finish `tool-calls` (unless `finish` says otherwise). Each argument's character counts as
   * an output token. Without tools offered they are not made.
   */
  toolCalls?: ToolCall[];
  finish?: "stop" | "length" | "tool-calls";
  /** Thrown after `failAfter` tokens (0: before any). */
  error?: Error;
  failAfter?: number;
  delayMs?: number;
  reportedCostUsd?: number;
  /** Send no usage in the `end` chunk, as a provider with the usage chunk off. */
  noUsage?: boolean;
}

export class ScriptedTeacher implements Teacher {
  readonly requests: TeacherGuideRequest[] = [];
  aborted = false;
  constructor(
    public script: TeacherScript,
    readonly model = "gpt-4o-mini",
  ) {}

  async *guide(request: TeacherGuideRequest, signal: AbortSignal): AsyncIterable<TeacherChunk> {
    this.requests.push(request);
    yield { type: "request", url: "https://teacher.test/v1/chat/completions", body: { model: this.model, max_tokens: request.maxTokens } };
    const { tokens, error, failAfter = 0, delayMs = 0 } = this.script;
    for (let i = 0; i <= tokens.length; i++) {
      if (error && i === failAfter) throw error;
      if (i === tokens.length || i >= request.maxTokens) break;
      await tick(delayMs, signal);
      if (signal.aborted) {
        this.aborted = true;
        return;
      }
      yield { type: "text", text: tokens[i] };
    }
    const calls = request.tools?.length ? (this.script.toolCalls ?? []) : [];
    for (const call of calls) yield { type: "tool-call", call };
    const outputTokens = Math.min(tokens.length, request.maxTokens) + calls.reduce((n, c) => n + c.arguments.length, 0);
    const cut = tokens.length > request.maxTokens ? "length" : "stop";
    yield {
      type: "end",
      finish: this.script.finish ?? (calls.length > 0 ? "tool-calls" : cut),
      ...(this.script.noUsage
        ? {}
        : {
            usage: {
              inputTokens: 100,
              cachedInputTokens: 40,
              outputTokens,
              ...(this.script.reportedCostUsd === undefined ? {} : { providerCostUsd: this.script.reportedCostUsd }),
            },
          }),
      model: this.model,
    };
  }
}

export class ScriptedStudent implements Student {
  readonly preloads: { request: ModelRequest; signal: AbortSignal; prefix: string }[] = [];
  readonly continues: { request: ModelRequest; prefix: string }[] = [];
  preloadFinished = false;
  aborted = false;
  constructor(
    public words: string[] = [" and", " then", " it", " worked."],
    public opts: {
      delayMs?: number;
      preloadMs?: number;
      error?: Error;
      /**
       * Before the word at `stallAfter`, wait for `onStall` (a test fires its hand timers there),
       * then go on: a student on a busy machine, without the test depending on how busy its own is.
       */
      onStall?: () => Promise<void>;
      stallAfter?: number;
      /** Notes sent before the first word. */
      notes?: StudentNote[];
      /** What auto mode's probe reports; without it the student has no `probe`. */
      confidence?: number;
      /** How long the probe takes. */
      probeMs?: number;
    } = {},
  ) {
    if (opts.confidence === undefined) this.probe = undefined;
  }
  readonly probes: { request: ModelRequest; tokens: number }[] = [];

  probe? = async (request: ModelRequest, tokens: number, signal: AbortSignal): Promise<StudentProbe | undefined> => {
    this.probes.push({ request, tokens });
    await tick(this.opts.probeMs ?? 0, signal);
    if (signal.aborted) return undefined;
    return { confidence: this.opts.confidence ?? 0, tokens };
  };
  /** Thread counts `useFewerThreads` returned, in order. */
  readonly eased: (number | undefined)[] = [];
  private threads = 2;

  useFewerThreads(): number | undefined {
    const next = this.threads > 1 ? Math.floor(this.threads / 2) : undefined;
    if (next !== undefined) this.threads = next;
    this.eased.push(next);
    return next;
  }

  async preload(request: ModelRequest, signal: AbortSignal, prefix = ""): Promise<void> {
    this.preloads.push({ request, signal, prefix });
    await tick(this.opts.preloadMs ?? 0, signal);
    if (this.opts.error) throw this.opts.error;
    this.preloadFinished = !signal.aborted;
  }

  async *continue(request: ModelRequest, prefix: string, signal: AbortSignal): AsyncIterable<StudentChunk> {
    this.continues.push({ request, prefix });
    if (this.opts.error) throw this.opts.error;
    for (const note of this.opts.notes ?? []) yield { type: "note", note };
    let n = 0;
    for (const w of this.words) {
      if (n === this.opts.stallAfter) await this.opts.onStall?.();
      await tick(this.opts.delayMs ?? 0, signal);
      if (signal.aborted) {
        this.aborted = true;
        break;
      }
      n++;
      yield { type: "text", text: w };
    }
    yield { type: "end", stats: { inputTokens: 50, outputTokens: n, tokensPerSecond: 100 } };
  }
}

/** Timers that fire only when the test says so. */
export function handTimers() {
  const armed = new Set<() => void>();
  return {
    setTimer: (fire: () => void): (() => void) => {
      armed.add(fire);
      return () => armed.delete(fire);
    },
    get armed(): number {
      return armed.size;
    },
    fire(): void {
      for (const fire of [...armed]) {
        armed.delete(fire);
        fire();
      }
    },
  };
}

/** What `runTurn` needs besides the models: estimated counts, the built-in prices, a real clock. */
export const engineDeps = (teacher: Teacher | undefined, student: Student): TurnDeps => ({
  teacher,
  student,
  counter: estimatingCounter,
  prices: priceLookup({ overrides: {} }),
  now: () => performance.now(),
});

/** A guided turn with a 4-token opening, unless `over` says otherwise. */
export const turnOptions = (over: Partial<TurnOptions> = {}): TurnOptions => ({
  mode: "guided",
  guidanceBudget: 4,
  cloudMaxTokens: 100,
  signal: new AbortController().signal,
  ...over,
});

/** Every event of a turn, in order; `onEvent` sees each as it comes. */
export async function collectEvents(events: AsyncIterable<TurnEvent>, onEvent?: (e: TurnEvent) => void): Promise<TurnEvent[]> {
  const out: TurnEvent[] = [];
  for await (const e of events) {
    out.push(e);
    onEvent?.(e);
  }
  return out;
}

/** The turn's last event, which must be `done`. */
export function doneEvent(events: readonly TurnEvent[]): Extract<TurnEvent, { type: "done" }> {
  const last = events.at(-1);
  if (last?.type !== "done") throw new Error(`the turn ended with ${last?.type ?? "nothing"}, not done`);
  return last;
}

export const eventTypes = (events: readonly TurnEvent[]): string[] => events.map((e) => e.type);

/** A phase's events, in order, and what it returned. */
export async function runPhase<T>(phase: AsyncGenerator<TurnEvent, T>): Promise<{ events: TurnEvent[]; result: T }> {
  const events: TurnEvent[] = [];
  for (;;) {
    const next = await phase.next();
    if (next.done) return { events, result: next.value };
    events.push(next.value);
  }
}
