// The panel's top bar: answer mode, new chat, history, and the status line under them.
import type { WebviewRequest } from "../../common/panel/protocol";
import type { PanelStatus } from "../../common/status/setupStatus";
import { button, h } from "../util/dom";
import { icon } from "../util/icons";
import { ModeSwitch } from "./modeSwitch";
import { StatusLine } from "./statusLine";

export class Header {
  readonly element = h("header", { class: "panel-header" });
  readonly historyButton: HTMLButtonElement;
  private readonly modes: ModeSwitch;
  private readonly statusLine = new StatusLine();

  constructor(post: (m: WebviewRequest) => void, onToggleHistory: () => void) {
    this.modes = new ModeSwitch((mode) => post({ type: "set-mode", mode }));
    this.historyButton = button({ label: "History", icon: icon("history"), class: "icon-button", onClick: onToggleHistory });
    this.historyButton.setAttribute("aria-expanded", "false");
    this.historyButton.setAttribute("aria-controls", "history");
    this.element.append(
      h(
        "div",
        { class: "header-row" },
        this.modes.element,
        h("span", { class: "spacer" }),
        button({ label: "New chat", icon: icon("plus"), class: "icon-button", onClick: () => post({ type: "new-chat" }) }),
        this.historyButton,
      ),
      this.statusLine.element,
    );
  }

  update(status: PanelStatus): void {
    this.modes.show(status.mode);
    this.statusLine.update(status);
  }

  setHistoryOpen(open: boolean): void {
    this.historyButton.setAttribute("aria-expanded", String(open));
    this.historyButton.classList.toggle("active", open);
  }
}
