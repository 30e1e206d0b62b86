import * as vscode from "vscode";
import { ratedChatAnswer } from "../common/ratedChatAnswer";
import type { ChatStore } from "../common/chatController";
import { errorMessage } from "../common/errorMessage";

/**
 * Keeps the Chat view's thumbs up and down on `@headstart` answers, each as a one-answer
 * conversation in its own folder, where the fine-tuning export reads it beside the panel's.
 */
export class ChatViewRatings {
  constructor(
    private readonly store: Pick<ChatStore, "save">,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async keep(feedback: vscode.ChatResultFeedback): Promise<void> {
    const value = feedback.kind === vscode.ChatResultFeedbackKind.Helpful ? "up" : "down";
    const kept = ratedChatAnswer(feedback.result.metadata, { value, at: new Date().toISOString() }, vscode.workspace.name);
    if (!kept) {
      this.log.info(`Chat view rating (${value}) not kept: the answer carries no record of its conversation (it is from an earlier version).`);
      return;
    }
    try {
      await this.store.save(kept);
      this.log.info(`Chat view rating kept: ${value} for answer ${kept.id}`);
    } catch (e) {
      this.log.warn(`Chat view rating could not be kept: ${errorMessage(e)}`);
    }
  }
}
