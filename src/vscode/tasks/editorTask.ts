import * as vscode from "vscode";
import type { TaskName } from "../../common/tasks/slashCommand";
import { buildTask, type TaskDiagnostic, type TaskRequest } from "../../common/tasks/taskRequest";
import { workspaceTests } from "../../node/tasks/workspaceTests";
import { documentSymbols } from "../teacherView/editorContext";
import { textProblem } from "../util/textProblem";

/** Where a task is about when it does not come from the cursor: the light bulb's diagnostic. */
export interface TaskPlace {
  uri: vscode.Uri;
  range: vscode.Range;
}

const SEVERITIES: Record<vscode.DiagnosticSeverity, TaskDiagnostic["severity"]> = {
  [vscode.DiagnosticSeverity.Error]: "error",
  [vscode.DiagnosticSeverity.Warning]: "warning",
  [vscode.DiagnosticSeverity.Information]: "information",
  [vscode.DiagnosticSeverity.Hint]: "hint",
};

/**
 * A task command's message, from the editor: the file the user is in (or the light bulb's), its
 * symbols from the language's provider, its diagnostics, the cursor or selection, and for
 * `/tests` the workspace's framework and test files. A problem line when there is no file.
 */
export async function editorTask(name: TaskName, question: string, maxChars: number, place?: TaskPlace): Promise<TaskRequest | { problem: string }> {
  const editor = place ? undefined : (vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0]);
  const doc = place ? await vscode.workspace.openTextDocument(place.uri) : editor?.document;
  if (!doc) return { problem: `Open a file first: /${name} works on the code in the editor.` };
  const fileName = vscode.workspace.asRelativePath(doc.uri, false);
  const problem = await textProblem(doc, fileName);
  if (problem !== undefined) return { problem };
  const selection = place ? place.range : editor!.selection;
  const symbols = await documentSymbols(doc.uri);
  const diagnostics = vscode.languages.getDiagnostics(doc.uri).map(
    (d): TaskDiagnostic => ({
      message: d.message,
      severity: SEVERITIES[d.severity],
      ...(d.source ? { source: d.source } : {}),
      ...(d.code !== undefined ? { code: typeof d.code === "object" ? d.code.value : d.code } : {}),
      range: { start: d.range.start, end: d.range.end },
    }),
  );
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  const tests = name === "tests" && folder && doc.uri.scheme === "file" ? await workspaceTests(folder.uri.fsPath, fileName, doc.languageId) : undefined;
  return buildTask({
    task: name,
    question,
    file: { fileName, language: doc.languageId, text: doc.getText(), ...(symbols ? { symbols } : {}) },
    cursor: selection.start,
    ...(selection.isEmpty || place ? {} : { selection: { start: selection.start, end: selection.end } }),
    diagnostics,
    ...(tests ? { tests } : {}),
    maxChars,
  });
}
