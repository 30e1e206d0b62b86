import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import * as vscode from "vscode";
import { errorMessage } from "../../common/util/errorMessage";
import type { PanelStatus } from "../../common/status/setupStatus";
import { originOf } from "../../common/util/originOf";
import { checkEntry } from "../../common/spend/spendEntries";
import type { TeacherCheckReport } from "../../common/teacher/teacherCheck";
import type { SpendGate } from "../../common/holds/spendGate";
import { dueAlerts, type SpendLimits } from "../../common/spend/spendLimits";
import type { ChargeRecord, SpendFace, TurnRecordEntry } from "../../common/spend/spendRecord";
import { JournalGate } from "../../node/spend/journalGate";
import { migrateLedger } from "../../node/spend/migrateLedger";
import type { SpendJournal } from "../../node/spend/spendJournal";
import { notify } from "../util/notify";

/**
 * What the teacher costs, for this window, from the spend journal every window and the terminal
 * append to: every charge and every turn's end is appended as it happens, charges made elsewhere
 * are followed as they land, the limits are held before each request, and their alerts are shown
 * once per period in whichever window sees them first.
 */
export class SpendBook implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watcher: { dispose(): void };

  constructor(
    readonly journal: SpendJournal,
    private readonly limits: () => SpendLimits,
    private readonly baseUrl: () => string,
    private readonly log: vscode.LogOutputChannel,
    private readonly limitsFile: string,
  ) {
    journal.refresh();
    this.watcher = journal.watch(() => this.update());
  }

  /** Carries an earlier version's totals file into the journal, once, then follows the journal. */
  async migrate(ledgerFile: string): Promise<void> {
    const days = await migrateLedger(ledgerFile, this.journal);
    if (days > 0) this.log.info(`Carried ${days} days of spending totals from ${ledgerFile} into the spend journal ${this.journal.file}.`);
    this.update();
  }

  /** A gate that holds this window's teacher requests to the user's limits. */
  gate(face: SpendFace): SpendGate {
    return new JournalGate(this.journal, this.limits, face, () => originOf(this.baseUrl()));
  }

  /**
   * Records every turn of `turns`: each teacher charge as soon as its request ends (a reload or a
   * crash then cannot lose it), and each turn's end. Returns the way to stop.
   */
  follow(turns: {
    onTeacherCharged(listener: (e: { entry: ChargeRecord }) => void): () => void;
    onTurnEnded(listener: (e: { entry: TurnRecordEntry }) => void): () => void;
  }): vscode.Disposable {
    const stops = [turns.onTeacherCharged((e) => this.append(e.entry)), turns.onTurnEnded((e) => this.append(e.entry))];
    return { dispose: () => stops.forEach((stop) => stop()) };
  }

  /** A connection check's request, when it was billed. */
  checked(report: TeacherCheckReport): void {
    const entry = checkEntry(report, "panel", originOf(this.baseUrl()), new Date());
    if (entry) this.append(entry);
  }

  spend(when = new Date()): PanelStatus["spend"] {
    const month = this.journal.totals.month(when);
    const today = this.journal.totals.day(when);
    const server = month.studentServerUsd > 0 || month.unpricedStudentServer > 0;
    return {
      todayUsd: today.teacherUsd,
      todayUnknownTurns: today.unpricedCharges,
      monthUsd: month.teacherUsd,
      monthSavingUsd: month.savingUsd,
      monthUnknownTurns: month.unpricedCharges,
      ...(server ? { server: { todayUsd: today.studentServerUsd, todayUnknown: today.unpricedStudentServer, monthUsd: month.studentServerUsd, monthUnknown: month.unpricedStudentServer } } : {}),
    };
  }

  /** Keeps the terminal tools' copy of the user's limits current (they cannot read VS Code's settings). */
  async shareLimits(): Promise<void> {
    try {
      await mkdir(dirname(this.limitsFile), { recursive: true });
      await writeFile(this.limitsFile, `${JSON.stringify(this.limits())}\n`, { mode: 0o600 });
    } catch (e) {
      this.log.error(`Could not write the spending limits for the terminal tools to ${this.limitsFile}: ${errorMessage(e)}`);
    }
    this.update();
  }

  private append(entry: Parameters<SpendJournal["append"]>[0]): void {
    this.journal.append(entry).then(
      () => this.update(),
      (e: unknown) => {
        this.log.error(`Could not append to the spend journal ${this.journal.file}: ${errorMessage(e)}`);
        void notify("error", `Headstart could not record a charge in ${this.journal.file} (${errorMessage(e)}). Check that the folder is writable.`);
      },
    );
  }

  /** Fires the change, and shows the limits' alerts that no window has shown yet. */
  private update(): void {
    this.changed.fire();
    const due = dueAlerts(this.journal.totals, this.limits(), new Date());
    if (due.length === 0) return;
    this.journal
      .exclusive(async () => {
        // Another window may have shown them while this one waited for the lock.
        const still = dueAlerts(this.journal.totals, this.limits(), new Date());
        for (const a of still) await this.journal.append({ kind: "alert", at: new Date().toISOString(), period: a.period, key: a.key, percent: a.percent });
        return [...new Set(still.map((a) => a.message))];
      })
      .then(
        (messages) => {
          for (const message of messages) {
            void notify("warning", message, "Raise the limit").then((choice) => {
              if (choice) void vscode.commands.executeCommand("workbench.action.openSettings", "headstart.limits");
            });
          }
        },
        (e: unknown) => this.log.error(`Could not record a spending alert: ${errorMessage(e)}`),
      );
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }
}
