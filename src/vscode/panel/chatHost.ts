import * as vscode from "vscode";
import { ChatController, type ChatControllerDeps } from "../../common/panel/chatController";
import type { ContextTray } from "../../common/panel/contextTray";
import type { HostMessage, PanelAction, WebviewMessage } from "../../common/panel/protocol";
import type { PanelStatus } from "../../common/status/setupStatus";
import { RECOMMENDED_MODELS } from "../../common/status/recommendedModels";
import { CHAT_VIEW_ID, ChatViewProvider } from "./chatViewProvider";
import { chooseModelFile } from "../student/modelPickers";
import type { Configuration } from "../settings/configuration";
import { captureEditorContext, insertAtCursor } from "../teacherView/editorContext";
import { notify } from "../util/notify";
import type { EditApplier } from "../edits/editApplier";
import { applyAnswerBlock } from "../edits/applyAnswerBlock";

export interface ChatHostDeps {
  extensionUri: vscode.Uri;
  /** The panel's chat controller, less what the panel gives it: where it posts, and the tray's context. */
  chat: Omit<ChatControllerDeps, "post" | "context">;
  tray: ContextTray;
  config: Configuration;
  log: vscode.LogOutputChannel;
  /** Downloads a model and makes it the student. */
  chooseModelUri(uri: string): Promise<void>;
  /** Opens "What was sent" for one answer, or says there is nothing. */
  showRequest(conversationId: string, messageId: string): Promise<string | undefined>;
  /** Shows an answer's code block as a diff against its file, written only on Accept. */
  edits: EditApplier;
}

/**
 * The Headstart panel, the richest face of the chat: maps what the panel asks to the controller
 * (and the editor, for context, copy and insert), and posts to the panel what it should show.
 */
export class ChatHost implements vscode.Disposable {
  private readonly provider: ChatViewProvider;
  private readonly controller: ChatController;
  private readonly registration: vscode.Disposable;

  constructor(private readonly deps: ChatHostDeps) {
    const { tray } = deps;
    this.controller = new ChatController({
      ...deps.chat,
      post: (m) => this.post(m),
      context: {
        chars: () => tray.chars(),
        take: () => {
          const taken = tray.take();
          this.post({ type: "chips", chips: tray.chips() });
          return taken;
        },
      },
    });
    this.provider = new ChatViewProvider(deps.extensionUri, () => this.initMessage(), (m) => this.handle(m), deps.log);
    this.registration = vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, this.provider);
  }

  post(m: HostMessage): void {
    this.provider.post(m);
  }

  /** The panel's status: the setup, and whether its own answer is running. */
  status(): PanelStatus {
    return this.controller.status();
  }

  showStatus(status: PanelStatus): void {
    this.post({ type: "status", status });
  }

  /** Shows the chat and puts the cursor in its input. */
  async open(prefill?: string): Promise<void> {
    await this.provider.reveal();
    this.post({ type: "focus-input", ...(prefill ? { prefill } : {}) });
  }

  /** Sends `text` in the panel as if typed there (a task from the light bulb); a refusal is shown there. */
  async ask(text: string): Promise<void> {
    await this.provider.reveal();
    const refused = await this.controller.send(crypto.randomUUID(), text);
    if (refused) this.post({ type: "problem", message: refused });
  }

  newChat(): Promise<void> {
    return this.controller.newChat();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  /** Attaches the selection (or the whole file) to the next message and opens the chat. */
  async attach(whole: boolean): Promise<void> {
    const captured = await captureEditorContext(whole, this.deps.config.settings["context.maxChars"]);
    if ("problem" in captured) return void notify("warning", captured.problem);
    const added = this.deps.tray.add(captured.context, captured.label);
    if (!added.ok) return void notify("warning", added.message);
    if (captured.note) void notify("info", captured.note);
    this.post({ type: "chips", chips: this.deps.tray.chips() });
    await this.open();
  }

  /** Does what the panel asked; returns why not when it could not. */
  private async handle(m: WebviewMessage): Promise<string | undefined | void> {
    const { tray, config } = this.deps;
    const { controller } = this;
    switch (m.type) {
      case "ready":
        return;
      case "send":
        // The controller replies itself, as the turn starts.
        return controller.send(m.id, m.text);
      case "stop":
        return controller.stop();
      case "set-mode":
        return config.update("mode", m.mode);
      case "new-chat":
        return controller.newChat();
      case "open-conversation":
        return controller.open(m.conversationId);
      case "delete-conversation":
        return controller.delete(m.conversationId);
      case "action":
        return this.act(m.action);
      case "download-model":
        return this.deps.chooseModelUri(m.uri);
      case "remove-chip":
        tray.remove(m.chipId);
        return this.post({ type: "chips", chips: tray.chips() });
      case "copy":
        await vscode.env.clipboard.writeText(m.text);
        return void vscode.window.setStatusBarMessage("Headstart: code copied", 2000);
      case "insert":
        return insertAtCursor(m.text);
      case "rate":
        return controller.rate(m.conversationId, m.messageId, m.value, m.reason);
      case "apply": {
        const found = controller.answerOf(m.conversationId, m.messageId);
        if (!found) return "That answer is no longer in the conversation.";
        const outcome = await applyAnswerBlock(this.deps.edits, found.answer.text, found.question, m.code);
        return outcome.accepted ? undefined : outcome.problem;
      }
      case "show-request":
        return this.deps.showRequest(m.conversationId, m.messageId);
    }
  }

  private async act(action: PanelAction): Promise<void> {
    switch (action) {
      case "set-key":
        return void vscode.commands.executeCommand("headstart.setApiKey");
      case "set-server-key":
        return void vscode.commands.executeCommand("headstart.setStudentServerKey");
      case "choose-model":
        return void vscode.commands.executeCommand("headstart.chooseStudentModel");
      case "choose-model-file":
        // Straight to the file dialog: the first-run screen already lists the other choices.
        return chooseModelFile(this.deps.config);
      case "attach-selection":
        return this.attach(false);
      case "attach-file":
        return this.attach(true);
      case "switch-to-local":
        return this.deps.config.update("mode", "local");
      case "switch-to-cloud":
        return this.deps.config.update("mode", "cloud");
      case "retry":
        return this.controller.retry();
      case "open-settings":
        return void vscode.commands.executeCommand("workbench.action.openSettings", "@ext:headstart-dev.headstart");
    }
  }

  private async initMessage(): Promise<HostMessage> {
    return {
      ...(await this.controller.init()),
      recommended: [...RECOMMENDED_MODELS],
      chips: this.deps.tray.chips(),
      maxContextChars: this.deps.config.settings["context.maxChars"],
    };
  }

  dispose(): void {
    this.registration.dispose();
  }
}
