import * as vscode from "vscode";
import { pickSettingValue, readSettings } from "../../common/settings/readSettings";
import { SECTION, SETTINGS, type HeadstartSettings, type SettingKey } from "../../common/settings/settings";

/**
 * The `headstart.*` settings, typed and validated. User-only settings are read from the user's
 * own settings alone (`inspect().globalValue`), so a workspace cannot choose where the key goes or
 * what loads, even where VS Code's scope rules would not stop it.
 */
export class Configuration implements vscode.Disposable {
  private current: HeadstartSettings;
  private readonly changed = new vscode.EventEmitter<HeadstartSettings>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.current = this.read();
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      this.current = this.read();
      this.changed.fire(this.current);
    });
  }

  get settings(): HeadstartSettings {
    return this.current;
  }

  /** Writes a setting to the user's settings (where user-only ones must live). */
  async update<K extends SettingKey>(key: K, value: HeadstartSettings[K]): Promise<void> {
    await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  }

  private read(): HeadstartSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const { settings, invalid } = readSettings((key, userOnly) => pickSettingValue(config.inspect(key), userOnly));
    for (const key of invalid) {
      this.log.warn(`Setting ${SECTION}.${key} has an invalid value; using the default ${JSON.stringify(SETTINGS[key].default)}.`);
    }
    return settings;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
