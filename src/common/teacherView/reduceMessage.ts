import type { EditorContext, PromptMessage, UserMessage } from "../conversation/conversation";
import { fence, renderUserMessage } from "../conversation/prompt";
import { promptTokens } from "../conversation/promptTokens";
import { gap, selectFileParts } from "./selectFileParts";

/** Share of a message's room the outline of its files' other parts may take (the teacher's view). */
const OUTLINE_SHARE = 0.5;

export interface ReduceOptions {
  system: string;
  /** Most tokens the system prompt and this message may take together. */
  budget: number;
  count: (text: string) => number;
  /** The exchange before the message, which a follow-up question refers to. */
  before?: string;
  /**
   * `teacher`: what the question points at, then an outline within a share of the room (it is
   * paid per token); `student`: then everything else that fits.
   */
  reader: "teacher" | "student";
}

/** One message as sent, with how many cuts it has, the symbols that went whole, and its form with attachments only named. */
export interface Reduced {
  message: PromptMessage;
  elisions: number;
  whole: readonly string[];
  /** Symbols too large to go whole, sent as their signature and the blocks the question is about. */
  partly?: readonly string[];
  /** The similar symbols sent that scored close together. */
  unsure?: readonly string[];
  named?: Reduced;
}

/**
 * A user message within `budget` with the system prompt: the question whole, then selections
 * verbatim while they fit (else their first lines), then files as the parts the question is about
 * (`selectFileParts`). The whole message when it fits. Only the question, when not even the
 * attachments' names fit.
 */
export function reduceMessage(message: UserMessage, options: ReduceOptions): Reduced {
  const { system, budget, count } = options;
  const context = message.context ?? [];
  const named = namedOnly(message);
  const size = (content: string): number => promptTokens([{ role: "user", content: system }, { role: "user", content }], count);
  const fallback: Reduced = size(named.message.content) <= budget ? named : { message: { role: "user", content: message.text }, elisions: context.length, whole: [] };
  if (context.length === 0) return fallback;
  const whole = renderUserMessage(message);
  if (size(whole) <= budget) return { message: { role: "user", content: whole }, elisions: 0, whole: [] };
  const room = budget - size(message.text);
  let limit = room;
  for (let attempt = 0; attempt < 4 && limit > 0; attempt++) {
    const parts = reduceContext(context, message.text, limit, room, options);
    const content = [...parts.texts, message.text].join("\n\n");
    const used = size(content);
    if (used <= budget) {
      const found = { ...(parts.partly.length ? { partly: parts.partly } : {}), ...(parts.unsure.length ? { unsure: parts.unsure } : {}) };
      return { message: { role: "user", content }, elisions: parts.cuts, whole: parts.whole, ...found, ...(parts.cuts > 0 ? { named: fallback } : {}) };
    }
    limit -= used - budget + 8;
  }
  return fallback;
}

/** The message with its attachments named, not shown. */
function namedOnly(message: UserMessage): Reduced {
  const context = message.context ?? [];
  const names = context.map((c) => `(${c.kind === "file" ? "File" : "Selection from"} \`${c.fileName}\` was attached, ${lineCount(c.text)} lines; not shown here.)`);
  return { message: { role: "user", content: [...names, message.text].join("\n\n") }, elisions: context.length, whole: [] };
}

/**
 * Each attachment as shown within `limit` tokens: selections whole while they fit, else their
 * first lines (the user picked those lines); then the files' parts, sharing what is left.
 */
function reduceContext(
  context: readonly EditorContext[],
  question: string,
  limit: number,
  room: number,
  options: ReduceOptions,
): { texts: string[]; cuts: number; whole: readonly string[]; partly: readonly string[]; unsure: readonly string[] } {
  const { count } = options;
  const take = (text: string): number => count(text) + 2;
  const shown = new Map<EditorContext, { text: string; cut: boolean }>();
  let left = limit;
  for (const c of context.filter((c) => c.kind === "selection")) {
    const whole = renderUserMessage({ role: "user", text: "", context: [c] }).trimEnd();
    if (take(whole) <= left) {
      shown.set(c, { text: whole, cut: false });
      left -= take(whole);
      continue;
    }
    const header = `Selection from \`${c.fileName}\` (shortened; “… not sent …” marks what is left out):\n\n`;
    const kept = headLines(c.text, left - take(header) - 4, count);
    if (kept === undefined) continue;
    const text = header + fence(kept, c.language);
    shown.set(c, { text, cut: true });
    left -= take(text);
  }
  const files = context.filter((c) => c.kind === "file");
  let whole: readonly string[] = [];
  let partly: readonly string[] = [];
  let unsure: readonly string[] = [];
  if (files.length > 0 && left > 0) {
    const outlineLimit = options.reader === "teacher" ? Math.floor(room * OUTLINE_SHARE) : left;
    const parts = selectFileParts({
      files,
      question,
      ...(options.before ? { before: options.before } : {}),
      limit: left - 2 * files.length,
      outlineLimit,
      fill: options.reader === "teacher" ? "relevant" : "all",
      count,
    });
    files.forEach((c, i) => shown.set(c, { text: parts.texts[i], cut: parts.cut[i] }));
    whole = parts.whole;
    partly = parts.partly;
    unsure = parts.unsure;
  }
  const texts = context.map((c) => shown.get(c)?.text ?? `(\`${c.fileName}\` was attached, ${lineCount(c.text)} lines; not shown here.)`);
  const cuts = context.filter((c) => shown.get(c)?.cut !== false).length;
  return { texts, cuts, whole, partly, unsure };
}

/** The selection's first lines within `limit` tokens, and a marker for the rest. */
function headLines(text: string, limit: number, count: (text: string) => number): string | undefined {
  const lines = text.replace(/\n$/, "").split("\n");
  let n = lines.length - 1;
  let estimate = lines.reduce((t, l) => t + count(l) + 1, 0);
  while (n > 0) {
    estimate -= count(lines[n]) + 1;
    if (estimate + 8 <= limit) {
      const kept = [...lines.slice(0, n), gap(n, lines.length - 1)].join("\n");
      if (count(kept) <= limit) return kept;
    }
    n--;
  }
  return undefined;
}

export function lineCount(text: string): number {
  return text.replace(/\n$/, "").split("\n").length;
}
