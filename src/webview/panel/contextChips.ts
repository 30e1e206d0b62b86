// Editor context attached to the next message: one chip each (removable), the buttons that
// attach more, and how much of the allowed context they use.
import type { ContextChip, WebviewRequest } from "../../common/panel/protocol";
import { button, h } from "../util/dom";
import { icon } from "../util/icons";

/** "850", "12.4k", "1.2M": sizes short enough for the composer's bar. */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

export class ContextChips {
  /** The chips themselves, above the textarea. */
  readonly chipsElement = h("div", { class: "chips", role: "list", "aria-label": "Attached context" });
  /** Attach buttons and the size meter, in the composer's bottom bar. */
  readonly toolsElement: HTMLElement;
  private readonly size = h("span", { class: "context-size" });

  constructor(private readonly post: (m: WebviewRequest) => void) {
    this.toolsElement = h(
      "div",
      { class: "attach" },
      button({ text: "Selection", label: "Attach the editor's selection", icon: icon("selection"), class: "ghost", onClick: () => post({ type: "action", action: "attach-selection" }) }),
      button({ text: "File", label: "Attach the current file", icon: icon("file"), class: "ghost", onClick: () => post({ type: "action", action: "attach-file" }) }),
      this.size,
    );
  }

  update(chips: ContextChip[], maxChars: number): void {
    this.chipsElement.replaceChildren(
      ...chips.map((c) =>
        h(
          "span",
          { class: "chip", role: "listitem", "data-chip-id": c.id, title: `${c.kind === "file" ? "File" : "Selection"} · ${c.language} · ${c.chars} chars` },
          icon(c.kind === "file" ? "file" : "selection"),
          h("span", { class: "chip-label" }, c.label),
          button({ label: `Remove ${c.label}`, icon: icon("close"), class: "chip-remove", onClick: () => this.post({ type: "remove-chip", chipId: c.id }) }),
        ),
      ),
    );
    this.chipsElement.hidden = chips.length === 0;
    const total = chips.reduce((n, c) => n + c.chars, 0);
    this.size.textContent = chips.length ? `${shortCount(total)} / ${shortCount(maxChars)} chars` : "";
    this.size.classList.toggle("over", total > maxChars);
    this.size.title = total > maxChars ? "More context than is sent: the largest parts will be cut" : "Context attached to the next message";
  }
}
