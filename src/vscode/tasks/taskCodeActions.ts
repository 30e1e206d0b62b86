import * as vscode from "vscode";

/**
 * The light bulb's "Fix with Headstart" on each error and warning, and "Explain with Headstart"
 * on a selection: each runs the task command at that place, in the face the user last used.
 */
export class TaskCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const problems = context.diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Error || d.severity === vscode.DiagnosticSeverity.Warning);
    for (const diagnostic of problems) {
      const fix = new vscode.CodeAction("Fix with Headstart", vscode.CodeActionKind.QuickFix);
      fix.diagnostics = [diagnostic];
      fix.command = { command: "headstart.fix", title: "Fix with Headstart", arguments: [{ uri: document.uri, range: diagnostic.range }] };
      actions.push(fix);
    }
    if (!range.isEmpty) {
      const explain = new vscode.CodeAction("Explain with Headstart", vscode.CodeActionKind.QuickFix);
      explain.command = { command: "headstart.explain", title: "Explain with Headstart", arguments: [{ uri: document.uri, range }] };
      actions.push(explain);
    }
    return actions;
  }
}
