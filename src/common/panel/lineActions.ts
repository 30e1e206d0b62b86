import type { AnswerNote } from "../turn/answerNote";
import type { StudentFailureReason, TeacherFailureReason } from "../models/errors";
import type { PanelAction } from "./protocol";

/** Why an answer was not made as asked: a teacher's failure, a student's, a note, or our own bug. */
export type LineReason = TeacherFailureReason | StudentFailureReason | AnswerNote["reason"] | "internal";

/** One fix the user can take from a notice, note or error line. */
export interface LineAction {
  text: string;
  action: PanelAction;
}

const SET_KEY: LineAction = { text: "Set API key", action: "set-key" };
const RETRY: LineAction = { text: "Retry", action: "retry" };
const LOCAL: LineAction = { text: "Use local mode", action: "switch-to-local" };
const CLOUD: LineAction = { text: "Use cloud mode", action: "switch-to-cloud" };
const SETTINGS: LineAction = { text: "Open settings", action: "open-settings" };
const CHOOSE_MODEL: LineAction = { text: "Choose model", action: "choose-model" };

/** The fixes that fit each reason, the same in every face. */
export const LINE_ACTIONS: Record<LineReason, LineAction[]> = {
  "no-key": [SET_KEY],
  auth: [SET_KEY],
  "rate-limited": [RETRY, LOCAL],
  unavailable: [RETRY, LOCAL],
  timeout: [RETRY, LOCAL],
  "bad-response": [SETTINGS, LOCAL],
  "empty-guidance": [SETTINGS, LOCAL],
  limit: [{ text: "Raise the limit", action: "open-settings" }, LOCAL],
  "model-missing": [CHOOSE_MODEL],
  "model-not-gguf": [CHOOSE_MODEL],
  "model-truncated": [CHOOSE_MODEL],
  "model-unsupported": [CHOOSE_MODEL],
  "load-failed": [CHOOSE_MODEL],
  "download-failed": [CHOOSE_MODEL],
  "generation-failed": [RETRY],
  "too-long": [SETTINGS],
  "server-unavailable": [RETRY, SETTINGS],
  "server-refused": [SETTINGS],
  // Local mode: the server answers alone, nothing to continue; cloud mode: the teacher writes it all.
  "server-cannot-continue": [LOCAL, CLOUD, SETTINGS],
  "server-key": [{ text: "Set server key", action: "set-server-key" }, SETTINGS],
  "history-trimmed": [SETTINGS],
  "attachments-cut": [SETTINGS],
  stalled: [SETTINGS],
  "length-limit": [SETTINGS],
  "parameter-refused": [],
  "cap-ignored": [SETTINGS],
  "charged-over-hold": [{ text: "Raise the limit", action: "open-settings" }],
  internal: [],
};
