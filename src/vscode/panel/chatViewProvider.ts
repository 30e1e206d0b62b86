import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { HostMessage, WebviewMessage } from "../../common/panel/protocol";
import { buildWebviewHtml } from "../../common/panel/webviewHtml";
import { readWebviewMessage } from "../../common/panel/webviewMessageGuard";
import { PanelOutbox } from "../../common/panel/panelOutbox";
import { PanelRequests } from "../../common/panel/panelRequests";
import { errorMessage } from "../../common/util/errorMessage";

export const CHAT_VIEW_ID = "headstart.chat";

/**
 * The chat panel's host side. The page says `ready` first; until then (and while the view is
 * hidden, when VS Code drops the page) the outbox holds what `init` does not carry. Everything the
 * page sends is validated before anyone acts on it, and every request gets one reply.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private readonly outbox = new PanelOutbox((message) => void this.view?.webview.postMessage(message));
  private readonly requests: PanelRequests;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly init: () => Promise<HostMessage>,
    /** Does what the panel asked; a line says why it could not. */
    private readonly onMessage: (message: WebviewMessage) => Promise<string | undefined | void>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    // A failed request answers in the panel and the log; it never goes unnoticed.
    this.requests = new PanelRequests(
      (message) => this.outbox.post(message),
      (request, e) => log.error(`Panel request ${request.type} failed: ${errorMessage(e)}`),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.outbox.closed();
    const dist = vscode.Uri.joinPath(this.extensionUri, "dist");
    const media = vscode.Uri.joinPath(this.extensionUri, "media");
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist, media] };
    view.webview.html = buildWebviewHtml({
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, "webview.js")).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, "chat.css")).toString(),
      nonce: randomBytes(16).toString("base64"),
    });
    view.webview.onDidReceiveMessage((raw: unknown) => {
      this.receive(raw).catch((e: unknown) => this.log.error(`The chat panel's message failed: ${errorMessage(e)}`));
    });
    view.onDidChangeVisibility(() => {
      if (!view.visible) this.outbox.closed();
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
      this.outbox.closed();
    });
  }

  post(message: HostMessage): void {
    this.requests.post(message);
  }

  /** Shows the panel (creating it if needed). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  private async receive(raw: unknown): Promise<void> {
    const read = readWebviewMessage(raw);
    if ("malformed" in read) return this.log.warn("Ignored a malformed message from the chat panel.");
    if ("refused" in read) return this.outbox.post({ type: "reply", id: read.refused.id, refused: read.refused.reason });
    await this.requests.answer(read.message, async (message) => {
      if (message.type !== "ready") return this.onMessage(message);
      this.outbox.opened(await this.init());
    });
  }
}
