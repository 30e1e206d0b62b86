import * as vscode from "vscode";

export const CHAT_VIEW_ID = "headstart.chat";

/** The chat view's place in the activity bar; the panel itself fills it. */
export function registerChatView(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, {
      resolveWebviewView(view) {
        view.webview.options = { enableScripts: false, localResourceRoots: [] };
        view.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>Headstart chat is not available in this build yet.</p></body></html>`;
      },
    }),
  );
}
