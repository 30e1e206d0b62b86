import { writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import { monthKey, dayKey } from "../../common/util/calendarKeys";
import { spendCsv, spendReport } from "../../common/spend/spendReport";
import { isSpendingPageMessage, spendingPageHtml } from "../../common/spend/spendingPage";
import type { SpendBook } from "./spendBook";
import { errorMessage } from "../../common/util/errorMessage";
import { notify } from "../util/notify";

/** "Headstart: Show Spending": one panel, kept current as charges land from any window or the terminal. */
export class SpendingView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private month = monthKey(new Date());
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly spend: SpendBook) {
    this.subscriptions.push(spend.onDidChange(() => this.render()));
  }

  show(): void {
    if (this.panel) return this.panel.reveal();
    this.month = monthKey(new Date());
    this.panel = vscode.window.createWebviewPanel("headstart.spending", "Headstart Spending", vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
    this.panel.onDidDispose(() => (this.panel = undefined));
    this.panel.webview.onDidReceiveMessage((m: unknown) => {
      if (!isSpendingPageMessage(m)) return;
      if (m.type === "month") {
        this.month = m.month;
        this.render();
      } else this.exportCsv().catch((e: unknown) => void notify("error", `Headstart could not export the spending: ${errorMessage(e)}`));
    });
    this.render();
  }

  private render(): void {
    if (!this.panel) return;
    this.spend.journal.refresh();
    this.panel.webview.html = spendingPageHtml(spendReport(this.spend.journal.totals, this.month), randomBytes(16).toString("base64"), dayKey(new Date()));
  }

  /** Every charge and turn of the journal, as CSV, where the user says. */
  private async exportCsv(): Promise<void> {
    const target = await vscode.window.showSaveDialog({ title: "Export Headstart spending", filters: { CSV: ["csv"] }, saveLabel: "Export" });
    if (!target) return;
    try {
      this.spend.journal.refresh();
      await writeFile(target.fsPath, spendCsv(this.spend.journal.totals.entries));
      void notify("info", `Headstart: spending exported to ${target.fsPath}.`);
    } catch (e) {
      void notify("error", `Headstart could not export the spending to ${target.fsPath}: ${errorMessage(e)}`);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
