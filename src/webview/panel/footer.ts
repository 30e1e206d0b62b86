// The line of figures under a finished answer: how it was made and what it cost.
import { formatAutoDecision, formatSaving, formatTeacherView, teacherTokens } from "../../common/turn/format";
import { formatActualCost, formatPriceSource, formatStudentServerCost, formatUsd } from "../../common/cost/money";
import type { PanelAssistantMessage } from "../../common/panel/panelWire";
import { comparedTeacher } from "../../common/turn/comparedTeacher";
import { noSavingReason } from "../../common/turn/noSavingReason";
import type { ShownRecord, TurnRecord } from "../../common/turn/turnRecord";
import { button, h } from "../util/dom";

const MODE_NAMES: Record<TurnRecord["mode"], string> = { guided: "Guided", auto: "Auto", local: "Local", cloud: "Cloud" };

function item(field: string, text: string, title?: string): HTMLElement {
  return h("span", { class: "footer-item", "data-field": field, title }, text);
}

function teacherItem(r: ShownRecord): HTMLElement {
  const tokens = teacherTokens(r);
  const why = r.cost.actualUsd === null ? `No price is known for ${r.teacherModel ?? "the teacher model"}.` : formatPriceSource(r.cost);
  return h("span", { class: "footer-item", "data-field": "teacher" }, `teacher ${tokens} · `, item("teacher-cost", formatActualCost(r.cost), why));
}

/** Whether the teacher was asked for this answer, so there is a request to show. */
function usedTeacher(m: PanelAssistantMessage): boolean {
  return m.plan.teacher !== "none" && (m.sentRequest !== undefined || m.record?.teacherUsage !== undefined || m.guidanceLength > 0);
}

/** The footer for a finished answer, or null while it has no record. */
export function answerFooter(message: PanelAssistantMessage, showRequest: () => void): HTMLElement | null {
  const r = message.record;
  if (!r) return null;
  const facts: HTMLElement[] = [item("mode", MODE_NAMES[r.mode])];
  if (r.stopped) facts.push(item("stopped", "stopped"));
  if (r.auto) facts.push(item("auto", formatAutoDecision(r.auto), "Auto mode asks the teacher only when the local model is unsure of its first tokens (headstart.auto.threshold)."));
  if (r.teacherView) facts.push(item("teacher-view", formatTeacherView(r.teacherView), "What the teacher was shown (headstart.teacher.context); “What was sent” shows it, with every cut marked."));
  if (r.plan.teacher !== "none" && r.teacherModel) facts.push(teacherItem(r));
  if (r.studentStats) {
    const s = r.studentStats;
    const where = s.server ? ` on ${s.server}` : "";
    facts.push(item("student", `student${where} ${s.outputTokens} tokens · ${s.tokensPerSecond.toFixed(s.tokensPerSecond < 10 ? 1 : 0)} tok/s`, s.server ? "Written by the student server (headstart.student.server)." : undefined));
  }
  const money: HTMLElement[] = [];
  if (r.cost.studentUsd !== undefined) {
    money.push(item("student-cost", formatStudentServerCost(r.cost.studentUsd), "What the student server charges for its part (headstart.student.serverPrice), apart from the teacher's spend; taken from the saving."));
  }
  // An answer the teacher wrote alone is the teacher-only answer: there is nothing to compare it
  // with or save. A turn that claims no saving (it failed, or the teacher wrote nothing) says so, with no price to compare.
  const none = noSavingReason(r);
  const compared = comparedTeacher(r);
  if (compared && none !== undefined) {
    money.push(item("no-saving", none, "No saving is claimed for an answer that failed, or that the teacher was asked for but wrote nothing of."));
  } else if (compared && r.plan.student) {
    money.push(item("teacher-only", `teacher-only ${formatUsd(r.cost.counterfactualUsd)}`, "What this answer would have cost had the teacher written all of it."));
    money.push(item("saving", formatSaving(r)));
  }
  // Where the price came from and how old it is, so a stale or unexpected price can be seen.
  const price = compared || r.plan.teacher === "answer" ? formatPriceSource(r.cost) : undefined;
  if (price) money.push(item("price", price));
  const footer = h("footer", { class: "msg-footer", "aria-label": "Answer details" }, h("div", { class: "footer-line" }, ...separated(facts)));
  if (money.length || usedTeacher(message)) {
    const line = h("div", { class: "footer-line" }, ...separated(money));
    if (usedTeacher(message)) {
      line.append(button({ text: "What was sent", label: "Show the request sent to the teacher", class: "link-button", onClick: showRequest }));
    }
    footer.append(line);
  }
  return footer;
}

function separated(items: HTMLElement[]): Node[] {
  return items.flatMap((el, i) => (i === 0 ? [el] : [h("span", { class: "footer-sep", "aria-hidden": "true" }, "·"), el]));
}
