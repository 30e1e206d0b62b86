import * as vscode from "vscode";
import { formatUsd } from "../common/format";
import type { PanelStatus } from "../common/protocol";

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
    this.item.text = `${icon} ${status.mode} · ${formatUsd(status.spend.todayUsd)}`;
    const tip = new vscode.MarkdownString(
      [
        `**Headstart**, ${status.mode} mode`,
        `Teacher spend today ${formatUsd(status.spend.todayUsd)}, this month ${formatUsd(status.spend.monthUsd)} (saved ${formatUsd(status.spend.monthSavingUsd)})`,
        `Local model: ${status.student.model ?? "none chosen"} (${status.student.state})`,
      ].join("\n\n"),
    );
    this.item.tooltip = tip;
  }

  dispose(): void {
    this.item.dispose();
  }
}
