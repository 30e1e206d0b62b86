import type * as vscode from "vscode";
import { registerChatView } from "./vscode/chatView";

export function activate(context: vscode.ExtensionContext): void {
  registerChatView(context);
}

export function deactivate(): void {}
