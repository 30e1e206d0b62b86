// The screen a new user sees before choosing a local model: what Headstart does, and the two
// things to set up (a model, and optionally the teacher's key).
import type { WebviewRequest } from "../../common/panel/protocol";
import type { RecommendedModel } from "../../common/status/recommendedModels";
import type { PanelStatus } from "../../common/status/setupStatus";
import { button, h } from "../util/dom";

export interface FirstRunOptions {
  status: PanelStatus;
  recommended: RecommendedModel[];
  post: (message: WebviewRequest) => void;
}

function modelRow(m: RecommendedModel, o: FirstRunOptions): HTMLElement {
  const downloading = o.status.student.state === "downloading";
  const download = button({
    text: "Download",
    label: `Download ${m.name} (${m.sizeGb} GB)`,
    class: "secondary",
    onClick: () => o.post({ type: "download-model", uri: m.uri }),
  });
  download.disabled = downloading;
  return h(
    "li",
    { class: "model-row" },
    h(
      "div",
      { class: "model-info" },
      h("span", { class: "model-name" }, m.name),
      h("span", { class: "model-meta" }, `${m.sizeGb} GB download · needs ${m.ramGb} GB RAM`),
      m.note ? h("span", { class: "model-note" }, m.note) : null,
    ),
    download,
  );
}

export function firstRunView(o: FirstRunOptions): HTMLElement {
  const { status } = o;
  const st = status.student;
  const view = h(
    "section",
    { class: "first-run", "aria-labelledby": "first-run-title" },
    h("h1", { id: "first-run-title" }, "Welcome to Headstart"),
    h(
      "p",
      { class: "lead" },
      "Headstart answers your coding questions with a small model that runs on your own machine. A large cloud model writes just the first few words of each answer, so you get its direction at a fraction of its price.",
    ),
    h("h2", {}, "1. Choose a local model"),
    h(
      "div",
      { class: "step-actions" },
      button({ text: "Choose a model file…", class: "primary", onClick: () => o.post({ type: "action", action: "choose-model-file" }) }),
      h("span", { class: "hint" }, "a .gguf file you already have"),
    ),
  );
  if (st.state === "downloading" || st.state === "loading") {
    const progress = h("progress", { max: "1", "aria-label": st.state === "downloading" ? "Download progress" : "Loading progress" });
    if (st.progress !== undefined) progress.value = st.progress;
    view.append(h("div", { class: "first-run-progress" }, h("span", {}, st.state === "downloading" ? "Downloading…" : "Loading…"), progress));
  }
  if (st.state === "error" && st.error) view.append(h("p", { class: "first-run-error", role: "alert" }, st.error));
  if (o.recommended.length) {
    view.append(h("p", { class: "or" }, "or download one to start with:"), h("ul", { class: "model-list", "aria-label": "Recommended models" }, ...o.recommended.map((m) => modelRow(m, o))));
  }
  if (!status.teacher.hasKey) {
    view.append(
      h("h2", {}, "2. Set the teacher's API key (optional)"),
      h(
        "div",
        { class: "step-actions" },
        button({ text: "Set teacher API key", class: "secondary", onClick: () => o.post({ type: "action", action: "set-key" }) }),
      ),
      h("p", { class: "hint" }, `The teacher is ${status.teacher.model} at ${status.teacher.host}. Without a key, Headstart works fully locally.`),
    );
  }
  return view;
}
