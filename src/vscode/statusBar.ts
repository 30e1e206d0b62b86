import * as vscode from "vscode";
import { formatSpend, formatUsd } from "../common/format";
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
    const sp = status.spend;
    this.item.text = `${icon} ${status.mode} · ${formatSpend(sp.todayUsd, sp.todayUnknownTurns)}`;
    const tip = new vscode.MarkdownString(
      [
        `**Headstart**, ${status.mode} mode`,
        `Teacher spend today ${formatSpend(sp.todayUsd, sp.todayUnknownTurns)}, this month ${formatSpend(sp.monthUsd, sp.monthUnknownTurns)} (saved ${formatUsd(sp.monthSavingUsd)})` +
          (sp.monthUnknownTurns ? "; answers with no known price are counted, not priced (set one in `headstart.prices`)" : ""),
        `Local model: ${status.student.model ?? "none chosen"} (${status.student.state})`,
      ].join("\n\n"),
    );
    this.item.tooltip = tip;
  }

  dispose(): void {
    this.item.dispose();
  }
}
