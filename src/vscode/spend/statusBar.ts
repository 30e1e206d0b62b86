import * as vscode from "vscode";
import { spendSummary } from "../../common/spend/spendSummary";
import type { PanelStatus } from "../../common/status/setupStatus";

/** The mode and today's teacher spend in the status bar; a click opens the chat. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("headstart.status", vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = "Headstart";
    this.item.command = "headstart.open";
    this.item.show();
  }

  update(status: PanelStatus): void {
    const icon = status.busy ? "$(loading~spin)" : status.student.state === "error" ? "$(warning)" : "$(comment-discussion)";
    const spend = spendSummary(status.spend);
    this.item.text = `${icon} ${status.mode} · ${spend.today}`;
    // Only the heading is markdown: every figure and name goes in as text, escaped, never as a link.
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown("**Headstart**, ").appendText(`${status.mode} mode`).appendMarkdown("\n\n");
    tip.appendText(spend.detail);
    tip.appendMarkdown("\n\n").appendText(`Local model: ${status.student.model ?? "none chosen"} (${status.student.state})`);
    this.item.tooltip = tip;
  }

  dispose(): void {
    this.item.dispose();
  }
}
