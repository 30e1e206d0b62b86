// What `@headstart` is asked in the Chat view, as a conversation: the chat's earlier turns and
// the request's `#file` and selection references as editor context, within the attachment limit.
import * as vscode from "vscode";
import type { ChatMessage, EditorContext } from "../../common/conversation/conversation";
import { errorMessage } from "../../common/util/errorMessage";
import { linesAround } from "../../common/util/linesAround";
import type { ChatAnswerMetadata } from "../../common/chatView/ratedChatAnswer";
import { linesLabel, selectionLines, selectionRange } from "../../common/util/selectionLines";
import { bytesProblem, textProblem } from "../util/textProblem";

/**
 * The Chat view's history as a conversation: Headstart's own earlier turns (their answers as the
 * user saw them), then this request with its `#file` and selection references as editor context.
 */
export async function chatViewConversation(
  request: vscode.ChatRequest,
  context: vscode.ChatContext,
  maxChars: number,
): Promise<{ messages: ChatMessage[]; skipped: string[] }> {
  const messages: ChatMessage[] = [];
  const skipped: string[] = [];
  for (const turn of context.history) {
    if (turn instanceof vscode.ChatRequestTurn) messages.push({ role: "user", text: turn.prompt });
    else if (turn instanceof vscode.ChatResponseTurn) {
      const meta = turn.result.metadata as Partial<ChatAnswerMetadata> | undefined;
      const shown = meta?.answer ?? turn.response.flatMap((p) => (p instanceof vscode.ChatResponseMarkdownPart ? [p.value.value] : [])).join("");
      // A question whose answer never came is left out, so the models never see it unanswered.
      if (shown === "") messages.pop();
      else messages.push({ role: "assistant", text: shown, guidanceLength: meta?.guidanceLength ?? 0 });
    }
  }
  const attached: EditorContext[] = [];
  let used = 0;
  for (const ref of request.references) {
    const c = await editorContextOf(ref);
    if (!c) continue;
    if ("problem" in c) {
      skipped.push(c.problem);
      continue;
    }
    // A file too large for what is left, open in the editor: the lines around its cursor, as the panel attaches them.
    const fitted = used + c.text.length > maxChars && c.kind === "file" ? aroundCursorOf(c, maxChars - used) : undefined;
    if (fitted) skipped.push(fitted.note);
    const part = fitted?.context ?? c;
    if (used + part.text.length > maxChars) {
      skipped.push(`${c.fileName} was not attached: it would take the attachments past ${maxChars.toLocaleString("en-US")} characters (headstart.context.maxChars).`);
      continue;
    }
    used += part.text.length;
    attached.push(part);
  }
  messages.push({ role: "user", text: request.prompt, ...(attached.length ? { context: attached } : {}) });
  return { messages, skipped };
}

/**
 * A whole file over `room` characters as the lines around the cursor of the editor it is open in
 * (the one VS Code's Chat view offers as context), or `undefined` when it is open in none.
 */
function aroundCursorOf(file: EditorContext, room: number): { context: EditorContext; note: string } | undefined {
  const editor = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find((e) => e !== undefined && vscode.workspace.asRelativePath(e.document.uri, false) === file.fileName);
  if (!editor) return undefined;
  const lines = file.text.split("\n");
  const span = linesAround(lines, selectionRange(editor.selection.start, editor.selection.end), room);
  if (!span) return undefined;
  const label = `${file.fileName}:${linesLabel(span)}`;
  const n = (x: number): string => x.toLocaleString("en-US");
  return {
    context: { fileName: label, language: file.language, kind: "selection", text: lines.slice(span.start, span.end + 1).join("\n"), focus: span },
    note: `${file.fileName} is ${n(file.text.length)} characters, over the ${n(room)} left to attach (headstart.context.maxChars): lines ${linesLabel(span)}, around the cursor, were attached instead.`,
  };
}

/**
 * A `#file` (a whole file) or a selection (a range of one) as editor context; a file that is not
 * text (binary, or not in the encoding VS Code reads it in) is a `problem` saying why it was left out.
 */
async function editorContextOf(ref: vscode.ChatPromptReference): Promise<EditorContext | { problem: string } | undefined> {
  const value = ref.value;
  const uri = value instanceof vscode.Uri ? value : value instanceof vscode.Location ? value.uri : undefined;
  if (!uri) return undefined;
  const fileName = vscode.workspace.asRelativePath(uri, false);
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch (e) {
    // VS Code does not open a binary file as text: its bytes say which it is.
    return { problem: (await bytesProblem(uri, fileName)) ?? `${fileName} was not attached: VS Code could not open it (${errorMessage(e)}).` };
  }
  const problem = await textProblem(doc, fileName);
  if (problem !== undefined) return { problem };
  if (value instanceof vscode.Location && !value.range.isEmpty) {
    return { fileName: `${fileName}:${selectionLines(value.range.start, value.range.end)}`, language: doc.languageId, kind: "selection", text: doc.getText(value.range) };
  }
  return { fileName, language: doc.languageId, kind: "file", text: doc.getText() };
}
