import * as vscode from "vscode";
import { errorMessage } from "../common/errorMessage";
import { isLoopbackUrl } from "../common/loopbackUrl";
import type { PanelStatus } from "../common/protocol";
import { isTestTeacher } from "../common/testTeacher";
import type { ApiKeyStore } from "./apiKeyStore";
import type { Configuration } from "./configuration";
import type { SpendBook } from "./spendBook";
import type { StudentManager } from "./studentManager";

/**
 * What every face shows about the setup, in one place: the mode, the teacher (and whether a key is
 * stored for it, read from secret storage whenever it changes), the local model and the spend.
 */
export class PanelStatusSource implements vscode.Disposable {
  private hasKey = false;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the key's presence is known anew; settings, model and spend have their own events. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly config: Configuration,
    private readonly keys: ApiKeyStore,
    private readonly students: StudentManager,
    private readonly spend: SpendBook,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = keys.onDidChange(() => this.readKey());
    this.readKey();
  }

  /** The status without `busy`, which only the chat controller knows. */
  base(): Omit<PanelStatus, "busy"> {
    const s = this.config.settings;
    let host: string;
    try {
      host = new URL(s["teacher.baseUrl"]).host;
    } catch {
      host = s["teacher.baseUrl"];
    }
    return {
      mode: s.mode,
      teacher: {
        model: s["teacher.model"],
        host,
        hasKey: this.hasKey || isLoopbackUrl(s["teacher.baseUrl"]),
        ...(isTestTeacher(s["teacher.model"], s["teacher.baseUrl"]) ? { test: true } : {}),
      },
      student: this.students.current,
      spend: this.spend.spend(),
    };
  }

  private readKey(): void {
    this.keys.get().then(
      (key) => {
        this.hasKey = key !== undefined;
        this.changed.fire();
      },
      (e: unknown) => this.log.error(`Could not read the API key from secret storage: ${errorMessage(e)}`),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
