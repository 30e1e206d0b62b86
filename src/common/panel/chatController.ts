import { applyTurnEvent } from "./applyTurnEvent";
import { toPanelAnswer, toPanelConversation, toPanelUser } from "./panelWire";
import { titleFrom, type StoredAssistantMessage, type StoredConversation, type StoredUserMessage } from "../history/chatHistory";
import type { ChatStore } from "../history/chatStore";
import type { EditorContext } from "../conversation/conversation";
import { ConversationBook } from "../history/conversationBook";
import { toEngineConversation } from "../history/engineConversation";
import { panelTurnEvent } from "./panelTurnEvent";
import type { PanelTurnEvent, HostMessage } from "./protocol";
import type { PanelStatus } from "../status/setupStatus";
import { MAX_MESSAGE_CHARS } from "./protocol";
import { tooLong } from "./webviewMessageGuard";
import { storedForm, withStudentRequest, type SentRequest } from "../sent/sentRequest";
import type { HeadstartSettings } from "../settings/settings";
import type { TurnService } from "../compose/turnService";
import type { TurnRecord } from "../turn/turnRecord";
import { RunningTurn } from "./runningTurn";
import { cleanReason, type AnswerRating } from "../history/answerRating";
import { errorMessage } from "../util/errorMessage";
import type { Mode } from "../conversation/mode";
import { parseSlashCommands, type TaskName } from "../tasks/slashCommand";
import type { TaskRequest } from "../tasks/taskRequest";
import { ThrottledSave } from "../util/throttledSave";
import { TypedMessage } from "./typedMessage";

export interface ChatControllerDeps {
  store: ChatStore;
  /** Runs the turns, shared with the other faces; it tells the spend journal and the status bar. */
  turns: Pick<TurnService, "run" | "starting">;
  post(message: HostMessage): void;
  settings(): HeadstartSettings;
  /** What the host knows (teacher, student, spend); the controller adds whether it is busy. */
  baseStatus(): Omit<PanelStatus, "busy">;
  /** What is attached to the next message: its size, and taking it (which empties the tray). */
  context: { chars(): number; take(): EditorContext[] };
  /** One line per turn, without message contents unless the user asked for them. */
  log(line: string): void;
  /** The wall clock, for stored dates. */
  date(): Date;
  newId(): string;
  /** The open workspace's name, kept with a new conversation so an export can pick one workspace's. */
  workspace?: () => string | undefined;
  /** How long at most between saves of an answer that is still streaming. */
  saveIntervalMs?: number;
  /**
   * Builds a task command's message (`/fix` …) from the editor the user is in: its instructions,
   * its context and where the answer's code goes; a problem line when it cannot (no file open).
   */
  task?(name: TaskName, question: string): Promise<TaskRequest | { problem: string }>;
}

/**
 * The panel's chat, independent of VS Code: keeps conversations and their records, runs their
 * turns through the shared service, and saves a streaming answer as it goes (so a reload loses
 * at most a second of it).
 */
export class ChatController {
  private readonly book: ConversationBook;
  private activeId: string | null = null;
  private running: RunningTurn | undefined;
  /** Whether `activeId` is the user's choice in this session rather than the latest stored conversation. */
  private activeChosen = false;
  private readonly loaded: Promise<void>;

  constructor(private readonly deps: ChatControllerDeps) {
    this.book = new ConversationBook(deps.store, (line) => deps.log(line));
    this.loaded = this.book.loaded.then(() => {
      this.activeId = this.book.sorted()[0]?.id ?? null;
    });
  }

