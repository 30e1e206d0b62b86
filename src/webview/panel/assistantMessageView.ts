// One answer: who wrote which part, the answer itself (live while streaming), any notice or
// error, and the footer with its figures.
import type { PanelAssistantMessage, PanelUserMessage } from "../../common/panel/panelWire";
import { applyLabel } from "../../common/edits/applyTarget";
import { findBlock, isCodeBlock } from "../../common/edits/answerBlocks";
import type { PanelAction, PanelTurnEvent, WebviewRequest } from "../../common/panel/protocol";
import { applyTurnEvent } from "../../common/panel/applyTurnEvent";
import { cutGuidance } from "../../common/turn/guidanceCut";
import { h, setShown } from "../util/dom";
import { answerFooter } from "./footer";
import { MarkdownStream } from "../markdown/streamingMarkdown";
import { noticeLine } from "./noticeLine";
import { RatingControls } from "./ratingControls";
import { withRating, type AnswerRating } from "../../common/history/answerRating";

export interface MessageContext {
  post: (message: WebviewRequest) => void;
  conversationId: string;
  announce: (text: string) => void;
  /** The question this answers: where its code goes when a block names no file. */
  question?: PanelUserMessage;
}

export class AssistantMessageView {
  readonly element: HTMLElement;
  private readonly legend = h("span", { class: "teacher-legend" });
  private readonly state = h("span", { class: "msg-state" });
  private readonly noticeSlot = h("div", { class: "notice-slot" });
  private readonly body = h("div", { class: "msg-body markdown" });
  private readonly waiting = h("div", { class: "typing", "aria-hidden": "true" }, h("span"), h("span"), h("span"));
  private readonly notesSlot = h("div", { class: "notes-slot" });
  private readonly errorSlot = h("div", { class: "error-slot" });
  private readonly footerSlot = h("div", { class: "footer-slot" });
  private readonly rating: RatingControls;
  private readonly stream: MarkdownStream;
  /**
   * All the teacher's text received so far. Only up to its last clean boundary is shown: the
   * half-word after it is what the handoff would take back, so it appears only once it is whole.
   */
  private guidanceReceived: string;

  constructor(
    private message: PanelAssistantMessage,
    private readonly ctx: MessageContext,
  ) {
    this.rating = new RatingControls((value, reason) =>
      ctx.post({ type: "rate", conversationId: ctx.conversationId, messageId: this.message.id, value, ...(reason?.trim() ? { reason } : {}) }),
    );
    const teacherTitle = message.plan.teacher === "answer" ? undefined : `Opening written by ${message.teacherModel ?? "the teacher model"}`;
    this.stream = new MarkdownStream(this.body, {
      teacherTitle,
      codeActions: {
        copy: (text) => ctx.post({ type: "copy", text }),
        insert: (text) => ctx.post({ type: "insert", text }),
        apply: (code) => ctx.post({ type: "apply", conversationId: ctx.conversationId, messageId: this.message.id, code }),
        applyLabel: (code) => {
          // The text streamed so far: the stored answer arrives only when the turn ends.
          const found = findBlock(this.stream.text(), code);
          return found && isCodeBlock(found) ? applyLabel({ fileName: found.fileName ?? ctx.question?.applyFile }) : undefined;
        },
      },
    });
    // The legend names who wrote the marked opening, for screen readers as well as by sight.
    this.legend.id = `legend-${message.id}`;
    this.body.setAttribute("aria-describedby", this.legend.id);
    this.element = h(
      "article",
      { class: "msg msg-assistant", "data-message-id": message.id, "aria-label": "Headstart's answer" },
      h("div", { class: "msg-head" }, h("span", { class: "msg-author" }, "Headstart"), h("span", { class: "msg-mode" }, message.mode), this.legend, this.state),
      this.noticeSlot,
      this.body,
      this.waiting,
      this.notesSlot,
      this.errorSlot,
      this.footerSlot,
      this.rating.element,
    );
    this.stream.reset(message.text, message.guidanceLength, !message.streaming);
    this.guidanceReceived = message.text.slice(0, message.guidanceLength);
    this.refreshHead();
    this.refreshSlots();
  }

