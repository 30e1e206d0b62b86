import * as vscode from "vscode";
import { errorMessage } from "../../common/util/errorMessage";
import { hostOf } from "../../common/util/originOf";
import type { PanelStatus } from "../../common/status/setupStatus";
import { TeacherKeyPresence } from "../../common/settings/teacherKeyPresence";
import { isTestTeacher } from "../../common/cost/testTeacher";
import type { ApiKeyStore } from "../settings/apiKeyStore";
import type { Configuration } from "../settings/configuration";
import type { SpendBook } from "../spend/spendBook";
import type { StudentManager } from "../student/studentManager";

/**
 * What every face shows about the setup, in one place: the mode, the teacher (and whether a key is
 * stored for its origin, read from secret storage whenever a secret or the base URL's origin
 * changes), the local model and the spend.
 */
export class PanelStatusSource implements vscode.Disposable {
  private readonly key: TeacherKeyPresence;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the key's presence is known anew; settings, model and spend have their own events. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly config: Configuration,
    private readonly keys: ApiKeyStore,
    private readonly students: StudentManager,
    private readonly spend: SpendBook,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.key = new TeacherKeyPresence((baseUrl) => this.keys.get(baseUrl));
    this.subscriptions = [
      keys.onDidChange(() => this.readKey()),
      // Keys are kept per origin: a base URL at another origin has another key, or none.
      config.onDidChange((s) => {
        if (!this.key.readFor(s["teacher.baseUrl"])) this.readKey();
      }),
    ];
    this.readKey();
  }

  /** The status without `busy`, which only the chat controller knows. */
  base(): Omit<PanelStatus, "busy"> {
    const s = this.config.settings;
    return {
      mode: s.mode,
      teacher: {
        model: s["teacher.model"],
        host: hostOf(s["teacher.baseUrl"]),
        hasKey: this.key.has(s["teacher.baseUrl"]),
        ...(isTestTeacher(s["teacher.model"], s["teacher.baseUrl"]) ? { test: true } : {}),
      },
      student: this.students.current,
      spend: this.spend.spend(),
    };
  }

  private readKey(): void {
    this.key.read(this.config.settings["teacher.baseUrl"]).then(
      (kept) => {
        if (kept) this.changed.fire();
      },
      (e: unknown) => this.log.error(`Could not read the API key from secret storage: ${errorMessage(e)}`),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
