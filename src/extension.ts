import * as vscode from "vscode";
import { ApiKeyStore } from "./vscode/apiKeyStore";
import { ChatHost } from "./vscode/chatHost";
import { registerCommands } from "./vscode/commands";
import { Configuration } from "./vscode/configuration";
import { modelsDirIn, StudentManager } from "./vscode/studentManager";

/** Builds the objects and registers them; nothing heavy runs here (the model loads on first use). */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel("Headstart", { log: true });
  const config = new Configuration(log);
  const keys = new ApiKeyStore(context.secrets);
  const students = new StudentManager(() => config.settings, modelsDirIn(context.globalStorageUri), log);
  const host = new ChatHost(context, { config, keys, students, log });
  registerCommands(context, host, config, keys);
  context.subscriptions.push(log, config, students, host);
}

export function deactivate(): void {}
