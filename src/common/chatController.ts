import { applyTurnEvent } from "./applyTurnEvent";
import {
  settleInterrupted,
  summarize,
  titleFrom,
  type StoredAssistantMessage,
  type StoredConversation,
  type StoredUserMessage,
} from "./chatHistory";
import type { ChatMessage, Conversation, EditorContext } from "./conversation";
import type { Ledger } from "./ledger";
import type { PanelStatus, PanelTurnEvent, HostMessage } from "./protocol";
import { MAX_MESSAGE_CHARS } from "./protocol";
import { runTurn } from "./runTurn";
import type { HeadstartSettings } from "./settings";
import type { Student } from "./student";
import type { Teacher } from "./teacher";
import type { TokenCounter } from "./tokenCounter";
import type { TurnRecord } from "./turnRecord";

/** Where conversations are kept between sessions. */
export interface ChatStore {
  loadAll(): Promise<StoredConversation[]>;
  save(conversation: StoredConversation): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface ChatControllerDeps {
  store: ChatStore;
  ledger: Ledger;
  /** Persists the ledger after it changed. */
  saveLedger(): void;
  post(message: HostMessage): void;
  settings(): HeadstartSettings;
  /** The configured teacher with its key, or undefined when none can be asked. */
  teacher(): Promise<Teacher | undefined>;
  /** The local model, ready to load on first use. Throws a StudentError when none is chosen. */
  student(): Promise<Student>;
  counter(): Promise<TokenCounter>;
  /** Setup facts the host knows (teacher, student state); the controller adds spend and busy. */
  baseStatus(): Omit<PanelStatus, "spend" | "busy">;
  /** Editor context attached to the next message; taken (and cleared) when it is sent. */
  takeContext(): EditorContext[];
  /** One line per turn, without message contents. */
  log(line: string): void;
  /** Milliseconds on a monotonic clock, and the wall clock for stored dates. */
  now(): number;
  date(): Date;
  newId(): string;
  /** How long at most between saves of an answer that is still streaming. */
  saveIntervalMs?: number;
}

/**
 * The chat, independent of VS Code: runs turns for the panel, keeps conversations and their
 * records, saves a streaming answer as it goes (so a reload loses at most a second of it), and
 * adds each finished turn to the ledger.
 */
export class ChatController {
  private conversations = new Map<string, StoredConversation>();
  private activeId: string | null = null;
  private running: { controller: AbortController; conversationId: string; finished: Promise<void> } | undefined;
  private readonly loaded: Promise<void>;

