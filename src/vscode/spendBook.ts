import * as vscode from "vscode";
import { Ledger } from "../common/ledger";
import type { PanelStatus } from "../common/protocol";
import type { TeacherCharged, TurnEnded } from "../common/turnService";
import { JsonStateFile } from "../node/jsonStateFile";
import { errorMessage } from "../common/errorMessage";

/**
 * The spend ledger, kept in a file in global storage: every face's turns are added to it as they
 * are charged and as they end, and it says when it changed so the status bar and panel follow.
 */
export class SpendBook implements vscode.Disposable {
  private readonly ledger: Ledger;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly file: JsonStateFile,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.ledger = new Ledger(file.load());
  }

  /** The teacher's charge, counted as soon as its request ends: a reload or a crash now cannot lose it. */
  charged(e: TeacherCharged): void {
    this.ledger.addTeacherCharge(e.conversationId, e.usd, new Date());
    this.save();
  }

  ended(e: TurnEnded): void {
    this.ledger.add(e.conversationId, e.record, new Date(), e.teacherCharged);
    this.save();
  }

  forget(conversationId: string): void {
    this.ledger.forgetConversation(conversationId);
    this.save();
  }

  reset(): void {
    this.ledger.reset();
    this.save();
  }

  spend(when = new Date()): PanelStatus["spend"] {
    const month = this.ledger.month(when);
    const today = this.ledger.day(when);
    return {
      todayUsd: today.teacherUsd,
      todayUnknownTurns: today.unknownCostTurns,
      monthUsd: month.teacherUsd,
      monthSavingUsd: month.savingUsd,
      monthUnknownTurns: month.unknownCostTurns,
    };
  }

  private save(): void {
    this.changed.fire();
    this.file.save(this.ledger.toJSON()).catch((e: unknown) => this.log.error(`Could not save the spending totals: ${errorMessage(e)}`));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
