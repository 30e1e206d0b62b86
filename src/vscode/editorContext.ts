import * as vscode from "vscode";
import type { EditorContext } from "../common/conversation";
import { selectionLines } from "../common/selectionLines";

/** The active editor's selection (or, with `whole`, its file) as context for a message. */
export function captureEditorContext(whole: boolean): { context: EditorContext; label: string } | { problem: string } {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return { problem: "Open a file first: there is no editor to take context from." };
  const doc = editor.document;
  const fileName = vscode.workspace.asRelativePath(doc.uri, false);
  if (whole || editor.selection.isEmpty) {
    if (!whole) return { problem: "Select some code first, or attach the whole file." };
    return { context: { fileName, language: doc.languageId, kind: "file", text: doc.getText() }, label: fileName };
  }
  const lines = selectionLines(editor.selection.start, editor.selection.end);
  return {
    context: { fileName, language: doc.languageId, kind: "selection", text: doc.getText(editor.selection) },
    label: `${fileName}:${lines}`,
  };
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
