import * as vscode from "vscode";

const SECRET_KEY = "headstart.teacherApiKey";

/** The teacher's API key, kept only in VS Code's SecretStorage (the OS keychain where there is one). */
export class ApiKeyStore {
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.onDidChange = (listener, thisArgs?: unknown, disposables?) =>
      secrets.onDidChange(
        (e) => {
          if (e.key === SECRET_KEY) listener.call(thisArgs, undefined);
        },
        undefined,
        disposables,
      );
  }

  async get(): Promise<string | undefined> {
    return (await this.secrets.get(SECRET_KEY)) || undefined;
  }

  /** Asks for the key in a password box and stores it; returns false when the user cancelled. */
  async promptAndStore(baseUrl: string): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: "Headstart: Teacher API Key",
      prompt: `The key for ${new URL(baseUrl).host}. It is kept in VS Code's secret storage and sent only there.`,
      password: true,
      ignoreFocusOut: true,
      placeHolder: "sk-…",
      validateInput: (v) => (v.trim() === "" ? "Enter the key, or press Escape to cancel." : /\s/.test(v.trim()) ? "A key has no spaces in it." : undefined),
    });
    if (key === undefined) return false;
    await this.secrets.store(SECRET_KEY, key.trim());
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }
}
