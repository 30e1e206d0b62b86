import * as vscode from "vscode";

/** The scheme of a proposed edit's text: read-only documents that exist only while their diff is open. */
export const PROPOSAL_SCHEME = "headstart-proposal";

/** The text of each proposed edit, served to VS Code's diff editor as a read-only document. */
export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Keeps `text` as `uri`'s content; returns `uri`. */
  set(uri: vscode.Uri, text: string): vscode.Uri {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  forget(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
    this.texts.delete(uri.with({ query: `${uri.query}-empty` }).toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? "";
  }

  dispose(): void {
    this.changed.dispose();
  }
}
