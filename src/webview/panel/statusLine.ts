// The compact status under the header: the local model and its state, the teacher, and spend.
import { spendSummary } from "../../common/spend/spendSummary";
import type { PanelStatus } from "../../common/status/setupStatus";
import { TEST_TEACHER_LABEL } from "../../common/cost/testTeacher";
import { isTinyModelSize } from "../../common/models/tinyModel";
import { h, setShown } from "../util/dom";

const STATE_TEXT: Record<PanelStatus["student"]["state"], string> = {
  none: "no model",
  unloaded: "not loaded",
  downloading: "downloading",
  loading: "loading",
  ready: "ready",
  error: "error",
};

const formatMegabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(bytes < 10e6 ? 1 : 0)} MB`;

export class StatusLine {
  readonly element = h("div", { class: "status-line" });
  private readonly student = h("span", { class: "status-student" });
  private readonly teacher = h("span", { class: "status-teacher" });
  private readonly spend = h("span", { class: "status-spend" });
  private readonly progress = h("progress", { class: "status-progress", max: "1", "aria-label": "Model progress" });

  constructor() {
    this.element.append(
      h("div", { class: "status-text" }, this.student, this.teacher, this.spend),
      this.progress,
    );
  }

  update(s: PanelStatus): void {
    const st = s.student;
    const busy = st.state === "downloading" || st.state === "loading";
    const pct = busy && st.progress !== undefined ? ` ${Math.round(st.progress * 100)}%` : "";
    const state = st.model === null && (st.state === "none" || st.state === "unloaded") ? "" : ` · ${STATE_TEXT[st.state]}${pct}`;
    const tiny = st.sizeBytes !== undefined && isTinyModelSize(st.sizeBytes) ? ` (tiny test model, ${formatMegabytes(st.sizeBytes)})` : "";
    this.student.textContent = `${st.model ?? "No local model"}${tiny}${state}`;
    this.student.className = `status-student state-${st.state}`;
    this.student.title =
      st.state === "error" && st.error
        ? st.error
        : `Local model: ${st.model ?? "none chosen"}${tiny ? ". A model this small is for trying Headstart out: it cannot answer coding questions; choose a real one with “Headstart: Choose Student Model”." : ""}`;
    this.teacher.textContent = s.teacher.test ? TEST_TEACHER_LABEL : `teacher ${s.teacher.model}${s.teacher.hasKey ? "" : " · no key"}`;
    this.teacher.className = `status-teacher${s.teacher.hasKey ? "" : " warn"}`;
    this.teacher.title = `Teacher: ${s.teacher.model} at ${s.teacher.host}${s.teacher.hasKey ? "" : " (no API key set: answers are local only)"}`;
    const spend = spendSummary(s.spend);
    this.spend.textContent = `today ${spend.today} · month ${spend.month}`;
    this.spend.title = spend.detail;
    setShown(this.progress, busy);
    if (busy && st.progress !== undefined) this.progress.value = st.progress;
    else this.progress.removeAttribute("value");
  }
}
