// The open conversation: its messages, kept scrolled to the newest text while the user is
// reading the end of it, never past the start of the answer being written (its marked opening),
// and left alone once they scroll up.
import type { PanelAssistantMessage, PanelConversation, PanelUserMessage } from "../../common/panel/panelWire";
import type { PanelTurnEvent, WebviewRequest } from "../../common/panel/protocol";
import { AssistantMessageView } from "./assistantMessageView";
import { h } from "../util/dom";
import { userMessageView } from "./userMessageView";
import type { AnswerRating } from "../../common/history/answerRating";

/** Within this many pixels of the end counts as reading the end. */
const STICK_TO_END_PX = 48;
/** Room left above an answer's first line when following stops there. */
const ANSWER_TOP_MARGIN_PX = 8;

export interface ConversationViewOptions {
  post: (message: WebviewRequest) => void;
  announce: (text: string) => void;
  /** Shown while the conversation has no messages. */
  emptyState(): HTMLElement;
  onScroll(scrollTop: number): void;
}

export class ConversationView {
  readonly element = h("section", { class: "conversation", "aria-label": "Conversation", tabindex: "0" });
  private readonly list = h("div", { class: "messages" });
  private answers = new Map<string, AssistantMessageView>();
  /** The last question shown: the one the next answer answers. */
  private lastQuestion: PanelUserMessage | undefined;
  /** Answers the user stopped: their text stays as it was when Stop was pressed. */
  private readonly stopped = new Set<string>();
  private id: string | null = null;
  /** Whether the reader is at the end; measured on scroll, not per token (that would force a layout each time). */
  private atEnd = true;
  private scrollQueued = false;
  private followQueued = false;
  /** The answer being written whose start the view must not scroll past. */
  private followAnswer: HTMLElement | undefined;

  constructor(private readonly options: ConversationViewOptions) {
    this.element.append(this.list);
    this.element.addEventListener("scroll", () => {
      if (this.scrollQueued) return;
      this.scrollQueued = true;
      requestAnimationFrame(() => {
        this.scrollQueued = false;
        const el = this.element;
        this.atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_TO_END_PX;
        options.onScroll(el.scrollTop);
      });
    });
  }

  get conversationId(): string | null {
    return this.id;
  }

  show(conversation: PanelConversation | null): void {
    this.id = conversation?.id ?? null;
    this.answers.clear();
    this.lastQuestion = undefined;
    this.list.replaceChildren();
    for (const m of conversation?.messages ?? []) this.add(m);
    this.showEmptyState();
    this.scrollToEnd();
  }

  scrollTo(top: number): void {
    this.element.scrollTop = top;
  }

  /** Redraws the empty-state text (it names the models, which can change). */
  showEmptyState(): void {
    this.element.querySelector(".empty-state")?.remove();
    if (this.list.childElementCount === 0) this.element.prepend(this.options.emptyState());
  }

  startTurn(conversationId: string, user: PanelUserMessage, assistant: PanelAssistantMessage): void {
    // A new chat gets its id from its first turn.
    if (conversationId !== this.id) this.show({ id: conversationId, title: "", messages: [] });
    this.add(user);
    this.add(assistant);
    this.showEmptyState();
    this.scrollToEnd();
  }

  turnEvent(conversationId: string, messageId: string, event: PanelTurnEvent): void {
    if (conversationId !== this.id) return;
    const view = this.answers.get(messageId);
    if (!view) return;
    if (this.stopped.has(messageId) && (event.type === "guidance" || event.type === "student" || event.type === "handoff")) return;
    if (event.type === "done") this.stopped.delete(messageId);
    view.handle(event);
    if (this.atEnd) this.followEnd(view.element);
  }

  /** The host kept a rating: the answer shows it. */
  rated(conversationId: string, messageId: string, rating: AnswerRating | undefined): void {
    if (conversationId === this.id) this.answers.get(messageId)?.rated(rating);
  }

  /** The user pressed Stop: answers still being written show no more text (their notes and end still come). */
  stopShowingText(): void {
    for (const view of this.answers.values()) if (view.streaming) this.stopped.add(view.id);
  }

  private scrollToEnd(): void {
    this.atEnd = true;
    this.element.scrollTop = this.element.scrollHeight;
  }

  /**
   * Keeps the newest text in view, once a frame at most, but stops with the top of `answer` at
   * the top of the view: an answer taller than the view is read from its opening, which the
   * teacher wrote and is marked, not from the end it would otherwise chase (at 1280×657 the
   * opening scrolled away while the student wrote). Stopped there, the reader is no longer at the
   * end, so the view stays where it is until they scroll down.
   */
  private followEnd(answer: HTMLElement): void {
    this.followAnswer = answer;
    if (this.followQueued) return;
    this.followQueued = true;
    requestAnimationFrame(() => {
      this.followQueued = false;
      if (!this.atEnd || !this.followAnswer) return;
      const el = this.element;
      const answerTop = this.followAnswer.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop - ANSWER_TOP_MARGIN_PX;
      el.scrollTop = Math.min(el.scrollHeight - el.clientHeight, Math.max(0, answerTop));
    });
  }

  private add(m: PanelUserMessage | PanelAssistantMessage): void {
    if (m.role === "user") {
      this.lastQuestion = m;
      this.list.append(userMessageView(m));
      return;
    }
    const id = this.id ?? "";
    const view = new AssistantMessageView(m, { post: this.options.post, announce: this.options.announce, conversationId: id, ...(this.lastQuestion ? { question: this.lastQuestion } : {}) });
    this.answers.set(m.id, view);
    this.list.append(view.element);
  }
}
