import type { Conversation, ModelRequest, UserMessage } from "../conversation/conversation";
import { toModelRequest } from "../conversation/prompt";
import { promptTokens } from "../conversation/promptTokens";
import { reduceMessage, type Reduced } from "./reduceMessage";

/** How much of the conversation the teacher is sent. */
export type TeacherContextKind = "budgeted" | "full" | "question-only";

export const TEACHER_CONTEXT_KINDS: readonly TeacherContextKind[] = ["budgeted", "full", "question-only"];

export interface TeacherContextOptions {
  kind: TeacherContextKind;
  /** Most prompt tokens (the teacher's tokenizer, counted as `promptTokens` does) a `budgeted` view takes. */
  budget: number;
}

export interface TeacherView {
  request: ModelRequest;
  /** The view's prompt tokens, counted as the budget counts them. */
  tokens: number;
  /** Things shortened or left out: attachments cut or left out, answers cut, messages dropped. */
  elisions: number;
  /** The symbols of attached files sent whole because the question pointed at them (`Parent.name`). */
  whole: readonly string[];
  /** Those too large to go whole, sent as their signature and the blocks the question is about. */
  partly?: readonly string[];
  /** The similar symbols sent that scored close together: the question may be about any of them. */
  unsure?: readonly string[];
}

/** An earlier message's attachments are first cut to this share of the budget, before being only named. */
const COMPACT_SHARE = 0.5;
/** An earlier answer is cut to about this many characters: its opening says what it was about. */
const OPENING_CHARS = 240;

/**
 * What the teacher is sent of a conversation (the student always gets all it can hold):
 * - `full`: everything, exactly as the student sees it;
 * - `question-only`: the system prompt and the current question;
 * - `budgeted`: at most `budget` tokens (more only when the system prompt and the question alone
 *   are more; those are never cut). Attachments go whole when the message fits the budget with
 *   them; otherwise selections go verbatim while they fit, and files as the parts the question is
 *   about (`selectFileParts`: the symbols it names and the one at the cursor whole, then similar
 *   ones; one too large to go whole as its signature and the blocks the question is about; then an
 *   outline of the rest). Earlier answers are cut to their openings; if that is
 *   still too much, earlier attachments are cut to half the budget, then only named, then the
 *   oldest exchanges are left out. Each message is reduced on its own (by its own question and
 *   the exchange before it), so the prompt's prefix stays the same from one turn to the next and
 *   providers' prompt caches keep hitting. Every cut leaves a visible marker in the text.
 */
export function teacherView(conversation: Conversation, options: TeacherContextOptions, countText: (text: string) => number): TeacherView {
  // The same texts are counted many times over while the view is fitted.
  const counted = new Map<string, number>();
  const count = (text: string): number => counted.get(text) ?? counted.set(text, countText(text)).get(text)!;
  const full = toModelRequest(conversation);
  const sized = (request: ModelRequest, elisions: number, found: Pick<Reduced, "whole" | "partly" | "unsure"> = { whole: [] }): TeacherView => ({
    request,
    tokens: requestTokens(request, count),
    elisions,
    whole: found.whole,
    ...(found.partly ? { partly: found.partly } : {}),
    ...(found.unsure ? { unsure: found.unsure } : {}),
  });
  if (options.kind === "full") return sized(full, 0);
  const current = conversation.messages.at(-1) as UserMessage;
  if (options.kind === "question-only") {
    const dropped = conversation.messages.length - 1 + (current.context?.length ?? 0);
    return sized({ ...full, messages: [{ role: "user", content: current.text }] }, dropped);
  }

  const reduce = (k: number, budget: number): Levels => {
    const m = conversation.messages[k] as UserMessage;
    const reduced = reduceMessage(m, { system: full.system, budget, count, before: exchangeBefore(conversation, k), reader: "teacher" });
    return reduced.elisions > 0 && budget === options.budget && k < conversation.messages.length - 1
      ? { ...reduced, compact: reduce(k, Math.floor(options.budget * COMPACT_SHARE)) }
      : reduced;
  };
  const earlier: Levels[] = conversation.messages.slice(0, -1).map((m, k) => (m.role === "user" ? reduce(k, options.budget) : cutAnswer(m.text)));
  const last = reduce(conversation.messages.length - 1, options.budget);
  // `compacted` and `named`: how many of the earliest messages are cut to half, or only named.
  const build = (from: number, compacted: number, named: number, withNote = true): { request: ModelRequest; elisions: number } => {
    const kept = earlier.slice(from).map((r, i) => (i + from < named && r.named ? r.named : i + from < compacted && r.compact ? r.compact : r));
    const messages = [...kept, last].map((r) => r.message);
    if (from > 0 && (from < earlier.length || withNote)) {
      const note = `(The ${from} earlier messages of this conversation are not shown.)\n\n`;
      messages[0] = { ...messages[0], content: note + messages[0].content };
    }
    const elisions = from + [...kept, last].reduce((n, r) => n + r.elisions, 0);
    return { request: { ...full, messages }, elisions };
  };
  // Oldest first: cut earlier attachments to half, then name them instead, then leave exchanges out.
  const n = earlier.length;
  const steps: [number, number, number][] = [];
  for (let compacted = 0; compacted <= n; compacted++) steps.push([0, compacted, 0]);
  for (let named = 1; named <= n; named++) steps.push([0, n, named]);
  for (let from = 2; from <= n; from += 2) steps.push([from, n, n]);
  // Nothing earlier fits: the note that there was more goes too, if it does not fit either.
  let best = build(n, n, n, false);
  for (const [from, compacted, named] of steps) {
    const tried = build(from, compacted, named);
    if (requestTokens(tried.request, count) <= options.budget) {
      best = tried;
      break;
    }
  }
  return sized(best.request, best.elisions, last);
}

function requestTokens(request: ModelRequest, count: (text: string) => number): number {
  return promptTokens([{ role: "user", content: request.system }, ...request.messages], count);
}

/** A message reduced as at its own turn, and its smaller forms for later turns that need the room. */
type Levels = Reduced & { compact?: Reduced };

/** The question and answer before message `k`, which a follow-up refers to. */
export function exchangeBefore(conversation: Conversation, k: number): string | undefined {
  const previous = conversation.messages.slice(Math.max(0, k - 2), k).map((m) => m.text);
  return previous.length > 0 ? previous.join("\n") : undefined;
}

function cutAnswer(text: string): Reduced {
  if (text.length <= OPENING_CHARS) return { message: { role: "assistant", content: text }, elisions: 0, whole: [] };
  const cut = text.lastIndexOf(" ", OPENING_CHARS);
  const opening = text.slice(0, cut > OPENING_CHARS / 2 ? cut : OPENING_CHARS);
  return { message: { role: "assistant", content: `${opening} … (rest of this answer not sent)` }, elisions: 1, whole: [] };
}
