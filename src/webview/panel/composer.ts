// Where the user writes: Enter sends, Shift+Enter is a newline, Escape or Stop ends a running
// answer. The textarea stays usable while an answer streams, so the next question can be drafted.
import type { ContextChip, WebviewRequest } from "../../common/panel/protocol";
import { ContextChips } from "./contextChips";
import { button, h, setShown } from "../util/dom";
import { icon } from "../util/icons";
import { SlashMenu } from "./slashMenu";

/** The textarea grows with its text up to this height, then scrolls. */
const MAX_INPUT_PX = 240;

export interface ComposerOptions {
  /** Sends a request; returns the id its reply will carry. */
  post: (message: WebviewRequest) => string;
  draft: string;
  onDraft(text: string): void;
}

export class Composer {
  readonly element = h("div", { class: "composer" });
  readonly input = h("textarea", {
    class: "composer-input",
    rows: "1",
    "aria-label": "Message to Headstart",
    placeholder: "Ask about your code, or / for commands…",
    "aria-description": "Enter sends, Shift+Enter starts a new line",
  });
  private readonly chips: ContextChips;
  private readonly send: HTMLButtonElement;
  private readonly stop: HTMLButtonElement;
  private readonly problem = h("div", { class: "problem", role: "alert", hidden: true });
  private readonly menu: SlashMenu;
  private busy = false;
  /** Sent but not yet started: restored if the host refuses it, so nothing typed is lost. */
  /** The last send, until the host replies: its text comes back if it is refused. */
  private pending: { id: string; text: string } | null = null;

  constructor(private readonly options: ComposerOptions) {
    this.chips = new ContextChips(options.post);
    this.send = button({ text: "Send", label: "Send (Enter)", icon: icon("send"), class: "primary send", onClick: () => this.submit() });
    this.stop = button({ text: "Stop", label: "Stop the answer (Escape)", icon: icon("stop"), class: "secondary stop", onClick: () => options.post({ type: "stop" }) });
    this.menu = new SlashMenu(this.input, (text) => this.focus(text));
    this.input.value = options.draft;
    this.input.addEventListener("input", () => this.changed());
    this.input.addEventListener("blur", () => this.menu.close());
    this.input.addEventListener("keydown", (e) => this.onKey(e));
    this.element.append(
      this.problem,
      h(
        "div",
        { class: "composer-box" },
        this.menu.element,
        this.chips.chipsElement,
        this.input,
        h("div", { class: "composer-bar" }, this.chips.toolsElement, h("span", { class: "spacer" }), this.send, this.stop),
      ),
    );
    this.setBusy(false);
    this.chips.update([], 0);
    requestAnimationFrame(() => this.grow());
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    setShown(this.send, !busy);
    setShown(this.stop, busy);
    this.updateSend();
  }

  setChips(chips: ContextChip[], maxChars: number): void {
    this.chips.update(chips, maxChars);
  }

  focus(prefill?: string): void {
    if (prefill !== undefined) {
      this.input.value = prefill;
      this.changed();
    }
    this.input.focus();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  /**
   * The host's reply to a request: when it is this composer's send, taken, or refused, when the
   * text comes back with the reason. Whether it was this composer's.
   */
  replied(id: string, refused?: string): boolean {
    if (this.pending?.id !== id) return false;
    const { text } = this.pending;
    this.pending = null;
    if (refused === undefined) return true;
    // Words typed since are kept: the refused text goes back only into an empty input.
    if (this.input.value === "") {
      this.input.value = text;
      this.changed();
    }
    this.showProblem(refused);
    return true;
  }

  showProblem(message: string): void {
    this.problem.replaceChildren(
      icon("warning"),
      h("span", { class: "problem-text" }, message),
      button({ label: "Dismiss", icon: icon("close"), class: "icon-button", onClick: () => setShown(this.problem, false) }),
    );
    setShown(this.problem, true);
  }

  private onKey(e: KeyboardEvent): void {
    if (this.menu.onKey(e)) return;
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      this.submit();
    }
  }

  private submit(): void {
    const text = this.input.value;
    if (this.busy || text.trim() === "") return;
    const id = this.options.post({ type: "send", text });
    this.pending = { id, text };
    this.input.value = "";
    setShown(this.problem, false);
    this.changed();
  }

  private changed(): void {
    this.options.onDraft(this.input.value);
    this.menu.update();
    this.updateSend();
    this.grow();
  }

  private updateSend(): void {
    this.send.disabled = this.input.value.trim() === "";
  }

  /** Auto-grow through the CSSOM (the page's CSP forbids inline style attributes, not this). */
  private grow(): void {
    this.input.style.height = "auto";
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, MAX_INPUT_PX)}px`;
  }
}
