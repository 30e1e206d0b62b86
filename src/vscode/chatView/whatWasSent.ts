import * as vscode from "vscode";
import { fromStored, sentRequestText } from "../../common/sent/sentRequest";
import { SHOW_CHAT_REQUEST_COMMAND } from "./chatParticipant";
import { RecentRequests } from "../sent/recentRequests";
import { SENT_REQUEST_SCHEME, SentRequestDocuments } from "../sent/sentRequestDocuments";
import { notify } from "../util/notify";

/**
 * "What was sent" for every face: the panel's requests are kept with its conversations, the Chat
 * view's in memory here; either opens as a read-only document naming where it went (never the key).
 */
export class WhatWasSent implements vscode.Disposable {
  /** The Chat view's requests, which it has nowhere else to keep. */
  readonly chatRequests = new RecentRequests();
  private readonly registrations: vscode.Disposable[];

  constructor(private readonly stored: { loadRequest(conversationId: string, messageId: string): Promise<unknown> }) {
    this.registrations = [
      vscode.workspace.registerTextDocumentContentProvider(SENT_REQUEST_SCHEME, new SentRequestDocuments((c, m) => this.text(c, m))),
      vscode.commands.registerCommand(SHOW_CHAT_REQUEST_COMMAND, async (conversationId: string, messageId: string) => {
        const problem = await this.show(conversationId, messageId);
        if (problem) void notify("info", `Headstart: ${problem}`);
      }),
    ];
  }

  /** The document's text for one answer; `undefined` when nothing was sent (or it is no longer kept). */
  async text(conversationId: string, messageId: string): Promise<string | undefined> {
    const kept = this.chatRequests.get(conversationId, messageId);
    if (kept) return sentRequestText(kept);
    const stored = await this.stored.loadRequest(conversationId, messageId);
    return stored === undefined ? undefined : sentRequestText(fromStored(stored));
  }

  /** Opens the document; returns what to tell the user when there is none. */
  async show(conversationId: string, messageId: string): Promise<string | undefined> {
    if ((await this.text(conversationId, messageId)) === undefined) return "Nothing was sent to the teacher for this answer.";
    // A read-only virtual document: nothing to save, nothing to lose on close.
    const doc = await vscode.workspace.openTextDocument(SentRequestDocuments.uriFor(conversationId, messageId));
    await vscode.window.showTextDocument(doc, { preview: true });
    return undefined;
  }

  dispose(): void {
    for (const r of this.registrations) r.dispose();
  }
}
