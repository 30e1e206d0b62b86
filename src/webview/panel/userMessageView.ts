// The user's own message: plain text (never HTML) and the editor context attached to it.
import type { StoredUserMessage } from "../../common/history/chatHistory";
import { h } from "../util/dom";
import { icon } from "../util/icons";
import { linesLabel } from "../../common/util/selectionLines";

export function userMessageView(m: StoredUserMessage): HTMLElement {
  const article = h(
    "article",
    { class: "msg msg-user", "data-message-id": m.id, "aria-label": "Your message" },
    h("div", { class: "msg-head" }, h("span", { class: "msg-author" }, "You")),
  );
  if (m.context?.length) {
    article.append(
      h(
        "div",
        { class: "msg-chips", "aria-label": "Attached context" },
        ...m.context.map((c) =>
          h(
            "span",
            { class: "chip", title: `${c.kind === "file" ? "File" : "Selection"} · ${c.language} · ${c.text.length} chars` },
            icon(c.kind === "file" ? "file" : "selection"),
            // A selection is named by its lines, as its chip was before it was sent.
            c.kind === "selection" && c.focus ? `${c.fileName}:${linesLabel(c.focus)}` : c.fileName,
          ),
        ),
      ),
    );
  }
  // A task shows what the user typed; the instructions the models were sent are one click away.
  if (m.task) {
    article.append(h("div", { class: "msg-text" }, m.task.typed), h("details", { class: "msg-task" }, h("summary", {}, "What was asked of the models"), h("div", { class: "msg-text" }, m.text)));
  } else article.append(h("div", { class: "msg-text" }, m.text));
  return article;
}
