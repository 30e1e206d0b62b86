// Guided answers as training data for the student: which answers go out, and each in the shape a
// trainer reads. Pure, so the command, `npm run export` and the tests share it.
import type { StoredAssistantMessage, StoredConversation, StoredUserMessage } from "../history/chatHistory";
import { toEngineConversation } from "../history/engineConversation";
import type { PromptMessage, UserMessage } from "../conversation/conversation";
import { toModelRequest } from "../conversation/prompt";

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
 * a stopped, interrupted, failed or cut one (at a length limit, often mid-word) is not what the
 * student should learn to write.
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

const whole = (m: StoredAssistantMessage): boolean =>
  m.record !== undefined &&
  m.record.failed === undefined &&
  m.record.cutAtLimit === undefined &&
  // Answers stored before the record said so: their note did.
  !m.notes?.some((n) => n.reason === "length-limit") &&
  !m.partial &&
  !m.streaming &&
  m.error === undefined &&
  m.text.trim() !== "";

/**
 * The prompt as the models were shown it. Attached code goes out only when asked for (it may hold
 * secrets): otherwise each attachment is named, and its contents are said to be left out.
 */
export function promptOf(chosen: ChosenAnswer, includeFiles: boolean): { system: string; messages: readonly PromptMessage[] } {
  const named = chosen.before.map((m) => (m.role === "user" ? withExportNames(m) : m));
  const history = includeFiles ? named : named.map((m) => (m.role === "user" ? withoutFiles(m) : m));
  const request = toModelRequest(toEngineConversation(chosen.conversation.id, history));
  return { system: request.system, messages: request.messages };
}

/**
 * A file's name as an export may show it: relative to its workspace folder as it was attached, or,
 * for a file outside every folder (its absolute path, which names the user's home and folders),
 * its base name alone.
 */
export function exportFileName(fileName: string): string {
  const absolute = /^(\/|~[\\/]|[A-Za-z]:[\\/]|\\\\)/.test(fileName);
  return absolute ? (fileName.split(/[\\/]/).filter(Boolean).pop() ?? "file") : fileName;
}

function withExportNames(m: StoredUserMessage): StoredUserMessage {
  return m.context?.length ? { ...m, context: m.context.map((c) => ({ ...c, fileName: exportFileName(c.fileName) })) } : m;
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
  /** For OpenAI's format, when the tokens were counted: examples longer than its fine-tuning reads. */
  overTokenLimit?: number;
}

/**
 * OpenAI's fine-tuning rules for chat models, from its fine-tuning guide (read 2026-12): a file
 * needs at least 10 examples, and gpt-4o-mini and gpt-4o train on at most 65,536 tokens of each.
 */
export const OPENAI_FINE_TUNING = { minExamples: 10, maxExampleTokens: 65_536, models: "gpt-4o-mini, gpt-4o" } as const;

export function exportLines(chosen: readonly ChosenAnswer[], format: ExportFormat, includeFiles: boolean): string[] {
  return chosen.map((c) => exportLine(c, format, includeFiles));
}

/** `count`, when given, counts an OpenAI-format line's tokens against the service's per-example limit. */
export function previewOf(chosen: readonly ChosenAnswer[], lines: readonly string[], includeFiles: boolean, count?: (text: string) => number): ExportPreview {
  const utf8 = new TextEncoder();
  return {
    answers: lines.length,
    bytes: lines.reduce((n, l) => n + utf8.encode(l).length + 1, 0),
    sample: lines[0],
    withFiles: chosen.filter((c) => c.before.some((m) => m.role === "user" && m.context?.length)).length,
    includeFiles,
    ...(count ? { overTokenLimit: lines.filter((l) => exampleTokens(l, count) > OPENAI_FINE_TUNING.maxExampleTokens).length } : {}),
  };
}

/** An OpenAI-format line's tokens: its messages' text, and a few for each message's framing. */
function exampleTokens(line: string, count: (text: string) => number): number {
  const { messages } = JSON.parse(line) as { messages: { content: string }[] };
  return messages.reduce((n, m) => n + count(m.content) + 4, 0);
}

/**
 * Why an export holds nothing, in a line the user can act on: nothing is stored, no answer is
 * whole, nothing is rated up, or the days, workspace or mode leave every rated answer out.
 */
export function whyNothingToExport(conversations: readonly StoredConversation[], filters: ExportFilters, where: string, allAnswers: string): string {
  if (conversations.length === 0) return `no conversations are stored in ${where}.`;
  const anyWhole = chooseAnswers(conversations, { ratedUpOnly: false, guidedOnly: false });
  if (anyWhole.length === 0) return "no stored answer is whole (stopped, failed and cut answers never go out).";
  const rated = chooseAnswers(conversations, { ratedUpOnly: filters.ratedUpOnly, guidedOnly: false });
  if (rated.length === 0) return `no answer is rated up yet: rate answers with 👍, or ${allAnswers} to export every whole answer.`;
  const left: string[] = [];
  if (filters.since || filters.until) left.push("the days chosen");
  if (filters.workspace !== undefined) left.push(`the workspace “${filters.workspace}”`);
  if (filters.guidedOnly) left.push("guided and auto answers only");
  return `${rated.length} answer${rated.length === 1 ? "" : "s"} ${filters.ratedUpOnly ? "rated up" : "whole"}, but none within ${left.join(", ") || "the filters"}.`;
}
