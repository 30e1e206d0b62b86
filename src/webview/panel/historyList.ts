// Past conversations: reopen one, or delete it after confirming in place.
import type { ConversationSummary } from "../../common/history/chatHistory";
import type { WebviewRequest } from "../../common/panel/protocol";
import { button, h } from "../util/dom";
import { icon } from "../util/icons";

/** "just now", "12 min ago", "3 h ago", "yesterday", or a date. */
export function relativeTime(then: number, now: number): string {
  const minutes = Math.round((now - then) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  if (hours < 48) return "yesterday";
  return new Date(then).toLocaleDateString(undefined, { month: "short", day: "numeric", year: now - then > 300 * 86_400_000 ? "numeric" : undefined });
}

export class HistoryList {
  readonly element = h("section", { class: "history", id: "history", "aria-label": "Past conversations", hidden: true });
  private readonly list = h("ul", { class: "history-list" });
  private items: ConversationSummary[] = [];
  private activeId: string | null = null;
  private confirming: string | null = null;

  constructor(
    private readonly post: (m: WebviewRequest) => void,
    private readonly onClose: () => void,
  ) {
    this.element.append(
      h("div", { class: "history-head" }, h("h2", {}, "History"), button({ label: "Close history", icon: icon("close"), class: "icon-button", onClick: onClose })),
      this.list,
    );
    this.element.addEventListener("keydown", (e) => {
      if (e.key !== "Escape") return;
      // Escape backs out of a pending delete first, then closes the list.
      e.stopPropagation();
      if (this.confirming) this.setConfirming(null);
      else onClose();
    });
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  setOpen(open: boolean): void {
    this.element.hidden = !open;
    this.confirming = null;
    this.render();
    if (open) (this.list.querySelector<HTMLButtonElement>(".history-open") ?? this.element.querySelector("button"))?.focus();
  }

  update(items: ConversationSummary[], activeId: string | null): void {
    this.items = items;
    this.activeId = activeId;
    if (this.confirming && !items.some((c) => c.id === this.confirming)) this.confirming = null;
    this.render();
  }

  private setConfirming(id: string | null): void {
    const previous = this.confirming;
    this.confirming = id;
    this.render();
    const target = id ?? previous;
    if (target) this.list.querySelector<HTMLButtonElement>(`li[data-id="${CSS.escape(target)}"] ${id ? ".confirm-cancel" : ".history-delete"}`)?.focus();
  }

  private render(): void {
    if (this.items.length === 0) {
      this.list.replaceChildren(h("li", { class: "history-empty" }, "No past conversations yet."));
      return;
    }
    const now = Date.now();
    this.list.replaceChildren(...this.items.map((c) => (c.id === this.confirming ? this.confirmRow(c) : this.row(c, now))));
  }

  private row(c: ConversationSummary, now: number): HTMLElement {
    const open = button({
      class: "history-open",
      onClick: () => {
        this.post({ type: "open-conversation", conversationId: c.id });
        this.onClose();
      },
    });
    open.append(
      h("span", { class: "history-title" }, c.title || "Untitled"),
      h("span", { class: "history-meta" }, `${relativeTime(c.updatedAt, now)} · ${c.messageCount} message${c.messageCount === 1 ? "" : "s"}`),
    );
    if (c.id === this.activeId) open.setAttribute("aria-current", "true");
    const del = button({ label: `Delete “${c.title || "Untitled"}”`, icon: icon("trash"), class: "icon-button history-delete", onClick: () => this.setConfirming(c.id) });
    return h("li", { class: `history-item${c.id === this.activeId ? " active" : ""}`, "data-id": c.id }, open, del);
  }

  private confirmRow(c: ConversationSummary): HTMLElement {
    return h(
      "li",
      { class: "history-item confirming", "data-id": c.id, role: "group", "aria-label": "Confirm delete" },
      h("span", { class: "confirm-text" }, `Delete “${c.title || "Untitled"}”?`),
      button({ text: "Delete", class: "danger confirm-delete", onClick: () => this.post({ type: "delete-conversation", conversationId: c.id }) }),
      button({ text: "Cancel", class: "secondary confirm-cancel", onClick: () => this.setConfirming(null) }),
    );
  }
}
