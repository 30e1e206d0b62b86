import { errorMessage } from "../util/errorMessage";
import type { Conversation } from "../conversation/conversation";
import type { Mode } from "../conversation/mode";
import { priceLookup, type PriceSources } from "../cost/prices";
import { DEFAULT_AUTO } from "../turn/turnOptions";
import type { HeadstartSettings } from "../settings/settings";
import type { Student } from "../models/student";
import type { Teacher, ToolSpec } from "../models/teacher";
import type { TokenCounter } from "../conversation/tokenCounter";
import type { TurnEvent } from "../turn/turnEvents";
import type { TurnPlan } from "../turn/turnPlan";
import { startingPlan } from "../turn/phases/decidePhase";
import type { SpendGate } from "../holds/spendGate";
import { composeTurn, type TurnCharged, type TurnFinished } from "./composeTurn";
import { originOf } from "../util/originOf";

/** Where a turn was asked from: the Headstart panel, `@headstart` in the Chat view, or a caller of the language model. */
export type TurnFace = "panel" | "chat" | "model";

export interface TurnServiceDeps {
  settings(): HeadstartSettings;
  /** The configured teacher with its key, or undefined when none can be asked. */
  teacher(): Promise<Teacher | undefined>;
  /**
   * The local model, ready to load on first use (downloaded first when it must be; `signal` stops
   * that wait). Throws a StudentError when none is chosen.
   */
  student(signal: AbortSignal): Promise<Student>;
  counter(): Promise<TokenCounter>;
  /** Live price lists (OpenRouter's, gpt-tokenizer's) beside the built-in table. */
  priceSources?(): Omit<PriceSources, "overrides">;
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** The user's spending limits, held against before every teacher request. */
  gate?(face: TurnFace): SpendGate | undefined;
  /** The time of day, for the spend journal's records. */
  date?(): Date;
  /** Where a listener's failure is reported: the turn goes on, but the failure is not lost. */
  logError(line: string): void;
}

export interface TurnRequest {
  conversation: Conversation;
  mode: Mode;
  face: TurnFace;
  signal: AbortSignal;
  /** Tools the caller offers the teacher; a call it makes comes back as a `tool-call` event. */
  tools?: readonly ToolSpec[];
}

/** A turn's teacher request ended and this is what it cost (`null`: no price is known). */
export interface TeacherCharged extends TurnCharged {
  face: TurnFace;
  conversationId: string;
}

/** A turn ended: with its record, and with its error when it failed. */
export interface TurnEnded extends TurnFinished {
  face: TurnFace;
  conversationId: string;
}

type Listener<T> = (event: T) => void;

/**
 * The one chat service behind every face of Headstart: runs a turn with the user's settings and
 * models, and announces what each turn cost and how it ended, so the spend journal, the status bar
 * and the local model's state follow turns from every face alike.
 */
export class TurnService {
  private readonly started = new Set<Listener<TurnRequest>>();
  private readonly charged = new Set<Listener<TeacherCharged>>();
  private running = 0;
  private readonly ended = new Set<Listener<TurnEnded>>();

  constructor(private readonly deps: TurnServiceDeps) {}

  /** How many turns are running now, from every face. */
  get active(): number {
    return this.running;
  }

  onTurnStarted(listener: Listener<TurnRequest>): () => void {
    this.started.add(listener);
    return () => this.started.delete(listener);
  }

  onTeacherCharged(listener: Listener<TeacherCharged>): () => void {
    this.charged.add(listener);
    return () => this.charged.delete(listener);
  }

  onTurnEnded(listener: Listener<TurnEnded>): () => void {
    this.ended.add(listener);
    return () => this.ended.delete(listener);
  }

  /**
   * What a turn in `mode` starts as, before it begins (for an answer shown while it waits): the
   * turn's own starting plan, and the teacher model it will name. Its `start` event says the same.
   */
  starting(mode: Mode): { plan: TurnPlan; teacherModel?: string } {
    const plan = startingPlan(mode);
    return plan.teacher === "none" ? { plan } : { plan, teacherModel: this.deps.settings()["teacher.model"] };
  }

  /** Runs one turn, streaming its events; `done` is always last. */
  async *run(request: TurnRequest): AsyncGenerator<TurnEvent> {
    let ended: TurnEnded | undefined;
    this.running++;
    try {
      this.emit(this.started, request);
      yield* this.turn(request, (e) => (ended = e));
    } finally {
      // Announced once the turn no longer counts as running, so listeners see the new state.
      this.running--;
      if (ended) this.emit(this.ended, ended);
    }
  }

  private async *turn({ conversation, mode, face, signal, tools }: TurnRequest, end: (e: TurnEnded) => void): AsyncGenerator<TurnEvent> {
    const settings = this.deps.settings();
    const student = await this.deps.student(signal).catch(failingStudent);
    const counter = await this.deps.counter();
    const gate = this.deps.gate?.(face);
    const conversationId = conversation.id;
    yield* composeTurn(
      conversation,
      {
        mode,
        guidanceBudget: settings["teacher.guidanceBudget"],
        cloudMaxTokens: settings["teacher.cloudMaxTokens"],
        teacherContext: { kind: settings["teacher.context"], budget: settings["teacher.contextBudget"] },
        auto: { ...DEFAULT_AUTO, threshold: settings["auto.threshold"] / 100, askOnFirstTurn: settings["auto.askOnFirstTurn"] },
        signal,
        ...(tools?.length ? { tools } : {}),
      },
      {
        // Built (its key read) only when the turn's plan may need a teacher.
        teacher: () => this.deps.teacher(),
        student,
        counter,
        prices: (model) => priceLookup({ overrides: settings.prices, ...this.deps.priceSources?.() })(model),
        now: () => this.deps.now(),
        ...(gate ? { gate } : {}),
      },
      { face, origin: originOf(settings["teacher.baseUrl"]), mode },
      {
        charged: ({ usd, entry }) => this.emit(this.charged, { face, conversationId, usd, entry }),
        finished: (finished) => end({ face, conversationId, ...finished }),
      },
      () => this.deps.date?.() ?? new Date(),
    );
  }

  /** A listener that throws must not break the turn or the other listeners. */
  private emit<T>(listeners: Set<Listener<T>>, event: T): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (e) {
        this.deps.logError(`A listener of the turn service failed: ${errorMessage(e)}`);
      }
    }
  }
}

/** A stand-in for a student that could not be created, so the turn reports why in its usual way. */
function failingStudent(error: unknown): Student {
  const failure = error instanceof Error ? error : new Error(String(error));
  return {
    check: () => Promise.reject(failure),
    preload: () => Promise.reject(failure),
    continue: () => ({
      [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(failure) }),
    }),
  };
}
