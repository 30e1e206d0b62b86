import type { Conversation, ModelRequest, PromptMessage, UserMessage } from "../conversation/conversation";
import { renderUserMessage, toModelRequest } from "../conversation/prompt";
import { promptTokens } from "../conversation/promptTokens";
import { reduceMessage } from "../teacherView/reduceMessage";
import { exchangeBefore } from "../teacherView/teacherContext";

export interface StudentView {
  request: ModelRequest;
  /** Attachments cut to fit. */
  elisions: number;
  /** The symbols of cut files that went whole because the question pointed at them. */
  whole: readonly string[];
}

/**
 * What the student is given of a conversation so that it can take the turn: all of it when that
 * fits `room` (its context less the room for an answer), else each message too large for the room
 * on its own has its attachments cut to the parts its question is about, then everything else
 * that fits (`reduceMessage` for the student), the same way at every turn so its cache stays
 * valid. Older exchanges that still do not fit are the student's own to leave out. `undefined`
 * when the system prompt and the question alone are more than the room: no answer can be written.
 */
export function studentView(conversation: Conversation, room: number, count: (text: string) => number): StudentView | undefined {
  const full = toModelRequest(conversation);
  const size = (messages: readonly PromptMessage[]): number => promptTokens([{ role: "user", content: full.system }, ...messages], count);
  const current = conversation.messages.at(-1) as UserMessage;
  if (size([{ role: "user", content: current.text }]) > room) return undefined;
  if (size(full.messages) <= room) return { request: full, elisions: 0, whole: [] };
  let elisions = 0;
  let whole: readonly string[] = [];
  const messages = conversation.messages.map((m, k): PromptMessage => {
    if (m.role === "assistant") return { role: "assistant", content: m.text };
    const rendered = renderUserMessage(m);
    if (!m.context?.length || size([{ role: "user", content: rendered }]) <= room) return { role: "user", content: rendered };
    const reduced = reduceMessage(m, { system: full.system, budget: room, count, before: exchangeBefore(conversation, k), reader: "student" });
    if (k === conversation.messages.length - 1) {
      elisions = reduced.elisions;
      whole = reduced.whole;
    }
    return reduced.message;
  });
  return { request: { ...full, messages }, elisions, whole };
}
