import * as vscode from "vscode";
import type { EditorContext, FileSymbol } from "../../common/conversation/conversation";
import { linesLabel, selectionRange } from "../../common/util/selectionLines";
import { untilAborted } from "../../common/util/abort";
import { linesAround } from "../../common/util/linesAround";
import { textProblem } from "../util/textProblem";

/** How long a language's symbol provider (often a language server still starting) may take to list a file's symbols. */
const OUTLINE_TIMEOUT_MS = 4000;

/**
 * The active editor's selection (or, with `whole`, its file) as context for a message. A whole
 * file carries its symbols with their extents and the lines at the cursor, so each model can be
 * sent the parts a question is about; a file over `maxChars` goes as the lines around the cursor
 * (or the selection) that fit, with `note` saying so. A binary file, or one VS Code could not
 * read in its encoding, is refused with the reason.
 */
export async function captureEditorContext(whole: boolean, maxChars: number): Promise<{ context: EditorContext; label: string; note?: string } | { problem: string }> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return { problem: "Open a file first: there is no editor to take context from." };
  const doc = editor.document;
  const fileName = vscode.workspace.asRelativePath(doc.uri, false);
  const problem = await textProblem(doc, fileName);
  if (problem !== undefined) return { problem };
  if (whole || editor.selection.isEmpty) {
    if (!whole) return { problem: "Select some code first, or attach the whole file." };
    const focus = selectionRange(editor.selection.start, editor.selection.end);
    const text = doc.getText();
    if (text.length > maxChars) return aroundCursor(doc, fileName, focus, maxChars);
    const symbols = await documentSymbols(doc.uri);
    return { context: { fileName, language: doc.languageId, kind: "file", text, focus, ...(symbols ? { symbols } : {}) }, label: fileName };
  }
  const focus = selectionRange(editor.selection.start, editor.selection.end);
  return {
    context: { fileName, language: doc.languageId, kind: "selection", text: doc.getText(editor.selection), focus },
    label: `${fileName}:${linesLabel(focus)}`,
  };
}

/** A file over the limit as the lines around the cursor that fit, named by its lines; refused when the selection alone is over. */
function aroundCursor(doc: vscode.TextDocument, fileName: string, focus: { start: number; end: number }, maxChars: number): { context: EditorContext; label: string; note: string } | { problem: string } {
  const n = (x: number): string => x.toLocaleString("en-US");
  const lines = Array.from({ length: doc.lineCount }, (_, i) => doc.lineAt(i).text);
  const span = linesAround(lines, focus, maxChars);
  if (!span) return { problem: `Lines ${linesLabel(focus)} of ${fileName} are over the ${n(maxChars)} characters attached (setting headstart.context.maxChars). Select a smaller part.` };
  const label = `${fileName}:${linesLabel(span)}`;
  return {
    context: { fileName: label, language: doc.languageId, kind: "selection", text: lines.slice(span.start, span.end + 1).join("\n"), focus: span },
    label,
    note: `${fileName} is ${n(doc.getText().length)} characters, over the ${n(maxChars)} attached (setting headstart.context.maxChars): lines ${linesLabel(span)}, around the cursor, are attached instead.`,
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
