// Guided answers as training data for the student: which answers go out, and each in the shape a
// trainer reads. Pure, so the command, `npm run export` and the tests share it.
import type { StoredAssistantMessage, StoredConversation, StoredUserMessage } from "./chatHistory";
import { toEngineConversation } from "./chatController";
import type { PromptMessage, UserMessage } from "./conversation";
import { toModelRequest } from "./prompt";

/**
 * `openai`: OpenAI's chat fine-tuning lines (`{"messages": […]}`, earlier answers `weight` 0);
 * `trl`: Hugging Face TRL's conversational prompt–completion; `spans`: messages for Axolotl's
 * chat_template with per-message `train` and the answer's `train_detail`, the teacher's opening a
 * span of its own.
 */
export type ExportFormat = "openai" | "trl" | "spans";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["openai", "trl", "spans"];

export interface ExportFilters {
  /** Only answers the user rated up (the default: an unrated answer is not known to be good). */
  ratedUpOnly: boolean;
  /** Only guided and auto answers, where a teacher may have written the opening. */
  guidedOnly: boolean;
  /** The answer's date (when rated, else its conversation's last change) on or after this. */
  since?: Date;
  /** … and before this. */
  until?: Date;
  /** Only conversations held in this workspace (by its name). */
  workspace?: string;
}

export const DEFAULT_FILTERS: ExportFilters = { ratedUpOnly: true, guidedOnly: false };

/** One answer chosen for export, with the conversation that led to it. */
export interface ChosenAnswer {
  conversation: StoredConversation;
  /** The conversation's messages before the answer, ending with its question. */
  before: (StoredUserMessage | StoredAssistantMessage)[];
  answer: StoredAssistantMessage;
}

/**
 * The answers a filter lets through, oldest conversation first. Only whole answers ever go out:
 * a stopped, interrupted or failed one is not what the student should learn to write.
 */
export function chooseAnswers(conversations: readonly StoredConversation[], filters: ExportFilters): ChosenAnswer[] {
  const out: ChosenAnswer[] = [];
  for (const conversation of [...conversations].sort((a, b) => a.createdAt - b.createdAt)) {
    if (filters.workspace !== undefined && conversation.workspace !== filters.workspace) continue;
    conversation.messages.forEach((m, i) => {
      if (m.role !== "assistant" || !whole(m)) return;
      if (filters.ratedUpOnly && m.rating?.value !== "up") return;
      if (filters.guidedOnly && m.mode !== "guided" && m.mode !== "auto") return;
      const at = m.rating ? Date.parse(m.rating.at) : conversation.updatedAt;
      if (filters.since && at < filters.since.getTime()) return;
      if (filters.until && at >= filters.until.getTime()) return;
      const before = conversation.messages.slice(0, i);
      if (before.at(-1)?.role !== "user") return;
      out.push({ conversation, before, answer: m });
    });
  }
  return out;
}

const whole = (m: StoredAssistantMessage): boolean => m.record !== undefined && m.record.failed === undefined && !m.partial && !m.streaming && m.error === undefined && m.text.trim() !== "";

/**
 * The prompt as the models were shown it. Attached code goes out only when asked for (it may hold
 * secrets): otherwise each attachment is named, and its contents are said to be left out.
 */
export function promptOf(chosen: ChosenAnswer, includeFiles: boolean): { system: string; messages: readonly PromptMessage[] } {
  const history = includeFiles ? chosen.before : chosen.before.map((m) => (m.role === "user" ? withoutFiles(m) : m));
  const request = toModelRequest(toEngineConversation(chosen.conversation.id, history));
  return { system: request.system, messages: request.messages };
}

function withoutFiles(m: StoredUserMessage): StoredUserMessage {
  if (!m.context?.length) return m;
  const { context, ...rest } = m;
  const names = context.map((c) => `\`${c.fileName}\``).join(", ");
  return { ...rest, text: `${m.text}\n\n(Attached: ${names}; contents left out of this export.)` } satisfies UserMessage & { id: string };
}

/** Character offsets as Python counts them (code points), which Axolotl's offsets are. */
const codePoints = (s: string): number => Array.from(s).length;

/** The teacher's part of an answer, as inclusive code-point offsets; `null` when it wrote none. */
export function openingSpan(answer: StoredAssistantMessage): { begin_offset: number; end_offset: number } | null {
  const opening = codePoints(answer.text.slice(0, answer.guidanceLength));
  return opening === 0 ? null : { begin_offset: 0, end_offset: opening - 1 };
}

/** One JSONL line (no newline) for `chosen` in `format`. */
export function exportLine(chosen: ChosenAnswer, format: ExportFormat, includeFiles: boolean): string {
  const { system, messages } = promptOf(chosen, includeFiles);
  const answer = chosen.answer.text;
  switch (format) {
    case "openai":
      return JSON.stringify({
        messages: [
          { role: "system", content: system },
          // Earlier answers are context, not examples: weight 0 keeps them out of the loss.
          ...messages.map((m) => (m.role === "assistant" ? { ...m, weight: 0 } : m)),
          { role: "assistant", content: answer, weight: 1 },
        ],
      });
    case "trl":
      return JSON.stringify({ prompt: [{ role: "system", content: system }, ...messages], completion: [{ role: "assistant", content: answer }] });
    case "spans": {
      const opening = openingSpan(chosen.answer);
      const end = codePoints(answer) - 1;
      // Both spans are trained by default (the student learns to write the opening too); set the
      // opening's `train` to false to train only the continuation.
      const detail = opening && opening.end_offset < end ? [{ ...opening, train: true }, { begin_offset: opening.end_offset + 1, end_offset: end, train: true }] : [{ begin_offset: 0, end_offset: end, train: true }];
      return JSON.stringify({
        messages: [{ role: "system", content: system, train: false }, ...messages.map((m) => ({ ...m, train: false })), { role: "assistant", content: answer, train: true, train_detail: detail }],
        opening: opening ? { ...opening, model: chosen.answer.record?.teacherModel ?? chosen.answer.teacherModel ?? null } : null,
        mode: chosen.answer.mode,
      });
    }
  }
}

/** What an export will write, shown before it is written. */
export interface ExportPreview {
  answers: number;
  bytes: number;
  /** The first line, whole, so the user sees exactly what a line holds. */
  sample: string | undefined;
  /** Answers whose questions had attached files, and whether their contents are in. */
  withFiles: number;
  includeFiles: boolean;
}

export function exportLines(chosen: readonly ChosenAnswer[], format: ExportFormat, includeFiles: boolean): string[] {
  return chosen.map((c) => exportLine(c, format, includeFiles));
}

export function previewOf(chosen: readonly ChosenAnswer[], lines: readonly string[], includeFiles: boolean): ExportPreview {
  const utf8 = new TextEncoder();
  return {
    answers: lines.length,
    bytes: lines.reduce((n, l) => n + utf8.encode(l).length + 1, 0),
    sample: lines[0],
    withFiles: chosen.filter((c) => c.before.some((m) => m.role === "user" && m.context?.length)).length,
    includeFiles,
  };
}
