import { TeacherError, type TeacherFailureReason } from "../models/errors";
import { formatPriceSource } from "../cost/money";
import type { PriceLookup } from "../cost/prices";
import type { LearnedQuirk } from "../models/providerQuirks";
import type { Teacher, TeacherUsage } from "../models/teacher";
import type { TokenCounter } from "../conversation/tokenCounter";
import { computeTurnCost } from "../cost/turnCost";
import { overHoldNote, type SpendGate } from "../holds/spendGate";
import { teacherWorstCase } from "../holds/teacherWorstCase";

/** What one tiny request told about the teacher: the answers to "does my setup work, and what does it cost?". */
export interface TeacherCheckReport {
  /** The model asked for, and the one the provider says answered. */
  model: string;
  answeredBy?: string;
  /** From sending the request to the first text, in milliseconds. */
  firstTokenMs: number | null;
  text: string;
  usage?: TeacherUsage;
  /** USD, `null` when unknown; and where the figure came from, for the user to judge. */
  costUsd: number | null;
  costSource: string;
  /** What the provider taught on the way: parameters it refused (and the retry that followed), an ignored cap. */
  learned: LearnedQuirk[];
  /** Whether the provider kept to the token cap; `null` when it cannot be told. */
  capObeyed: boolean | null;
  /** Why the check failed, when it did. */
  failure?: { reason: TeacherFailureReason | "internal"; message: string };
  /** The hold against the spending limits its charge settles, and what it set aside. */
  hold?: string;
  heldUsd?: number;
  /** Where the cost came from, as the spend journal names it (`provider`, a list); absent when nothing was billed. */
  priceSource?: string;
  /** When the provider reported its charge: the same tokens at the list price. */
  listUsd?: number;
}

export interface TeacherCheckDeps {
  now: () => number;
  /** Priced as every answer is, from the same lists. */
  prices: PriceLookup;
  /** Counts the teacher's tokens when no usage came: for the cost, and whether the cap held. */
  counter: TokenCounter;
  /** The user's spending limits: the check is a paid request like any other, held against them first. */
  gate?: SpendGate;
}

/** A small cap, and a question whose answer is longer, so a provider that ignores caps shows it. */
export const CHECK_CAP = 8;

/** Sends one tiny request through the same adapter as every answer, and reports what happened. */
export async function checkTeacher(teacher: Teacher, deps: TeacherCheckDeps, signal: AbortSignal): Promise<TeacherCheckReport> {
  const request = {
    conversationId: "headstart-check",
    system: "Reply with numbers only.",
    messages: [{ role: "user" as const, content: "Count from 1 to 40, separated by spaces." }],
    maxTokens: CHECK_CAP,
  };
  const model = teacher.model;
  const prompt = [{ role: "user" as const, content: request.system }, ...request.messages];
  const count = (text: string): number => (text === "" ? 0 : deps.counter.count(text, model).tokens);
  const held = deps.gate ? await deps.gate.hold({ model, worstUsd: teacherWorstCase(prompt, undefined, CHECK_CAP, model, count, deps.prices) }) : {};
  if ("refused" in held) {
    return { model, firstTokenMs: null, text: "", costUsd: 0, costSource: "nothing was sent", learned: [], capObeyed: null, failure: { reason: "limit", message: held.refused } };
  }
  const started = deps.now();
  let firstTokenMs: number | null = null;
  let text = "";
  let usage: TeacherUsage | undefined;
  let answeredBy: string | undefined;
  let learned: LearnedQuirk[] = [];
  let failure: TeacherCheckReport["failure"];
  try {
    for await (const chunk of teacher.guide(request, signal)) {
      if (chunk.type === "text") {
        firstTokenMs ??= deps.now() - started;
        text += chunk.text;
      } else if (chunk.type === "end") {
        usage = chunk.usage;
        answeredBy = chunk.model;
        learned = chunk.learned ?? [];
      }
    }
  } catch (e) {
    failure = e instanceof TeacherError ? { reason: e.reason, message: e.message } : { reason: "internal", message: String(e) };
    usage = e instanceof TeacherError ? e.usage : undefined;
  }
  const cost = computeTurnCost({
    teacherModel: model,
    prompt,
    teacherCalled: usage !== undefined || text !== "",
    usage,
    guidanceText: text,
    studentText: "",
    prices: deps.prices,
    counter: deps.counter,
  });
  const source = cost.source === "none" && cost.actualUsd === 0 ? "nothing was billed" : (formatPriceSource(cost) ?? `no price is known for ${model}`);
  const billed = usage !== undefined || text !== "";
  if (held.hold && !billed) await deps.gate?.release(held.hold);
  const ignored = learned.some((l) => l.kind === "cap-ignored");
  const output = usage?.outputTokens ?? (text === "" ? undefined : count(text));
  return {
    model: teacher.model,
    ...(answeredBy ? { answeredBy } : {}),
    firstTokenMs,
    text,
    ...(usage ? { usage } : {}),
    costUsd: cost.actualUsd,
    costSource: source,
    learned,
    capObeyed: ignored ? false : output === undefined ? null : output <= CHECK_CAP,
    ...(failure ? { failure } : {}),
    ...(held.hold && billed ? { hold: held.hold } : {}),
    ...(held.heldUsd !== undefined ? { heldUsd: held.heldUsd } : {}),
    ...(cost.source !== "none" ? { priceSource: cost.source } : {}),
    ...(cost.listUsd !== undefined ? { listUsd: cost.listUsd } : {}),
  };
}

/** The report as lines a person reads, in a notification or a terminal. */
export function formatTeacherCheck(r: TeacherCheckReport): string[] {
  const lines: string[] = [];
  lines.push(r.failure ? `Failed: ${r.failure.message}` : `OK: ${r.answeredBy ?? r.model} answered${r.answeredBy && r.answeredBy !== r.model ? ` (asked for ${r.model})` : ""}.`);
  if (r.firstTokenMs !== null) lines.push(`First token after ${Math.round(r.firstTokenMs)} ms.`);
  for (const l of r.learned) {
    lines.push(l.kind === "refused" ? `Refused “${l.parameter}”; asked again without it${r.failure ? "" : ", which worked"}.` : `Ignored the token cap (${l.field}).`);
  }
  const u = r.usage;
  lines.push(u ? `Usage: ${u.inputTokens} in${u.cachedInputTokens ? ` (${u.cachedInputTokens} cached)` : ""} / ${u.outputTokens} out.` : "No usage reported.");
  const usd = r.costUsd === null ? "unknown" : `$${r.costUsd.toFixed(6)}`;
  lines.push(`Cost: ${usd} (${r.costSource}).`);
  if (r.heldUsd !== undefined && r.costUsd !== null && r.costUsd > r.heldUsd) lines.push(overHoldNote("The provider", r.costUsd, r.heldUsd).message);
  lines.push(r.capObeyed === null ? "Token cap: could not tell." : r.capObeyed ? `Token cap (${CHECK_CAP}) obeyed.` : `Token cap (${CHECK_CAP}) ignored: Headstart stops reading at the cap on its own.`);
  return lines;
}
