// What the panel is sent of a stored conversation: what it shows, no more. An attachment's text and
// a task's edit target stay in the host (the panel names them); a turn's record goes without what
// only the host reads (the hold it settled, its timings). Every stored message crosses here.
import type { StoredAssistantMessage, StoredConversation, StoredMessage, StoredUserMessage } from "../history/chatHistory";
import type { ShownRecord } from "../turn/turnRecord";
import { applyTarget } from "../edits/applyTarget";
import { linesLabel } from "../util/selectionLines";

/** Code attached to a message, as the panel names it. */
export interface PanelAttachment {
  label: string;
  kind: "selection" | "file";
  language: string;
  chars: number;
}

export interface PanelUserMessage {
  id: string;
  role: "user";
  /** The instructions the models were sent; for a task, `task.typed` is what the user typed. */
  text: string;
  task?: StoredUserMessage["task"];
  attachments?: PanelAttachment[];
  /** The file an answer's code block that names none is applied to, when there is one. */
  applyFile?: string;
}

export type PanelAssistantMessage = Omit<StoredAssistantMessage, "record"> & { record?: ShownRecord };

export type PanelMessage = PanelUserMessage | PanelAssistantMessage;

export interface PanelConversation {
  id: string;
  title: string;
  messages: PanelMessage[];
}

export function toPanelUser(m: StoredUserMessage): PanelUserMessage {
  const attachments = (m.context ?? []).map((c) => ({
    // A selection is named by its lines, as its chip was before it was sent.
    label: c.kind === "selection" && c.focus ? `${c.fileName}:${linesLabel(c.focus)}` : c.fileName,
    kind: c.kind,
    language: c.language,
    chars: c.text.length,
  }));
  const applyFile = applyTarget({}, m).fileName;
  return {
    id: m.id,
    role: "user",
    text: m.text,
    ...(m.task ? { task: m.task } : {}),
    ...(attachments.length ? { attachments } : {}),
    ...(applyFile !== undefined ? { applyFile } : {}),
  };
}

export function toPanelAnswer(m: StoredAssistantMessage): PanelAssistantMessage {
  if (!m.record) return m;
  const { studentHold: _hold, timings: _timings, ...record } = m.record;
  return { ...m, record };
}

function toPanelMessage(m: StoredMessage): PanelMessage {
  return m.role === "user" ? toPanelUser(m) : toPanelAnswer(m);
}

export function toPanelConversation(c: StoredConversation | null): PanelConversation | null {
  return c && { id: c.id, title: c.title, messages: c.messages.map(toPanelMessage) };
}
