import * as vscode from "vscode";
import { inertLines, inertText } from "../../common/util/inertText";

/**
 * Headstart's only way to show a notification. VS Code renders `[label](command:…)` in a
 * notification's message as a link that runs the command, and a server's text (a model name, an
 * error body) reaches many messages: every message and detail is made inert here, whoever built it.
 * The buttons are Headstart's own words.
 */
export function notify<T extends string>(level: "info" | "warning" | "error", message: string, ...actions: T[]): Thenable<T | undefined> {
  const show = level === "info" ? vscode.window.showInformationMessage : level === "warning" ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  return show(inertText(message), ...actions);
}

/** A modal question: its message and detail inert, like every notification's (the detail keeps its lines). */
export function askModal<T extends string>(level: "info" | "warning", message: string, detail: string, ...actions: T[]): Thenable<T | undefined> {
  const show = level === "info" ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  return show(inertText(message), { modal: true, detail: inertLines(detail) }, ...actions);
}

/** A notification with progress: its title inert, like every notification's message. */
export function withNotificationProgress<R>(title: string, cancellable: boolean, task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>): Thenable<R> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: inertText(title), cancellable }, (progress, token) =>
    task({ report: (p) => progress.report(p.message === undefined ? p : { ...p, message: inertText(p.message) }) }, token),
  );
}
