import * as vscode from "vscode";
import type { EditorContext, FileSymbol } from "../common/conversation";
import { linesLabel, selectionRange } from "../common/selectionLines";
import { untilAborted } from "../common/abort";

/** How long a language's symbol provider (often a language server still starting) may take to list a file's symbols. */
const OUTLINE_TIMEOUT_MS = 4000;

/**
 * The active editor's selection (or, with `whole`, its file) as context for a message. A whole
 * file carries its symbols with their extents and the lines at the cursor, so each model can be
 * sent the parts a question is about.
 */
export async function captureEditorContext(whole: boolean): Promise<{ context: EditorContext; label: string } | { problem: string }> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return { problem: "Open a file first: there is no editor to take context from." };
  const doc = editor.document;
  const fileName = vscode.workspace.asRelativePath(doc.uri, false);
  if (whole || editor.selection.isEmpty) {
    if (!whole) return { problem: "Select some code first, or attach the whole file." };
    const symbols = await documentSymbols(doc.uri);
    const focus = { start: editor.selection.start.line, end: editor.selection.end.line };
    return { context: { fileName, language: doc.languageId, kind: "file", text: doc.getText(), focus, ...(symbols ? { symbols } : {}) }, label: fileName };
  }
  const focus = selectionRange(editor.selection.start, editor.selection.end);
  return {
    context: { fileName, language: doc.languageId, kind: "selection", text: doc.getText(editor.selection), focus },
    label: `${fileName}:${linesLabel(focus)}`,
  };
}

/** The file's symbols from its language's symbol provider, with their whole ranges; undefined when there is none (or it is too slow). */
export async function documentSymbols(uri: vscode.Uri): Promise<FileSymbol[] | undefined> {
  const asked = vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>("vscode.executeDocumentSymbolProvider", uri);
  const found = await untilAborted(Promise.resolve(asked), AbortSignal.timeout(OUTLINE_TIMEOUT_MS)).catch(() => undefined);
  if (!found?.length) return undefined;
  const symbols: FileSymbol[] = [];
  const kind = (k: vscode.SymbolKind): string => (vscode.SymbolKind[k] ?? "symbol").toLowerCase();
  const walk = (s: vscode.DocumentSymbol | vscode.SymbolInformation, depth: number): void => {
    if ("selectionRange" in s) {
      symbols.push({ name: s.name, kind: kind(s.kind), line: s.selectionRange.start.line, start: s.range.start.line, end: s.range.end.line, depth });
      for (const child of s.children) walk(child, depth + 1);
    } else {
      // A flat list: its ranges are whole too, and nesting shows in the container's name.
      const range = s.location.range;
      symbols.push({ name: s.name, kind: kind(s.kind), line: range.start.line, start: range.start.line, end: range.end.line, depth: s.containerName ? 1 : 0 });
    }
  };
  for (const s of found) walk(s, 0);
  return symbols;
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
