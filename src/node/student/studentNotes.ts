// The notes the local model adds to an answer: what it left out of the conversation, and why
// the answer stopped short.
import type { StudentNote } from "../../common/models/student";
import type { Fitted } from "./studentFitter";

export function trimmedNote(dropped: number, contextSize: number): StudentNote {
  return {
    reason: "history-trimmed",
    message: `The conversation no longer fits the local model's context (${contextSize.toLocaleString("en-US")} tokens), so it now leaves out the oldest ${dropped} messages. The teacher's view is unchanged. Raise “headstart.student.contextSize” to keep more, or start a new chat.`,
  };
}

export function limitNote(fitted: Fitted): StudentNote {
  const tokens = fitted.answerTokens.toLocaleString("en-US");
  return {
    reason: "length-limit",
    message: fitted.cappedByContext
      ? `Cut at ${tokens} tokens: the local model's context is full. Start a new chat, or raise “headstart.student.contextSize”.`
      : `Cut at the length limit (${tokens} tokens). Raise “headstart.student.maxAnswerTokens” for longer answers.`,
  };
}
