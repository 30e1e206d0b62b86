import * as vscode from "vscode";
import { fileText } from "../../common/util/fileText";

/**
 * Why a document's text is not attached, or `undefined` when it can be: a binary file (opened
 * anyway), or a file VS Code read as UTF-8 whose bytes are not UTF-8, which it shows with �
 * where its accents were. The bytes on disk decide: a UTF-8 file may hold the � character itself.
 */
export async function textProblem(doc: vscode.TextDocument, label: string): Promise<string | undefined> {
  const text = doc.getText();
  if (text.includes("\u0000")) return binaryMessage(label);
  if (!text.includes("\uFFFD") || !/^utf8/.test(doc.encoding)) return undefined;
  return bytesProblem(doc.uri, label);
}

/** Why the file's bytes are not UTF-8 text, or `undefined` when they are (or cannot be read). */
export async function bytesProblem(uri: vscode.Uri, label: string): Promise<string | undefined> {
  const bytes = await Promise.resolve(vscode.workspace.fs.readFile(uri)).catch(() => undefined);
  const read = bytes === undefined ? undefined : fileText(bytes);
  if (read === undefined || "text" in read) return undefined;
  if (read.reason === "not-utf8") {
    return (
      `${label} is not UTF-8 text (line ${read.line}), so VS Code shows � where its accents are and it would be sent garbled. ` +
      "Reopen it in its encoding (click “UTF-8” in the status bar, then “Reopen with Encoding”), then attach it again."
    );
  }
  return binaryMessage(label);
}

function binaryMessage(label: string): string {
  return `${label} is a binary file, not text: it is not attached, and nothing of it is sent.`;
}
