// The guided/auto/local/cloud switch: a radio group of buttons (arrow keys move between them).
import { MODES, type Mode } from "../../common/conversation/mode";
import { h } from "../util/dom";

const LABELS: Record<Mode, { text: string; title: string }> = {
  guided: { text: "Guided", title: "The teacher writes the opening, your local model the rest" },
  auto: { text: "Auto", title: "Your local model begins, and asks the teacher for the opening only when it is unsure" },
  local: { text: "Local", title: "Only your local model: free and offline" },
  cloud: { text: "Cloud", title: "Only the teacher: the baseline to compare against" },
};

export class ModeSwitch {
  readonly element = h("div", { class: "mode-switch", role: "radiogroup", "aria-label": "Answer mode" });
  private readonly buttons = new Map<Mode, HTMLButtonElement>();
  private mode: Mode = "guided";

  constructor(private readonly onChoose: (mode: Mode) => void) {
    for (const mode of MODES) {
      const b = h("button", { type: "button", role: "radio", title: LABELS[mode].title, "data-mode": mode }, LABELS[mode].text);
      b.addEventListener("click", () => this.choose(mode));
      b.addEventListener("keydown", (e) => this.onKey(e, mode));
      this.buttons.set(mode, b);
      this.element.append(b);
    }
    this.show("guided");
  }

  /** Shows `mode` as chosen (from the host's status). */
  show(mode: Mode): void {
    this.mode = mode;
    for (const [m, b] of this.buttons) {
      b.setAttribute("aria-checked", String(m === mode));
      // One tab stop for the group, on the chosen mode (the usual radio group behaviour).
      b.tabIndex = m === mode ? 0 : -1;
    }
  }

  private choose(mode: Mode): void {
    if (mode === this.mode) return;
    this.show(mode);
    this.onChoose(mode);
  }

  private onKey(e: KeyboardEvent, mode: Mode): void {
    const step = e.key === "ArrowRight" || e.key === "ArrowDown" ? 1 : e.key === "ArrowLeft" || e.key === "ArrowUp" ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = MODES[(MODES.indexOf(mode) + step + MODES.length) % MODES.length];
    this.choose(next);
    this.buttons.get(next)?.focus();
  }
}
