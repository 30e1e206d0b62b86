import * as vscode from "vscode";
import { keySecretName, keyTravelsInTheClear, LEGACY_KEY_SECRET, type KeyRole } from "../../common/settings/keyOrigin";
import { hostOf, originOf } from "../../common/util/originOf";
import { askModal } from "../util/notify";

/** Origins the user agreed to send their key to over plain http. */
const CLEAR_TEXT_ORIGINS = "headstart.keyOverPlainHttp";

/**
 * The API keys of teachers and student servers, one per role and origin, kept only in VS Code's
 * SecretStorage (the OS keychain where there is one). A key is sent only to the role and origin it
 * was entered for; over plain http to another machine, only after the user agreed, once per origin.
 */
export class ApiKeyStore {
  readonly onDidChange: vscode.Event<void>;
  private migrated: Promise<void> | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly baseUrl: () => string,
  ) {
    this.onDidChange = (listener, thisArgs?: unknown, disposables?) =>
      secrets.onDidChange(
        (e) => {
          if (e.key.startsWith(LEGACY_KEY_SECRET)) listener.call(thisArgs, undefined);
        },
        undefined,
        disposables,
      );
  }

  /** The key for `baseUrl`'s origin in `role` (by default, the teacher's now). */
  async get(baseUrl = this.baseUrl(), role: KeyRole = "teacher"): Promise<string | undefined> {
    await this.migrate();
    return (await this.secrets.get(keySecretName(baseUrl, role))) || undefined;
  }

  /**
   * The key to send with a request to `baseUrl`: none when there is none for its origin, or when
   * it would travel unencrypted to another machine and the user does not agree.
   */
  async forRequest(baseUrl: string, role: KeyRole): Promise<string | undefined> {
    const key = await this.get(baseUrl, role);
    if (key === undefined || !keyTravelsInTheClear(baseUrl)) return key;
    const origin = originOf(baseUrl);
    const agreed = this.state.get<string[]>(CLEAR_TEXT_ORIGINS, []);
    if (agreed.includes(origin)) return key;
    const choice = await askModal("warning", `Send your API key for ${origin} over plain http? Anyone on the network between here and there can read it.`, "Use an https:// base URL if the server offers one.", "Send");
    if (choice !== "Send") return undefined;
    await this.state.update(CLEAR_TEXT_ORIGINS, [...agreed, origin]);
    return key;
  }

  /** Asks for the key in a password box and stores it for the role and origin; returns false when the user cancelled. */
  async promptAndStore(baseUrl: string, role: KeyRole): Promise<boolean> {
    const title = role === "teacher" ? "Teacher API Key" : "Student Server Key";
    const key = await vscode.window.showInputBox({
      title: `Headstart: ${title}`,
      prompt: `The key for ${hostOf(baseUrl)}. It is kept in VS Code's secret storage and sent only there.`,
      password: true,
      ignoreFocusOut: true,
      placeHolder: "sk-…",
      validateInput: (v) => (v.trim() === "" ? "Enter the key, or press Escape to cancel." : /\s/.test(v.trim()) ? "A key has no spaces in it." : undefined),
    });
    if (key === undefined) return false;
    await this.secrets.store(keySecretName(baseUrl, role), key.trim());
    return true;
  }

  async clear(baseUrl = this.baseUrl()): Promise<void> {
    await this.secrets.delete(keySecretName(baseUrl, "teacher"));
  }

  /** The one key of earlier versions belongs to the origin it was used with: the teacher's at the first start of this one. */
  private migrate(): Promise<void> {
    this.migrated ??= (async () => {
      const legacy = await this.secrets.get(LEGACY_KEY_SECRET);
      if (!legacy) return;
      const name = keySecretName(this.baseUrl());
      if (!(await this.secrets.get(name))) await this.secrets.store(name, legacy);
      await this.secrets.delete(LEGACY_KEY_SECRET);
    })();
    return this.migrated;
  }
}