  /**
   * The conversation to show, chosen by the user in this session (New Chat, a reopen, a send):
   * from then on the panel shows the host's choice rather than what its page last showed.
   */
  private choose(id: string | null): void {
    this.activeId = id;
    this.activeChosen = true;
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  async init(): Promise<Omit<Extract<HostMessage, { type: "init" }>, "recommended" | "chips" | "maxContextChars">> {
    await this.loaded;
    return {
      type: "init",
      status: this.status(),
      conversations: this.book.summaries(),
      active: toPanelConversation(this.activeId ? (this.book.get(this.activeId) ?? null) : null),
      activeChosen: this.activeChosen,
    };
  }

  status(): PanelStatus {
    return { ...this.deps.baseStatus(), busy: this.busy };
  }

  /**
   * Sends the user's message (with any attached context) and streams the answer to the panel. The
   * panel hears under `requestId` whether it was taken; a refused one takes nothing (the
   * attachments stay attached). Resolves with the reason when refused, for a caller that is not the panel.
   */
  async send(requestId: string, text: string): Promise<string | undefined> {
    await this.loaded;
    const refuse = (reason: string): string => {
      this.deps.post({ type: "reply", id: requestId, refused: reason });
      return reason;
    };
    if (this.running) return refuse("An answer is still being written. Stop it first.");
    if (!text.trim()) return refuse("The message is empty.");
    // `/cloud` asks this one answer in another mode; `/fix` and the other tasks build their own message.
    const slash = parseSlashCommands(text);
    let task: TaskRequest | undefined;
    if (slash.task) {
      const built = this.deps.task ? await this.deps.task(slash.task, slash.rest) : { problem: `/${slash.task} needs an editor to take its context from.` };
      if ("problem" in built) return refuse(built.problem);
      if (this.running) return refuse("An answer is still being written. Stop it first.");
      task = built;
    } else if (slash.mode && !slash.rest) return refuse(`Write the question after /${slash.mode}.`);
    const typed = new TypedMessage(text, slash, task);
    const size = typed.chars + this.deps.context.chars();
    if (size > MAX_MESSAGE_CHARS) return refuse(tooLong(size));
    const user = typed.stored(this.deps.newId(), this.deps.context.take());
    const turn = this.begin(this.activeId);
    this.deps.post({ type: "reply", id: requestId, accepted: true });
    await this.answer(user, turn, slash.mode);
    return undefined;
  }

  /** Asks again for the last answer of the open conversation, replacing it. */
  async retry(): Promise<void> {
    await this.loaded;
    const c = this.activeId ? this.book.get(this.activeId) : undefined;
    if (this.running || !c) return;
    const lastUser = c.messages.findLastIndex((m) => m.role === "user");
    if (lastUser < 0) return;
    const user = c.messages[lastUser] as StoredUserMessage;
    // Busy from here on, before anything is awaited: a second send in the same tick is refused.
    const turn = this.begin(c.id);
    this.book.put({ ...c, messages: c.messages.slice(0, lastUser) });
    this.deps.post({ type: "open", conversation: toPanelConversation(this.book.get(c.id)!) });
    await this.answer({ ...user, id: this.deps.newId() }, turn);
  }

  /** Marks the controller busy with a turn of `conversationId` (a new one when null). */
  private begin(conversationId: string | null): RunningTurn {
    this.running = new RunningTurn(conversationId ?? this.deps.newId());
    return this.running;
  }

  private async answer(user: StoredUserMessage, turn: RunningTurn, modeForTurn?: Mode): Promise<void> {
    const settings = this.deps.settings();
    const mode = modeForTurn ?? settings.mode;
    const now = this.deps.date().getTime();
    const id = turn.conversationId;
    let conversation =
      this.book.get(id) ?? ({ id, title: titleFrom(user.task?.typed ?? user.text), createdAt: now, updatedAt: now, ...workspaceOf(this.deps.workspace?.()), messages: [] } satisfies StoredConversation);
    // Shown at once, while the turn waits for its models: as the turn will start.
    const { plan, teacherModel } = this.deps.turns.starting(mode);
    let assistant: StoredAssistantMessage = {
      id: this.deps.newId(),
      role: "assistant",
      mode,
      plan,
      text: "",
      guidanceLength: 0,
      streaming: true,
      ...(teacherModel ? { teacherModel } : {}),
    };
    const history = [...conversation.messages, user];
    conversation = { ...conversation, messages: [...history, assistant], updatedAt: now };
    this.choose(id);
    this.book.put(conversation);
    this.deps.post({ type: "turn-start", conversationId: id, user: toPanelUser(user), assistant: toPanelAnswer(assistant) });
    this.deps.post({ type: "status", status: this.status() });
    this.deps.post({ type: "conversations", list: this.book.summaries() });

    const update = (m: StoredAssistantMessage): void => {
      assistant = m;
      const current = this.book.get(id);
      if (current) this.book.put({ ...current, messages: [...current.messages.slice(0, -1), m] });
    };
    const saver = new ThrottledSave(() => this.book.save(id), this.deps.saveIntervalMs ?? 1000);
    let record: TurnRecord | undefined;
    /** What went to the teacher, kept again with the student server's request when one follows. */
    let sent: SentRequest | undefined;
    const keepSent = (s: SentRequest): void => {
      sent = s;
      // The body is kept apart from the conversation; the message only says there is one.
      update({ ...assistant, sentRequest: true });
      this.deps.store.saveRequest(id, assistant.id, storedForm(s)).catch((e: unknown) => this.deps.log(`could not keep what was sent for ${id}: ${errorMessage(e)}`));
    };
    const { controller } = turn;
    try {
      const events = this.deps.turns.run({ conversation: toEngineConversation(id, history), mode, face: "panel", signal: controller.signal });
      for await (const event of events) {
        if (event.type === "teacher-request") keepSent(event.sent);
        else if (event.type === "student-request") {
          // Shown after the teacher's; an answer the server wrote alone has no teacher request to go with.
          const both = withStudentRequest(sent, event);
          if (both) keepSent(both);
        } else if (event.type === "done") record = event.record;
        const panelEvent = panelTurnEvent(event, assistant, controller.signal.aborted);
        if (!panelEvent) continue;
        update(applyTurnEvent(assistant, panelEvent));
        this.deps.post({ type: "turn", conversationId: id, messageId: assistant.id, event: panelEvent.type === "done" ? { type: "done", message: toPanelAnswer(panelEvent.message) } : panelEvent });
        if (panelEvent.type !== "done") saver.soon();
      }
    } catch (e) {
      // The service never throws for a model's failure; anything else is shown, not lost.
      const panelEvent: PanelTurnEvent<StoredAssistantMessage> = { type: "error", reason: "internal", message: errorMessage(e) };
      update(applyTurnEvent(assistant, panelEvent));
      this.deps.post({ type: "turn", conversationId: id, messageId: assistant.id, event: panelEvent });
    } finally {
      saver.cancel();
      if (assistant.streaming) update({ ...assistant, streaming: false, partial: true });
      await this.book.save(id);
      // Contents only when the user asked for them (headstart.log.includeContent).
      if (record && settings["log.includeContent"]) this.deps.log(`turn content question=${JSON.stringify(user.text)} answer=${JSON.stringify(assistant.text)}`);
      if (this.running === turn) this.running = undefined;
      turn.finish();
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
    this.choose(null);
    this.deps.post({ type: "open", conversation: null });
  }

  /** Opens a stored conversation; says why not when it is gone. */
  async open(id: string): Promise<string | undefined> {
    await this.loaded;
    const c = this.book.get(id);
    if (!c) return "That conversation no longer exists.";
    if (this.running && this.running.conversationId !== id) await this.stop();
    this.choose(id);
    this.deps.post({ type: "open", conversation: toPanelConversation(c) });
    return undefined;
  }

  async delete(id: string): Promise<void> {
    await this.loaded;
    if (this.running?.conversationId === id) await this.stop();
    await this.book.delete(id);
    if (this.activeId === id) {
      this.choose(null);
      this.deps.post({ type: "open", conversation: null });
    }
    this.deps.post({ type: "conversations", list: this.book.summaries() });
  }

  /**
   * Rates a finished answer up or down (`null` takes the rating back), keeps it with the
   * conversation and tells the panel. An answer still being written, or gone, cannot be rated: the
   * reason is returned.
   */
  async rate(conversationId: string, messageId: string, value: AnswerRating["value"] | null, reason?: string): Promise<string | undefined> {
    await this.loaded;
    const why = cleanReason(reason);
    const rating: AnswerRating | undefined = value === null ? undefined : { value, ...(why ? { reason: why } : {}), at: this.deps.date().toISOString() };
    if (!(await this.book.rate(conversationId, messageId, rating))) return "That answer can no longer be rated: it is gone or still being written.";
    this.deps.post({ type: "rated", conversationId, messageId, ...(rating ? { rating } : {}) });
    return undefined;
  }

  /** An answer and the question it answers, for Apply and the like; undefined when either is gone. */
  answerOf(conversationId: string, messageId: string): { answer: StoredAssistantMessage; question?: StoredUserMessage } | undefined {
    return this.book.answerOf(conversationId, messageId);
  }

  /** The exact body sent to the teacher for one answer, if it was asked. */
  sentRequest(conversationId: string, messageId: string): Promise<SentRequest | undefined> {
    return this.book.sentRequest(conversationId, messageId);
  }

  /** Waits for a running answer to end (used on shutdown and by tests). */
  async idle(): Promise<void> {
    await this.loaded;
    await this.running?.finished;
  }

}

const workspaceOf = (name: string | undefined): { workspace?: string } => (name ? { workspace: name } : {});
