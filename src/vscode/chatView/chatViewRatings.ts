import * as vscode from "vscode";
import { cleanReason, MAX_RATING_REASON_CHARS, type AnswerRating } from "../../common/history/answerRating";
import { ratedChatAnswer, type ChatAnswerMetadata } from "../../common/chatView/ratedChatAnswer";
import type { ChatStore } from "../../common/history/chatStore";
import { errorMessage } from "../../common/util/errorMessage";
import { notify } from "../util/notify";

export const RATE_CHAT_ANSWER_COMMAND = "headstart.rateChatAnswer";

/**
 * Whether VS Code shows its own thumbs under a participant's answers: only while a default chat
 * extension (GitHub Copilot Chat) is installed. Without one, Headstart offers its own "Rate" button.
 */
export function vscodeShowsThumbs(): boolean {
  return vscode.extensions.getExtension("GitHub.copilot-chat") !== undefined;
}

const CHOICES: readonly (vscode.QuickPickItem & { value: AnswerRating["value"] })[] = [
  { value: "up", label: "$(thumbsup) Good answer", detail: "Exported for fine-tuning (rated up only is the default)" },
  { value: "down", label: "$(thumbsdown) Poor answer", detail: "Kept as rated down: left out of the default export" },
];

/**
 * Keeps ratings of `@headstart` answers, from VS Code's thumbs or Headstart's "Rate" button, each
 * as a one-answer conversation in its own folder, where the fine-tuning export reads it beside the
 * panel's.
 */
export class ChatViewRatings {
  constructor(
    private readonly store: Pick<ChatStore, "save">,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The "Rate" button's command: good or poor, then an optional reason. */
  register(): vscode.Disposable {
    return vscode.commands.registerCommand(RATE_CHAT_ANSWER_COMMAND, async (meta: Partial<ChatAnswerMetadata> | undefined) => {
      const choice = await vscode.window.showQuickPick(CHOICES, { title: "Headstart: rate this answer" });
      if (!choice) return;
      const reason = await vscode.window.showInputBox({
        title: "Headstart: why? (optional)",
        prompt: "A line on what made it good or poor; Enter keeps the rating without one",
        validateInput: (t) => (t.length > MAX_RATING_REASON_CHARS ? `At most ${MAX_RATING_REASON_CHARS} characters.` : undefined),
      });
      if (await this.keep(meta, choice.value, reason)) {
        void notify("info", `Headstart: rated ${choice.value === "up" ? "good" : "poor"}. “Headstart: Export Conversations for Fine-Tuning” uses it.`);
      }
    });
  }

  /** VS Code's own thumbs. */
  async feedback(feedback: vscode.ChatResultFeedback): Promise<void> {
    await this.keep(feedback.result.metadata, feedback.kind === vscode.ChatResultFeedbackKind.Helpful ? "up" : "down");
  }

  private async keep(meta: Partial<ChatAnswerMetadata> | undefined, value: AnswerRating["value"], reason?: string): Promise<boolean> {
    const why = cleanReason(reason);
    const kept = ratedChatAnswer(meta, { value, at: new Date().toISOString(), ...(why ? { reason: why } : {}) }, vscode.workspace.name);
    if (!kept) {
      this.log.info(`Chat view rating (${value}) not kept: the answer carries no record of its conversation (it is from an earlier version).`);
      void notify("warning", "Headstart: this answer cannot be rated: it is from an earlier version of Headstart, which kept no record of its conversation.");
      return false;
    }
    try {
      await this.store.save(kept);
      this.log.info(`Chat view rating kept: ${value} for answer ${kept.id}`);
      return true;
    } catch (e) {
      this.log.warn(`Chat view rating could not be kept: ${errorMessage(e)}`);
      void notify("error", `Headstart: the rating could not be saved: ${errorMessage(e)}`);
      return false;
    }
  }
}
