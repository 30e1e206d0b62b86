import type { Conversation, EditorContext, ModelRequest, PromptMessage, UserMessage } from "./conversation";
import { guessOutline } from "./guessOutline";
import { gap, outlineFile } from "./outlineFile";
import { fence, renderUserMessage, toModelRequest } from "./prompt";
import { promptTokens } from "./promptTokens";

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
  /** Things shortened or left out: attachments outlined, trimmed or left out, answers cut, messages dropped. */
  elisions: number;
}

/** Share of the budget one message's attached files may take, leaving room for later turns. */
const FILE_SHARE = 0.5;
/** An earlier answer is cut to about this many characters: its opening says what it was about. */
const OPENING_CHARS = 240;

/**
 * What the teacher is sent of a conversation (the student always gets all of it):
 * - `full`: everything, exactly as the student sees it;
 * - `question-only`: the system prompt and the current question;
 * - `budgeted`: at most `budget` tokens (more only when the system prompt and the question alone
 *   are more; those are never cut). Selections go verbatim while they fit and are trimmed when
 *   not; whole files become their outline plus the lines at the cursor; earlier answers are cut
 *   to their openings; if that is still too much, earlier attachments are named instead of shown,
 *   then the oldest exchanges are left out. Each message is reduced on its own, so the prompt's
 *   prefix stays the same from one turn to the next and providers' prompt caches keep hitting.
 * Every cut leaves a visible marker in the text.
 */
export function teacherView(conversation: Conversation, options: TeacherContextOptions, countText: (text: string) => number): TeacherView {
  // The same texts are counted many times over while the view is fitted.
  const counted = new Map<string, number>();
  const count = (text: string): number => counted.get(text) ?? counted.set(text, countText(text)).get(text)!;
  const full = toModelRequest(conversation);
  const sized = (request: ModelRequest, elisions: number): TeacherView => ({ request, tokens: requestTokens(request, count), elisions });
  if (options.kind === "full") return sized(full, 0);
  const current = conversation.messages.at(-1) as UserMessage;
  if (options.kind === "question-only") {
    const dropped = conversation.messages.length - 1 + (current.context?.length ?? 0);
    return sized({ ...full, messages: [{ role: "user", content: current.text }] }, dropped);
  }

  const reduce = (m: UserMessage): Reduced => reduceMessage(m, full.system, options.budget, count);
  const earlier = conversation.messages.slice(0, -1).map((m) => (m.role === "user" ? reduce(m) : cutAnswer(m.text)));
  const last = reduce(current);
  const build = (from: number, named: number, withNote = true): { request: ModelRequest; elisions: number } => {
    const kept = earlier.slice(from).map((r, i) => (i + from < named && r.named ? r.named : r));
    const messages = [...kept, last].map((r) => r.message);
    if (from > 0 && (from < earlier.length || withNote)) {
      const note = `(The ${from} earlier messages of this conversation are not shown.)\n\n`;
      messages[0] = { ...messages[0], content: note + messages[0].content };
    }
    const elisions = from + [...kept, last].reduce((n, r) => n + r.elisions, 0);
    return { request: { ...full, messages }, elisions };
  };
  // Oldest first: name earlier attachments instead of showing them, then leave exchanges out.
  const steps: [number, number][] = [];
  for (let named = 0; named <= earlier.length; named++) steps.push([0, named]);
  for (let from = 2; from <= earlier.length; from += 2) steps.push([from, earlier.length]);
  // Nothing earlier fits: the note that there was more goes too, if it does not fit either.
  let best = build(earlier.length, earlier.length, false);
  for (const [from, named] of steps) {
    const tried = build(from, named);
    if (requestTokens(tried.request, count) <= options.budget) {
      best = tried;
      break;
    }
  }
  return sized(best.request, best.elisions);
}

function requestTokens(request: ModelRequest, count: (text: string) => number): number {
  return promptTokens([{ role: "user", content: request.system }, ...request.messages], count);
}

/** One message as sent, with how many cuts it has and, for a user message with attachments, its form with them only named. */
interface Reduced {
  message: PromptMessage;
  elisions: number;
  named?: Reduced;
}

