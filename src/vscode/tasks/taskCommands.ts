import * as vscode from "vscode";
import { TASK_NAMES, type TaskName } from "../../common/tasks/slashCommand";
import type { TurnFace } from "../../common/compose/turnService";
import type { ApplyRequest, EditApplier } from "../edits/editApplier";
import { notify } from "../util/notify";

/** Where a task command was invoked from (the light bulb passes its place). */
interface TaskArgs {
  uri: vscode.Uri;
  range: vscode.Range;
}

export interface TaskCommandDeps {
  /** Runs `/name` in the Headstart panel, as if typed there. */
  askInPanel(text: string): Promise<void>;
  /** The face the user last asked from: a task runs there. */
  lastFace(): TurnFace;
  edits: EditApplier;
}

/**
 * `headstart.explain`, `.fix`, `.tests`, `.doc`: the task on the editor's cursor (or the light
 * bulb's place, where the cursor is moved first, so the task and the user see the same spot), in
 * the face the user last used; and Apply's Accept, Discard and the Chat view's Apply button.
 */
export function registerTaskCommands(context: vscode.ExtensionContext, deps: TaskCommandDeps): void {
  const register = (id: string, run: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  };
  for (const name of TASK_NAMES) register(`headstart.${name}`, (args?: unknown) => runTask(name, isTaskArgs(args) ? args : undefined, deps));
  register("headstart.acceptEdit", () => deps.edits.decideActive(true));
  register("headstart.discardEdit", () => deps.edits.decideActive(false));
  register("headstart.applyBlock", async (request?: unknown) => {
    if (!isApplyRequest(request)) return;
    const outcome = await deps.edits.propose(request);
    if (!outcome.accepted && outcome.problem) void notify("warning", `Headstart: ${outcome.problem}`);
  });
}

async function runTask(name: TaskName, at: TaskArgs | undefined, deps: TaskCommandDeps): Promise<void> {
  if (at) {
    const editor = await vscode.window.showTextDocument(at.uri, { preserveFocus: false });
    editor.selection = name === "explain" ? new vscode.Selection(at.range.start, at.range.end) : new vscode.Selection(at.range.start, at.range.start);
  }
  if (deps.lastFace() === "chat") {
    await vscode.commands.executeCommand("workbench.action.chat.open", { query: `@headstart /${name}` });
    return;
  }
  await deps.askInPanel(`/${name}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function isTaskArgs(v: unknown): v is TaskArgs {
  return isObject(v) && v.uri instanceof vscode.Uri && v.range instanceof vscode.Range;
}

/** The Chat view's Apply button passes what the participant put in it; checked all the same. */
function isApplyRequest(v: unknown): v is ApplyRequest {
  return isObject(v) && typeof v.code === "string" && typeof v.language === "string" && isObject(v.target);
}
