import type * as vscode from "vscode";
import { describeTurn } from "../../common/turn/describeTurn";
import type { StudentFailureReason } from "../../common/models/errors";
import type { TurnService } from "../../common/compose/turnService";
import type { StudentManager } from "../student/studentManager";
import { setWalkthroughKey, WALKTHROUGH_KEYS } from "../settings/walkthrough";

const STUDENT_REASONS: ReadonlySet<string> = new Set<StudentFailureReason>([
  "model-missing",
  "model-not-gguf",
  "model-truncated",
  "model-unsupported",
  "load-failed",
  "download-failed",
  "generation-failed",
]);

/**
 * What follows every turn in VS Code besides the spend: the local model's state (a failed load
 * shows as an error), one log line, and the walkthrough's steps.
 */
export function followTurns(turns: Pick<TurnService, "onTurnEnded">, students: StudentManager, log: vscode.LogOutputChannel): vscode.Disposable {
  const stop = turns.onTurnEnded((e) => {
    students.turnEnded(e.error && STUDENT_REASONS.has(e.error.reason) ? e.error.message : undefined);
    log.info(describeTurn(e.record, e.face));
    if (e.error || e.record.stopped) return;
    setWalkthroughKey(WALKTHROUGH_KEYS.answered, true);
    // The panel's footer and the Chat view's last line show every answer's cost.
    if (e.face !== "model") setWalkthroughKey(WALKTHROUGH_KEYS.costShown, true);
  });
  return { dispose: stop };
}
