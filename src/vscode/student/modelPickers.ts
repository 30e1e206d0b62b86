import * as vscode from "vscode";
import { RECOMMENDED_MODELS } from "../../common/status/recommendedModels";
import { errorMessage } from "../../common/util/errorMessage";
import type { Configuration } from "../settings/configuration";
import type { StudentManager } from "./studentManager";
import { notify } from "../util/notify";

/** The quick pick of "Headstart: Choose Student Model": a file, a recommended download, or a URI. */
export async function chooseStudentModel(chooseModelUri: (uri: string) => Promise<void>, config: Configuration): Promise<void> {
  type Item = vscode.QuickPickItem & { run: () => Promise<void> };
  const items: Item[] = [
    {
      label: "$(file) Choose a .gguf file…",
      detail: "A model file already on this machine",
      run: () => chooseModelFile(config),
    },
    ...RECOMMENDED_MODELS.map<Item>((m) => ({
      label: `$(cloud-download) ${m.name}`,
      description: `${m.sizeGb} GB download · needs ${m.ramGb} GB RAM`,
      detail: m.note,
      run: () => chooseModelUri(m.uri),
    })),
    {
      label: "$(link) Enter an hf: URI or https URL…",
      detail: "For example hf:user/repo:Q4_K_M",
      run: async () => {
        const uri = await vscode.window.showInputBox({
          title: "Headstart: model to download",
          placeHolder: "hf:user/repo:Q4_K_M or https://…/model.gguf",
          validateInput: (v) => (/^(hf:\S+|https:\/\/\S+)$/.test(v.trim()) ? undefined : "Enter an hf: URI or an https URL."),
        });
        if (uri) await chooseModelUri(uri.trim());
      },
    },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: "Headstart: choose the local (student) model", placeHolder: config.settings["student.model"] || "No model chosen yet" });
  await picked?.run();
}

/** VS Code's file dialog for a local `.gguf`; the choice becomes the student model. */
export async function chooseModelFile(config: Configuration): Promise<void> {
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { "GGUF model": ["gguf"] }, title: "Headstart: local model file" });
  if (picked?.[0]) await config.update("student.model", picked[0].fsPath);
}

/** Downloads a model (with progress) and, once it is there, makes it the student. */
export async function downloadAndChoose(uri: string, students: StudentManager, config: Configuration): Promise<void> {
  // Downloaded first, chosen after: a download that fails leaves the working model in place.
  try {
    await students.download(uri);
  } catch (e) {
    void notify("error", `${errorMessage(e)} The local model is still ${config.settings["student.model"] || "unset"}.`);
    return;
  }
  await config.update("student.model", uri);
  void notify("info", `Headstart: the local model is ready (${uri}).`);
}
