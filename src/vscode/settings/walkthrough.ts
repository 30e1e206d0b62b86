import * as vscode from "vscode";
import { isLoopbackUrl } from "../../common/util/loopbackUrl";
import { TEACHER_PRESETS } from "../../common/settings/teacherPresets";
import type { Configuration } from "./configuration";
import { notify } from "../util/notify";

/**
 * Context keys behind the Getting Started walkthrough's checkmarks: each is set when the step
 * really happened (the local model loaded, the key stored, a first answer arrived, its cost shown).
 */
export const WALKTHROUGH_KEYS = {
  studentReady: "headstart.studentReady",
  hasKey: "headstart.hasKey",
  answered: "headstart.answered",
  costShown: "headstart.costShown",
  /** The teacher's address or model was changed in this session (a setting-changed event would fire at start-up too). */
  teacherChosen: "headstart.teacherChosen",
} as const;

export function setWalkthroughKey(key: (typeof WALKTHROUGH_KEYS)[keyof typeof WALKTHROUGH_KEYS], value: boolean): void {
  void vscode.commands.executeCommand("setContext", key, value);
}

/** "Headstart: Choose Teacher Provider": a provider preset fills in the teacher's URL and a model to start with. */
export async function chooseTeacherPreset(config: Configuration): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    TEACHER_PRESETS.map((p) => ({ label: p.name, description: p.baseUrl, detail: `${p.needsKey ? "Needs an API key" : "No key needed"} · starts with ${p.model}`, preset: p })),
    { title: "Headstart: where the teacher is", placeHolder: "An OpenAI-compatible provider" },
  );
  if (!picked) return;
  const { preset } = picked;
  let baseUrl = preset.baseUrl;
  if (preset.askBaseUrl) {
    const typed = await vscode.window.showInputBox({ title: `Headstart: ${preset.name}`, prompt: preset.askBaseUrl, value: baseUrl, validateInput: (v) => (/^https?:\/\/[^\s/]+/.test(v.trim()) ? undefined : "Enter an http(s) URL.") });
    if (!typed) return;
    baseUrl = typed.trim();
  }
  await config.update("teacher.baseUrl", baseUrl);
  await config.update("teacher.model", preset.model);
  const next = preset.needsKey && !isLoopbackUrl(baseUrl) ? "Set API Key" : undefined;
  const answer = await notify("info", `Headstart: the teacher is ${preset.model} at ${baseUrl}.${next ? " Set its API key next." : ""}`, ...(next ? [next] : []));
  if (next && answer === next) await vscode.commands.executeCommand("headstart.setApiKey");
}
