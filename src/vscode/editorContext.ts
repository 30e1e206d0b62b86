import { setTimeout as sleep } from "node:timers/promises";
import * as vscode from "vscode";
import type { EditorContext, OutlineEntry } from "../common/conversation";
import { selectionLines } from "../common/selectionLines";

/** How long a language's symbol provider (often a language server still starting) may take to outline a file. */
const OUTLINE_TIMEOUT_MS = 4000;

/**
 * The active editor's selection (or, with `whole`, its file) as context for a message. A whole
 * file carries its outline and the lines at the cursor, for the teacher's shortened view.
 */
export async function captureEditorContext(whole: boolean): Promise<{ context: EditorContext; label: string } | { problem: string }> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return { problem: "Open a file first: there is no editor to take context from." };
  const doc = editor.document;
  const fileName = vscode.workspace.asRelativePath(doc.uri, false);
  if (whole || editor.selection.isEmpty) {
    if (!whole) return { problem: "Select some code first, or attach the whole file." };
    const outline = await documentOutline(doc.uri);
    const focus = { start: editor.selection.start.line, end: editor.selection.end.line };
    return { context: { fileName, language: doc.languageId, kind: "file", text: doc.getText(), focus, ...(outline ? { outline } : {}) }, label: fileName };
  }
  const lines = selectionLines(editor.selection.start, editor.selection.end);
  return {
    context: { fileName, language: doc.languageId, kind: "selection", text: doc.getText(editor.selection) },
    label: `${fileName}:${lines}`,
  };
}

/** The file's declarations from its language's symbol provider; undefined when there is none (or it is too slow). */
async function documentOutline(uri: vscode.Uri): Promise<OutlineEntry[] | undefined> {
  const done = new AbortController();
  const tooSlow = sleep(OUTLINE_TIMEOUT_MS, undefined, { signal: done.signal }).catch(() => undefined);
  const asked = vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>("vscode.executeDocumentSymbolProvider", uri);
  const symbols = await Promise.race([Promise.resolve(asked).catch(() => undefined), tooSlow]);
  done.abort();
  if (!symbols?.length) return undefined;
  const entries: OutlineEntry[] = [];
  const walk = (s: vscode.DocumentSymbol | vscode.SymbolInformation, depth: number): void => {
    if ("selectionRange" in s) {
      entries.push({ line: s.selectionRange.start.line, depth });
      for (const child of s.children) walk(child, depth + 1);
    } else {
      entries.push({ line: s.location.range.start.line, depth: s.containerName ? 1 : 0 });
    }
  };
  for (const s of symbols) walk(s, 0);
  return entries;
}

/** Puts code at the cursor of the editor the user was last in, replacing its selection. */
export async function insertAtCursor(text: string): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) return "Open a file to insert the code into.";
  // Code is whole lines: if text follows the cursor, it goes on the next line, not glued on.
  const rest = editor.document.lineAt(editor.selection.end.line).text.slice(editor.selection.end.character);
  const insert = rest.trim() !== "" && !text.endsWith("\n") ? `${text}\n` : text;
  const done = await editor.edit((edit) => edit.replace(editor.selection, insert));
  if (!done) return "The editor did not accept the insertion (is it read-only?).";
  await vscode.window.showTextDocument(editor.document, editor.viewColumn);
  return undefined;
}
