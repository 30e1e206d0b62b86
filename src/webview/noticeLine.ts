// One line above or below an answer saying why it was not made as asked, with what to do about it.
import type { StudentFailureReason, TeacherFailureReason } from "../common/errors";
import type { PanelAction } from "../common/protocol";
import type { AnswerNote } from "../common/answerNote";
import { button, h } from "./dom";
import { icon } from "./icons";

interface LineAction {
  text: string;
  action: PanelAction;
}

const SET_KEY: LineAction = { text: "Set API key", action: "set-key" };
const RETRY: LineAction = { text: "Retry", action: "retry" };
const LOCAL: LineAction = { text: "Use local mode", action: "switch-to-local" };
const SETTINGS: LineAction = { text: "Open settings", action: "open-settings" };
const CHOOSE_MODEL: LineAction = { text: "Choose model", action: "choose-model" };

type LineReason = TeacherFailureReason | StudentFailureReason | AnswerNote["reason"] | "internal";

const ACTIONS: Record<LineReason, LineAction[]> = {
  "no-key": [SET_KEY],
  auth: [SET_KEY],
  "rate-limited": [RETRY, LOCAL],
  unavailable: [RETRY, LOCAL],
  timeout: [RETRY, LOCAL],
  "bad-response": [SETTINGS, LOCAL],
  "empty-guidance": [SETTINGS, LOCAL],
  "model-missing": [CHOOSE_MODEL],
  "model-not-gguf": [CHOOSE_MODEL],
  "model-truncated": [CHOOSE_MODEL],
  "model-unsupported": [CHOOSE_MODEL],
  "load-failed": [CHOOSE_MODEL],
  "download-failed": [CHOOSE_MODEL],
  "generation-failed": [RETRY],
  "history-trimmed": [SETTINGS],
  stalled: [SETTINGS],
  "length-limit": [SETTINGS],
  "parameter-refused": [],
  "cap-ignored": [SETTINGS],
  internal: [],
};

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
  const actions = ACTIONS[o.reason];
  if (actions.length) {
    line.append(
      h("span", { class: "notice-actions" }, ...actions.map((a) => button({ text: a.text, class: "notice-action", onClick: () => o.onAction(a.action) }))),
    );
  }
  return line;
}
