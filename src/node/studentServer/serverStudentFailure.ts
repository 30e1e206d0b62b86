// A student server's failures in words the user can act on.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { StudentError } from "../../common/models/errors";
import { errorMessage } from "../../common/util/errorMessage";
import { serverSnippet } from "../../common/util/inertText";

/** What the words need of the student: how the server is named, whether a key was sent, how long it may be silent. */
export interface FailureContext {
  /** "The student server (URL, model M)". */
  where: string;
  keySent: boolean;
  timeoutMs: number;
}

/** The server sent nothing for the whole time a request may be silent. */
export function serverStalled(context: FailureContext, midAnswer: boolean): StudentError {
  const seconds = Math.round(context.timeoutMs / 1000);
  const kept = midAnswer ? "mid-answer: what it wrote is kept" : "before writing anything";
  return new StudentError("server-unavailable", `${context.where} sent nothing for ${seconds} s ${kept}. Retry, or clear “headstart.student.server” to use the local model.`);
}

/**
 * A failure in words the user can act on; a `StudentError` (the check's own findings) as it is.
 * `continuing`: the request carried an opening, which the check had found the server would take.
 */
export function serverFailure(e: unknown, context: FailureContext, midAnswer = false, continuing = false): StudentError {
  if (e instanceof StudentError) return e;
  const where = context.where;
  if (e instanceof APIError && (e.status === 401 || e.status === 403)) {
    const sent = context.keySent ? "refused its key" : "wants a key";
    return new StudentError("server-key", `${where} ${sent} (HTTP ${e.status}${serverSaid(e)}). Run “Headstart: Set Student Server Key”.`);
  }
  if (continuing && e instanceof APIError && (e.status === 400 || e.status === 422)) {
    // The check passed, so the server changed since (restarted with other flags, say): it is forgotten, and checked again.
    return new StudentError("server-refused", `${where} refused to continue the opening (HTTP ${e.status}${serverSaid(e)}). Retry: the server is checked again before the teacher is paid, and says what changed.`);
  }
  if (e instanceof APIError && e.status !== undefined && e.status < 500 && e.status !== 429) {
    return new StudentError("server-refused", `${where} refused the request (HTTP ${e.status}${serverSaid(e)}). Check “headstart.student.server” and “headstart.student.serverModel”.`);
  }
  const what =
    e instanceof APIUserAbortError
      ? "stopped answering"
      : e instanceof APIConnectionTimeoutError
        ? `did not answer within ${Math.round(context.timeoutMs / 1000)} s`
        : e instanceof APIConnectionError
          ? "could not be reached"
          : e instanceof APIError && e.status !== undefined
            ? `failed (HTTP ${e.status}${serverSaid(e)})`
            : `failed (${serverSnippet(errorMessage(e), 200)})`;
  return new StudentError("server-unavailable", `${where} ${midAnswer ? "went away mid-answer: what it wrote is kept" : what}. Retry, or clear “headstart.student.server” to use the local model.`);
}

/**
 * What the server said in its error body, as `: text`, inert and short; the status is said once, by
 * the caller. serverFetch hands the SDK every engine's body in OpenAI's shape, so the SDK's own
 * message (which starts with the status again) is never needed.
 */
function serverSaid(e: { error?: unknown }): string {
  const body = e.error;
  const message = typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string" ? (body as { message: string }).message : "";
  const text = serverSnippet(message, 200);
  return text ? `: ${text}` : "";
}
