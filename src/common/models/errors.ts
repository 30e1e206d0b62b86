import type { TeacherUsage } from "./teacher";

/** Why the teacher gave no usable guidance. The panel maps each to one line and an action. */
export type TeacherFailureReason =
  | "no-key"
  | "auth"
  | "rate-limited"
  | "unavailable"
  | "timeout"
  | "bad-response"
  | "empty-guidance"
  /** The request could cross a spending limit, or has no known price while a limit is set: it was not sent. */
  | "limit";

export class TeacherError extends Error {
  override readonly name = "TeacherError";
  constructor(
    readonly reason: TeacherFailureReason,
    message: string,
    readonly details: { status?: number; requestId?: string } = {},
    /** What the provider billed for the failed request, when it said (a reasoning-only answer is paid for). */
    readonly usage?: TeacherUsage,
  ) {
    super(message);
  }
}

/** Why the local model could not run. */
export type StudentFailureReason =
  | "model-missing"
  | "model-not-gguf"
  | "model-truncated"
  | "model-unsupported"
  | "load-failed"
  | "download-failed"
  | "generation-failed"
  /** The question alone is more than the model's context holds: the model itself is fine. */
  | "too-long"
  /** The student server could not be reached, failed, or went away mid-answer. */
  | "server-unavailable"
  /** The student server refused the request (its address or model name). */
  | "server-refused"
  /**
   * The student server would not continue the teacher's opening (its template closes it and a new
   * reply starts, or it refuses a trailing assistant message): found before the teacher is paid.
   */
  | "server-cannot-continue"
  /** The student server wants a key, or refused the one it was sent (HTTP 401 or 403). */
  | "server-key"
  /** A student server with a price could cross a spending limit with this answer: nothing was sent to it. */
  | "limit";

export class StudentError extends Error {
  override readonly name = "StudentError";
  constructor(
    readonly reason: StudentFailureReason,
    message: string,
    /** The model file concerned, when there is one. */
    readonly file?: string,
  ) {
    super(message);
  }
}
