import { isAbsolute } from "node:path";
import * as vscode from "vscode";
import type { ApplyTarget } from "../../common/edits/applyTarget";

/** Folders that are never where a named file is meant: dependencies and builds. */
const NOT_SEARCHED = "**/{node_modules,dist,out,build,target,.git}/**";

/**
 * The file a block goes into: the one its target names (relative to a workspace folder; else the
 * one file of that name in the workspace; else a new file in the first folder), or the editor the
 * user is in when nothing is named.
 */
export async function targetUri(target: ApplyTarget): Promise<{ uri: vscode.Uri; exists: boolean } | { problem: string }> {
  const name = target.fileName;
  if (name === undefined) {
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    return editor ? { uri: editor.document.uri, exists: true } : { problem: "Open the file the code is for: the answer names none." };
  }
  if (isAbsolute(name)) {
    const uri = vscode.Uri.file(name);
    return { uri, exists: await exists(uri) };
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) {
    const uri = vscode.Uri.joinPath(folder.uri, name);
    if (await exists(uri)) return { uri, exists: true };
  }
  // An answer may name `cart.ts` for `src/cart.ts`: one file of that name is it.
  if (!target.create) {
    const found = await vscode.workspace.findFiles(`**/${name.replace(/^\.?\//, "")}`, NOT_SEARCHED, 2);
    if (found.length === 1) return { uri: found[0], exists: true };
  }
  if (folders.length === 0) return { problem: `Open a folder to create ${name} in.` };
  return { uri: vscode.Uri.joinPath(folders[0].uri, name), exists: false };
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}
