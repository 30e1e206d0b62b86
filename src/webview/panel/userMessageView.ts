// The user's own message: plain text (never HTML) and the names of the code attached to it.
import type { PanelUserMessage } from "../../common/panel/panelWire";
import { h } from "../util/dom";
import { icon } from "../util/icons";

export function userMessageView(m: PanelUserMessage): HTMLElement {
  const article = h(
    "article",
    { class: "msg msg-user", "data-message-id": m.id, "aria-label": "Your message" },
    h("div", { class: "msg-head" }, h("span", { class: "msg-author" }, "You")),
  );
  if (m.attachments?.length) {
    article.append(
      h(
        "div",
        { class: "msg-chips", "aria-label": "Attached context" },
        ...m.attachments.map((a) => h("span", { class: "chip", title: `${a.kind === "file" ? "File" : "Selection"} · ${a.language} · ${a.chars} chars` }, icon(a.kind === "file" ? "file" : "selection"), a.label)),
      ),
    );
  }
  // A task shows what the user typed; the instructions the models were sent are one click away.
  if (m.task) {
    article.append(h("div", { class: "msg-text" }, m.task.typed), h("details", { class: "msg-task" }, h("summary", {}, "What was asked of the models"), h("div", { class: "msg-text" }, m.text)));
  } else article.append(h("div", { class: "msg-text" }, m.text));
  return article;
}
