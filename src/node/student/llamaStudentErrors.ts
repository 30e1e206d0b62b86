import { StudentError } from "../../common/models/errors";
import { errorMessage } from "../../common/util/errorMessage";

/** A student is closed when its settings change; the next answer uses the new one. */
export function closedError(modelPath: string): StudentError {
  return new StudentError("load-failed", `The local model “${modelPath}” was closed. Send the message again.`, modelPath);
}

export function generationFailed(error: unknown, modelPath: string): StudentError {
  return new StudentError("generation-failed", `The local model “${modelPath}” failed while writing (${firstLine(error)}). Try again.`, modelPath);
}

function firstLine(error: unknown): string {
  const message = errorMessage(error);
  return message.split("\n", 1)[0]?.trim() || "unknown error";
}
