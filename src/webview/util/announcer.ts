// A polite live region for screen readers. Streaming answers are announced once, when complete,
// instead of token by token (which would drown out everything else).
import { h } from "./dom";

/** Long answers are cut in the announcement; the whole text stays readable in the conversation. */
const MAX_ANNOUNCED_CHARS = 4000;

export class Announcer {
  readonly element = h("div", { class: "visually-hidden", "aria-live": "polite", "aria-atomic": "true" });

  announce(text: string): void {
    const t = text.trim();
    this.element.textContent = t.length > MAX_ANNOUNCED_CHARS ? `${t.slice(0, MAX_ANNOUNCED_CHARS)}…` : t;
  }
}
