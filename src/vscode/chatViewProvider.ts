import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { HostMessage, WebviewMessage } from "../common/protocol";
import { buildWebviewHtml } from "../common/webviewHtml";
import { parseWebviewMessage } from "../common/webviewMessageGuard";
import { errorMessage } from "../common/errorMessage";

export const CHAT_VIEW_ID = "headstart.chat";

/**
 * The chat panel's host side. The page says `ready` first; until then (and while the view is
 * hidden, when VS Code drops the page) messages are not sent, since the `init` answering the next
 * `ready` carries the whole state. Everything the page sends is validated before anyone acts on it.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  /** A focus request made before the page was ready, delivered right after `init`. */
  private pendingFocus: Extract<HostMessage, { type: "focus-input" }> | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly init: () => Promise<HostMessage>,
    private readonly onMessage: (message: WebviewMessage) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
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
      if (!view.visible) this.ready = false;
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
      this.ready = false;
    });
  }

  post(message: HostMessage): void {
    if (message.type === "focus-input" && !this.ready) this.pendingFocus = message;
    if (!this.ready || !this.view) return;
    void this.view.webview.postMessage(message);
  }

  /** Shows the panel (creating it if needed). */
  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.log.warn("Ignored a malformed message from the chat panel.");
      return;
    }
    if (message.type !== "ready") return this.onMessage(message);
    const init = await this.init();
    this.ready = true;
    void this.view?.webview.postMessage(init);
    if (this.pendingFocus) {
      void this.view?.webview.postMessage(this.pendingFocus);
      this.pendingFocus = undefined;
    }
  }
}
