import type * as vscode from "vscode";
import { linkedAbort, type LinkedAbort } from "../../common/util/abort";

/**
 * An abort signal that follows VS Code's cancellation token (at once if it is already cancelled),
 * plus any `parents`; `release` stops following them all.
 */
export function tokenSignal(token: vscode.CancellationToken, ...parents: AbortSignal[]): LinkedAbort {
  const linked = linkedAbort(...parents);
  if (token.isCancellationRequested) linked.abort();
  const subscription = token.onCancellationRequested(() => linked.abort());
  return {
    signal: linked.signal,
    abort: linked.abort,
    release: () => {
      subscription.dispose();
      linked.release();
    },
  };
}