  constructor(private readonly deps: ChatControllerDeps) {
    this.loaded = deps.store.loadAll().then((all) => {
      for (const c of all) this.conversations.set(c.id, settleInterrupted(c));
      this.activeId = this.sorted()[0]?.id ?? null;
    });
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  async init(): Promise<Omit<Extract<HostMessage, { type: "init" }>, "recommended" | "chips" | "maxContextChars">> {
    await this.loaded;
    return {
      type: "init",
      status: this.status(),
      conversations: this.sorted().map(summarize),
      active: this.activeId ? (this.conversations.get(this.activeId) ?? null) : null,
    };
  }

  status(): PanelStatus {
    const when = this.deps.date();
    const month = this.deps.ledger.month(when);
    return {
      ...this.deps.baseStatus(),
      spend: {
        todayUsd: this.deps.ledger.day(when).teacherUsd,
        monthUsd: month.teacherUsd,
        monthSavingUsd: month.savingUsd,
        monthUnknownTurns: month.unknownCostTurns,
      },
      busy: this.busy,
    };
  }

  /** Sends the user's message (with any attached context) and streams the answer to the panel. */
  async send(text: string): Promise<void> {
    await this.loaded;
    if (this.running) return this.problem("An answer is still being written. Stop it first.");
    if (!text.trim()) return;
    const context = this.deps.takeContext();
    const size = text.length + context.reduce((n, c) => n + c.text.length, 0);
    if (size > MAX_MESSAGE_CHARS) {
      return this.problem(`The message with its context is ${size.toLocaleString("en-US")} characters; the limit is ${MAX_MESSAGE_CHARS.toLocaleString("en-US")}. Shorten it or attach less.`);
    }
    const user: StoredUserMessage = { id: this.deps.newId(), role: "user", text, ...(context.length ? { context } : {}) };
    await this.answer(user);
  }

  /** Asks again for the last answer of the open conversation, replacing it. */
  async retry(): Promise<void> {
    await this.loaded;
    const c = this.activeId ? this.conversations.get(this.activeId) : undefined;
    if (this.running || !c) return;
    const lastUser = c.messages.findLastIndex((m) => m.role === "user");
    if (lastUser < 0) return;
    const user = c.messages[lastUser] as StoredUserMessage;
    this.put({ ...c, messages: c.messages.slice(0, lastUser) });
    this.deps.post({ type: "open", conversation: this.conversations.get(c.id)! });
    await this.answer({ ...user, id: this.deps.newId() });
  }

  private async answer(user: StoredUserMessage): Promise<void> {
    const settings = this.deps.settings();
    const mode = settings.mode;
    const now = this.deps.date().getTime();
    let conversation =
      (this.activeId && this.conversations.get(this.activeId)) ||
      ({ id: this.deps.newId(), title: titleFrom(user.text), createdAt: now, updatedAt: now, messages: [] } satisfies StoredConversation);
    const teacher = mode === "local" ? undefined : await this.deps.teacher();
    let assistant: StoredAssistantMessage = {
      id: this.deps.newId(),
      role: "assistant",
      mode,
      text: "",
      guidanceLength: 0,
      streaming: true,
      ...(teacher ? { teacherModel: teacher.model } : {}),
    };
    const history = [...conversation.messages, user];
    conversation = { ...conversation, messages: [...history, assistant], updatedAt: now };
    this.activeId = conversation.id;
    this.put(conversation);
    const controller = new AbortController();
    let finish!: () => void;
    this.running = { controller, conversationId: conversation.id, finished: new Promise((r) => (finish = r)) };
    this.deps.post({ type: "turn-start", conversationId: conversation.id, user, assistant });
    this.deps.post({ type: "status", status: this.status() });
    this.deps.post({ type: "conversations", list: this.sorted().map(summarize) });

    const id = conversation.id;
    const update = (m: StoredAssistantMessage): void => {
      assistant = m;
      const current = this.conversations.get(id);
      if (current) this.conversations.set(id, { ...current, messages: [...current.messages.slice(0, -1), m] });
    };
    const saver = new ThrottledSave(() => this.save(id), this.deps.saveIntervalMs ?? 1000);
    let record: TurnRecord | undefined;
    try {
      const student = await this.deps.student().catch(failingStudent);
      const counter = await this.deps.counter();
      const events = runTurn(
        toEngineConversation(id, history),
        { mode, guidanceBudget: settings["teacher.guidanceBudget"], cloudMaxTokens: settings["teacher.cloudMaxTokens"], signal: controller.signal },
        { teacher, student, counter, priceOverrides: settings.prices, now: this.deps.now },
      );
      for await (const event of events) {
        let panelEvent: PanelTurnEvent | undefined;
        switch (event.type) {
          case "start":
            break;
          case "teacher-request":
            update({ ...assistant, sentRequest: event.body });
            break;
          case "done": {
            record = event.record;
            const { streaming: _streaming, ...rest } = assistant;
            panelEvent = { type: "done", message: { ...rest, ...event.answer, record, ...(event.answer.partial ? { partial: true } : {}) } };
            break;
          }
          default:
            panelEvent = event;
        }
        if (!panelEvent) continue;
        update(applyTurnEvent(assistant, panelEvent));
        this.deps.post({ type: "turn", conversationId: id, messageId: assistant.id, event: panelEvent });
        if (panelEvent.type !== "done") saver.soon();
      }
    } finally {
      saver.cancel();
      if (assistant.streaming) update({ ...assistant, streaming: false, partial: true });
      await this.save(id);
      if (record) {
        this.deps.ledger.add(id, record, this.deps.date());
        this.deps.saveLedger();
        this.deps.log(describeTurn(record));
      }
      this.running = undefined;
      finish();
      this.deps.post({ type: "status", status: this.status() });
    }
  }

  /** Stops the running answer, keeping what was written; resolves once it has ended. */
  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort();
    await running.finished;
  }

