// What an empty conversation shows: how the current mode answers, in one line, and two tips.
import type { PanelStatus } from "../../common/status/setupStatus";
import { h } from "../util/dom";

export function emptyState(status: PanelStatus | undefined): HTMLElement {
  const student = status?.student.model ?? "your local model";
  const teacher = status?.teacher.test ? "The test teacher (canned answers, not billed)" : (status?.teacher.model ?? "the teacher");
  const how =
    status?.mode === "local"
      ? `${student} answers on your machine: free and offline.`
      : status?.mode === "cloud"
        ? `${teacher} writes the whole answer: the baseline to compare against.`
        : `${teacher} writes the opening of each answer; ${student} writes the rest on your machine.`;
  return h(
    "div",
    { class: "empty-state" },
    h("h2", {}, "Ask about your code"),
    h("p", {}, how),
    h("ul", {}, h("li", {}, "Attach your selection or the current file with the buttons under the input."), h("li", {}, "Each answer ends with what it cost and what the teacher alone would have cost.")),
  );
}