function cutAnswer(text: string): Reduced {
  if (text.length <= OPENING_CHARS) return { message: { role: "assistant", content: text }, elisions: 0 };
  const cut = text.lastIndexOf(" ", OPENING_CHARS);
  const opening = text.slice(0, cut > OPENING_CHARS / 2 ? cut : OPENING_CHARS);
  return { message: { role: "assistant", content: `${opening} … (rest of this answer not sent)` }, elisions: 1 };
}

/**
 * A user message within `budget` with the system prompt: the question whole, then selections
 * verbatim while they fit (else trimmed), then files as outlines within their share.
 */
function reduceMessage(message: UserMessage, system: string, budget: number, count: (text: string) => number): Reduced {
  const context = message.context ?? [];
  const named = namedOnly(message);
  const size = (content: string): number => promptTokens([{ role: "user", content: system }, { role: "user", content }], count);
  const fallback: Reduced = size(named.message.content) <= budget ? named : { message: { role: "user", content: message.text }, elisions: context.length };
  if (context.length === 0) return fallback;
  let room = budget - size(message.text);
  for (let attempt = 0; attempt < 4 && room > 0; attempt++) {
    const parts = reduceContext(context, room, (shown) => size([...shown, message.text].join("\n\n")) <= budget, count);
    const content = [...parts.map((p) => p.text), message.text].join("\n\n");
    const used = size(content);
    const elisions = parts.reduce((n, p) => n + (p.cut ? 1 : 0), 0);
    if (used <= budget) return { message: { role: "user", content }, elisions, ...(elisions > 0 ? { named: fallback } : {}) };
    room -= used - budget + 8;
  }
  return fallback;
}

/** The message with its attachments named, not shown. */
function namedOnly(message: UserMessage): Reduced {
  const context = message.context ?? [];
  const names = context.map((c) => `(${c.kind === "file" ? "File" : "Selection from"} \`${c.fileName}\` was attached, ${lineCount(c.text)} lines; not shown here.)`);
  return { message: { role: "user", content: [...names, message.text].join("\n\n") }, elisions: context.length };
}

/**
 * Each attachment as shown: selections whole when the message still `fits` with them, else their
 * first lines; files as outlines within an even share of what is left.
 */
function reduceContext(
  context: readonly EditorContext[],
  room: number,
  fits: (shown: readonly string[]) => boolean,
  count: (text: string) => number,
): { text: string; cut: boolean }[] {
  const take = (text: string): number => count(text) + 2;
  const shown = new Map<EditorContext, { text: string; cut: boolean }>();
  const texts = (): string[] => context.flatMap((c) => shown.get(c)?.text ?? []);
  // Selections first: the user picked those lines.
  for (const c of context.filter((c) => c.kind === "selection")) {
    const whole = renderUserMessage({ role: "user", text: "", context: [c] }).trimEnd();
    const left = room - texts().reduce((n, t) => n + take(t), 0);
    if (fits([...texts(), whole])) {
      shown.set(c, { text: whole, cut: false });
      continue;
    }
    const header = `Selection from \`${c.fileName}\` (shortened; “… not sent …” marks what is left out):\n\n`;
    const kept = headLines(c.text, left - take(header) - 4, count);
    if (kept !== undefined) shown.set(c, { text: header + fence(kept, c.language), cut: true });
  }
  const files = context.filter((c) => c.kind === "file");
  const left = room - texts().reduce((n, t) => n + take(t), 0);
  const share = Math.floor(Math.min(left, room * FILE_SHARE) / Math.max(1, files.length));
  for (const c of files) {
    const whole = renderUserMessage({ role: "user", text: "", context: [c] }).trimEnd();
    if (take(whole) <= share) {
      shown.set(c, { text: whole, cut: false });
      continue;
    }
    const header = `Outline of \`${c.fileName}\` (${lineCount(c.text)} lines: declarations and the lines at the cursor; “… not sent …” marks what is left out):\n\n`;
    const outline = outlineFile({ text: c.text, outline: c.outline ?? guessOutline(c.text), ...(c.focus ? { focus: c.focus } : {}), limit: share - take(header) - 4, count });
    if (outline !== undefined) shown.set(c, { text: header + fence(outline, c.language), cut: true });
  }
  return context.map((c) => shown.get(c) ?? { text: `(\`${c.fileName}\` was attached, ${lineCount(c.text)} lines; not shown here.)`, cut: true });
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

function lineCount(text: string): number {
  return text.replace(/\n$/, "").split("\n").length;
}