  async newChat(): Promise<void> {
    await this.loaded;
    if (this.running) await this.stop();
    this.activeId = null;
    this.deps.post({ type: "open", conversation: null });
  }

  async open(id: string): Promise<void> {
    await this.loaded;
    const c = this.conversations.get(id);
    if (!c) return this.problem("That conversation no longer exists.");
    if (this.running && this.running.conversationId !== id) await this.stop();
    this.activeId = id;
    this.deps.post({ type: "open", conversation: c });
  }

  async delete(id: string): Promise<void> {
    await this.loaded;
    if (this.running?.conversationId === id) await this.stop();
    this.conversations.delete(id);
    this.deps.ledger.forgetConversation(id);
    this.deps.saveLedger();
    await this.deps.store.delete(id);
    if (this.activeId === id) {
      this.activeId = null;
      this.deps.post({ type: "open", conversation: null });
    }
    this.deps.post({ type: "conversations", list: this.sorted().map(summarize) });
  }

  /** The exact body sent to the teacher for one answer, if it was asked. */
  sentRequest(conversationId: string, messageId: string): unknown {
    const m = this.conversations.get(conversationId)?.messages.find((x) => x.id === messageId);
    return m?.role === "assistant" ? m.sentRequest : undefined;
  }

  /** Waits for a running answer to end (used on shutdown and by tests). */
  async idle(): Promise<void> {
    await this.loaded;
    await this.running?.finished;
  }

  private problem(message: string): void {
    this.deps.post({ type: "problem", message });
  }

  private put(c: StoredConversation): void {
    this.conversations.set(c.id, c);
  }

  private async save(id: string): Promise<void> {
    const c = this.conversations.get(id);
    if (!c) return;
    try {
      await this.deps.store.save(c);
    } catch (e) {
      this.deps.log(`could not save conversation ${id}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private sorted(): StoredConversation[] {
    return [...this.conversations.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }
}

/**
 * What the models see of a stored chat: what the user saw. An exchange whose answer came out empty
 * (the local model failed) is left out, so the models never see a question without its answer.
 */
export function toEngineConversation(id: string, messages: readonly (StoredUserMessage | StoredAssistantMessage)[]): Conversation {
  const out: ChatMessage[] = [];
  messages.forEach((m, i) => {
    const next = messages[i + 1];
    if (m.role === "user" && next?.role === "assistant" && next.text === "") return;
    if (m.role === "assistant" && m.text === "") return;
    out.push(m.role === "user" ? { role: "user", text: m.text, ...(m.context ? { context: m.context } : {}) } : { role: "assistant", text: m.text, guidanceLength: m.guidanceLength });
  });
  return { id, messages: out };
}

/** A stand-in for a student that could not be created, so the turn reports why in its usual way. */
function failingStudent(error: unknown): Student {
  return {
    preload: () => Promise.reject(error),
    continue: async function* () {
      throw error;
    },
  };
}

/** Reasons and timings only: message contents stay out of the log. */
function describeTurn(r: TurnRecord): string {
  const t = r.timings;
  return [
    `turn mode=${r.mode}`,
    r.notice ? `teacher=${r.notice}` : "",
    r.teacherUsage ? `teacherTokens=${r.teacherUsage.inputTokens}/${r.teacherUsage.outputTokens}` : "",
    r.studentStats ? `studentTokens=${r.studentStats.outputTokens} tps=${r.studentStats.tokensPerSecond.toFixed(1)}` : "",
    `firstText=${t.firstTextMs?.toFixed(0) ?? "-"}ms handoff=${t.handoffGapMs?.toFixed(0) ?? "-"}ms total=${t.totalMs.toFixed(0)}ms`,
    `cost=${r.cost.actualUsd ?? "unknown"} saving=${r.cost.savingUsd ?? "unknown"}`,
    r.stopped ? "stopped" : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/** Runs `save` at most once per interval while asked to, and never after `cancel`. */
class ThrottledSave {
  private timer: ReturnType<typeof setTimeout> | undefined;
  constructor(
    private readonly save: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}
  soon(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, this.intervalMs);
  }
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
