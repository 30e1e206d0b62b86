import * as vscode from "vscode";

/** The scheme of "What was sent" documents: virtual, so read-only, and never asking to be saved. */
export const SENT_REQUEST_SCHEME = "headstart-sent";

/**
 * Serves the request an answer sent to the teacher as a read-only document. Its text is built when
 * VS Code asks, from where the answer's face keeps it, so nothing is kept here.
 */
export class SentRequestDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly render: (conversationId: string, messageId: string) => Promise<string | undefined>) {}

  /** The document's address for one answer; the name shown on its tab says what it is. */
  static uriFor(conversationId: string, messageId: string): vscode.Uri {
    return vscode.Uri.from({ scheme: SENT_REQUEST_SCHEME, path: "/What was sent.jsonc", query: new URLSearchParams({ conversationId, messageId }).toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    const text = await this.render(query.get("conversationId") ?? "", query.get("messageId") ?? "");
    return text ?? "// This answer's request is no longer stored.\n";
  }
}
