import * as vscode from "vscode";
import { ApiKeyStore } from "./vscode/apiKeyStore";
import { registerCommands } from "./vscode/commands";
import { Configuration } from "./vscode/configuration";
import { registerChat } from "./vscode/registerChat";
import { modelsDirIn, StudentManager } from "./vscode/studentManager";

/**
 * What the extension is made of: settings, the key store, the local model, and the chat (one turn
 * service and its faces), driven by the commands. Nothing heavy runs here: the model loads on
 * first use.
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel("Headstart", { log: true });
  const config = new Configuration(log);
  const keys = new ApiKeyStore(context.secrets, context.globalState, () => config.settings["teacher.baseUrl"]);
  const students = new StudentManager(() => config.settings, modelsDirIn(context.globalStorageUri), log);
  context.subscriptions.push(log, config, students);
  const chat = registerChat(context, { config, keys, students, log });
  registerCommands(context, chat, config, keys);
}

export function deactivate(): void {}
