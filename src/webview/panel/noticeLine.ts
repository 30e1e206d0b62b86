// One line above or below an answer saying why it was not made as asked, with what to do about it.
import { LINE_ACTIONS, type LineReason } from "../../common/panel/lineActions";
import type { PanelAction } from "../../common/panel/protocol";
import { button, h } from "../util/dom";
import { icon } from "../util/icons";

export interface NoticeLineOptions {
  /**
   * A notice: the answer went on without the teacher. A note: the student's part is not quite what
   * was asked. An error: the answer could not be made.
   */
  kind: "notice" | "note" | "error";
  reason: LineReason;
  message: string;
  onAction: (action: PanelAction) => void;
}

export function noticeLine(o: NoticeLineOptions): HTMLElement {
  const line = h(
    "div",
    { class: `notice-line ${o.kind}`, role: o.kind === "error" ? "alert" : "status", "data-reason": o.reason },
    icon(o.kind === "error" ? "error" : o.kind === "note" ? "info" : "warning"),
    h("span", { class: "notice-text" }, o.message),
  );
  const actions = LINE_ACTIONS[o.reason];
  if (actions.length) {
    line.append(
      h("span", { class: "notice-actions" }, ...actions.map((a) => button({ text: a.text, class: "notice-action", onClick: () => o.onAction(a.action) }))),
    );
  }
  return line;
}