  get id(): string {
    return this.message.id;
  }

  /** Whether the answer is still being written. */
  get streaming(): boolean {
    return this.message.streaming === true;
  }

  handle(event: PanelTurnEvent): void {
    switch (event.type) {
      case "guidance": {
        this.guidanceReceived += event.text;
        const whole = cutGuidance(this.guidanceReceived).kept;
        if (whole.length > this.stream.guidanceLength) this.stream.append(whole.slice(this.stream.guidanceLength), true);
        break;
      }
      case "handoff":
        // As the host does (applyTurnEvent): the shown guidance is cut back to what the engine kept.
        this.stream.truncate(Math.min(event.kept.length, this.stream.guidanceLength));
        break;
      case "student":
        this.stream.append(event.text, false);
        break;
      case "notice":
      case "note":
      case "error":
        this.message = applyTurnEvent(this.message, event);
        this.refreshSlots();
        break;
      case "done":
        this.finish(event.message);
        return;
      default: {
        const unknown: never = event;
        return unknown;
      }
    }
    this.refreshHead();
  }

  /** The host kept a new rating for this answer. */
  rated(rating: AnswerRating | undefined): void {
    this.message = withRating(this.message, rating);
    this.rating.show(rating);
  }

  /** The turn ended: show the stored answer (the same text, unless the host says otherwise). */
  private finish(final: PanelAssistantMessage): void {
    const same = final.text.length === this.stream.length && final.guidanceLength === this.stream.guidanceLength && final.text === this.stream.text();
    this.message = final;
    if (same && !final.streaming) this.stream.finish();
    else if (!same) this.stream.reset(final.text, final.guidanceLength, !final.streaming);
    this.refreshHead();
    this.refreshSlots();
    // What a reader hears: the answer's text without the code blocks' toolbars.
    const copy = this.body.cloneNode(true) as HTMLElement;
    for (const bar of Array.from(copy.querySelectorAll(".code-toolbar"))) bar.remove();
    const said = copy.textContent ?? "";
    this.ctx.announce(said.trim() ? `Answer${final.partial ? " (stopped)" : ""}: ${said}` : "The answer is empty.");
  }

  /** What changes with every streamed chunk: kept cheap. */
  private refreshHead(): void {
    const m = this.message;
    const marked = m.plan.teacher === "opening" && this.stream.guidanceLength > 0;
    this.legend.textContent = marked ? `opening by ${m.teacherModel ?? "teacher"}` : "";
    setShown(this.legend, marked);
    const stateText = m.streaming ? "writing…" : m.partial ? (m.record?.stopped ? "stopped" : "interrupted") : "";
    this.state.textContent = stateText;
    this.state.className = `msg-state${stateText ? ` ${m.streaming ? "live" : "partial"}` : ""}`;
    setShown(this.state, stateText !== "");
    this.element.setAttribute("aria-busy", m.streaming ? "true" : "false");
    setShown(this.waiting, m.streaming === true && this.stream.length === 0);
  }

  /** Notice, error and footer: rebuilt only when they change, so live regions are not re-announced. */
  private refreshSlots(): void {
    const m = this.message;
    const onAction = (action: PanelAction): void => this.ctx.post({ type: "action", action });
    this.noticeSlot.replaceChildren(m.notice ? noticeLine({ kind: "notice", ...m.notice, onAction }) : "");
    this.notesSlot.replaceChildren(...(m.notes ?? []).map((n) => noticeLine({ kind: "note", ...n, onAction })));
    this.errorSlot.replaceChildren(m.error ? noticeLine({ kind: "error", ...m.error, onAction }) : "");
    const footer = answerFooter(m, () => this.ctx.post({ type: "show-request", conversationId: this.ctx.conversationId, messageId: m.id }));
    this.footerSlot.replaceChildren(footer ?? "");
    // Only a finished answer can be rated.
    setShown(this.rating.element, footer !== null && !m.streaming);
    this.rating.show(m.rating);
  }
}
