import * as vscode from "vscode";
import type { ApplyTarget } from "../../common/edits/applyTarget";
import { describePlacement } from "../../common/edits/describePlacement";
import { placeBlock } from "../../common/edits/placeBlock";
import type { Placement } from "../../common/edits/placement";
import { documentSymbols } from "../teacherView/editorContext";
import { notify } from "../util/notify";
import { ProposalDocuments, PROPOSAL_SCHEME } from "./proposalDocuments";
import { targetUri } from "./targetUri";

/** One code block of an answer, and where it is to go. */
export interface ApplyRequest {
  code: string;
  /** The fence's language, "" when it has none. */
  language: string;
  target: ApplyTarget;
}

/** How a proposal ended: accepted and written, discarded, or not made (and why). */
export type ApplyOutcome = { accepted: true; uri: vscode.Uri } | { accepted: false; problem?: string };

interface Pending {
  uri: vscode.Uri;
  proposal: vscode.Uri;
  placement: Placement;
  /** The document's version the edit was placed against; undefined for a file still to create. */
  version: number | undefined;
  decide(accept: boolean): void;
}

/**
 * Apply, as every assistant users compare Headstart with does it: the block is placed by the one
 * placement function, VS Code's own diff editor shows the file as it is beside the file with the
 * edit, and nothing is written before Accept (in the diff's title bar, or the notification beside
 * it). Accept makes the edit as one step of the document's undo history; Discard, or closing the
 * diff, writes nothing.
 */
export class EditApplier implements vscode.Disposable {
  private readonly documents = new ProposalDocuments();
  private readonly pending = new Map<string, Pending>();
  private readonly subscriptions: vscode.Disposable[];
  private next = 0;

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this.documents),
      // A diff closed by hand is a Discard.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        for (const tab of e.closed) {
          const shown = proposalOf(tab);
          if (shown) this.pending.get(shown.toString())?.decide(false);
        }
      }),
    ];
  }

  /** Places the block, shows the diff, and waits for the user's Accept or Discard. */
  async propose(request: ApplyRequest): Promise<ApplyOutcome> {
    const found = await targetUri(request.target);
    if ("problem" in found) return { accepted: false, problem: found.problem };
    const { uri, exists } = found;
    const doc = exists ? await vscode.workspace.openTextDocument(uri) : undefined;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    const language = request.language || doc?.languageId || "";
    const symbols = doc ? await documentSymbols(doc.uri) : undefined;
    const placement = placeBlock({
      code: request.code,
      language,
      target: doc ? { text: doc.getText(), language: doc.languageId, ...(symbols ? { symbols } : {}) } : undefined,
      ...(request.target.selection ? { selection: request.target.selection } : {}),
      ...((request.target.cursor ?? editor?.selection.active) ? { cursor: request.target.cursor ?? editor!.selection.active } : {}),
    });
    const name = vscode.workspace.asRelativePath(uri, false);
    if (doc && placement.text === doc.getText()) return { accepted: false, problem: `The block is already in ${name}: nothing to change.` };
    const changed = doc !== undefined && request.target.attachedText !== undefined && doc.getText() !== request.target.attachedText;
    const what = describePlacement(placement.placed, name);

    const id = String(++this.next);
    const proposal = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${name}`, query: id });
    this.documents.set(proposal, placement.text);
    const decision = new Promise<boolean>((resolve) => {
      this.pending.set(proposal.toString(), { uri, proposal, placement, version: doc?.version, decide: resolve });
    });
    const before = exists ? uri : this.documents.set(vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${name}`, query: `${id}-empty` }), "");
    await vscode.commands.executeCommand("vscode.diff", before, proposal, `${baseName(name)} ↔ Headstart's edit`, { preview: false });
    const since = changed ? " The file changed since the answer: the diff is against it as it is now." : "";
    void notify("info", `Headstart: ${what}.${since} Accept to make the edit, Discard to leave the file as it is.`, "Accept", "Discard").then((choice) => {
      if (choice) this.pending.get(proposal.toString())?.decide(choice === "Accept");
    });
    const accept = await decision;
    return this.finish(proposal, accept);
  }

  /** The Accept or Discard button of the diff that is in front. */
  decideActive(accept: boolean): void {
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    const shown = tab ? proposalOf(tab) : undefined;
    const pending = shown ? this.pending.get(shown.toString()) : [...this.pending.values()].at(-1);
    pending?.decide(accept);
  }

  /** Writes an accepted edit before the diff closes, so a closed diff means the file holds it. */
  private async finish(proposal: vscode.Uri, accept: boolean): Promise<ApplyOutcome> {
    const pending = this.pending.get(proposal.toString());
    this.pending.delete(proposal.toString());
    const outcome: ApplyOutcome = pending && accept ? await write(pending) : { accepted: false };
    await closeDiff(proposal);
    this.documents.forget(proposal);
    if (outcome.accepted && pending) {
      const shown = await vscode.window.showTextDocument(outcome.uri, { preview: false });
      const first = pending.placement.edits[0];
      if (first) shown.revealRange(new vscode.Range(first.range.start.line, 0, first.range.start.line, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    return outcome;
  }

  dispose(): void {
    for (const p of this.pending.values()) p.decide(false);
    for (const s of this.subscriptions) s.dispose();
    this.documents.dispose();
  }
}

/** The proposal a tab shows on its right side, when it is one of ours. */
function proposalOf(tab: vscode.Tab): vscode.Uri | undefined {
  const input = tab.input;
  return input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSAL_SCHEME ? input.modified : undefined;
}

/** Makes the edit, unless the file changed since the diff was shown. */
async function write({ uri, placement, version }: Pending): Promise<ApplyOutcome> {
  if (version !== undefined) {
    const now = await vscode.workspace.openTextDocument(uri);
    if (now.version !== version) return { accepted: false, problem: `${vscode.workspace.asRelativePath(uri, false)} changed while its diff was open, so the edit was not made: apply the block again to see it against the file as it is.` };
  }
  const edit = new vscode.WorkspaceEdit();
  if (version === undefined) edit.createFile(uri, { ignoreIfExists: true });
  for (const e of placement.edits) edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  if (!(await vscode.workspace.applyEdit(edit))) return { accepted: false, problem: `VS Code did not make the edit to ${vscode.workspace.asRelativePath(uri, false)} (is it read-only?).` };
  return { accepted: true, uri };
}

async function closeDiff(proposal: vscode.Uri): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => proposalOf(t)?.toString() === proposal.toString());
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;
