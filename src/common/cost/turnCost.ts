import type { PromptMessage } from "../conversation/conversation";
import type { ModelPrice, PriceLookup, PriceSource } from "./prices";
import type { TeacherUsage } from "../models/teacher";
import type { TokenCounter } from "../conversation/tokenCounter";
import { promptTokens as countPrompt } from "../conversation/promptTokens";

/** A turn's money, in USD. `null` means unknown (no price for the model), never zero. */
export interface TurnCost {
  /** What the teacher calls of this turn cost. */
  actualUsd: number | null;
  /**
   * What the student server charged, when it has a price; never part of `actualUsd` (the
   * teacher's spend and its limits), but taken from the saving. `null`: not known.
   */
  studentUsd?: number | null;
  /** What the same answer would have cost had the teacher written all of it. */
  counterfactualUsd: number | null;
  savingUsd: number | null;
  /**
   * Where the actual figure came from: the provider's own report, a price list, or nowhere (the
   * teacher was not paid, or no price is known for it).
   */
  source: "provider" | PriceSource | "none";
  /**
   * When the provider reported its own charge: the same usage at the list price, so a provider
   * that bills above its list is known, and the next request's worst case held at its rate.
   */
  listUsd?: number;
  /**
   * The price list behind the priced figures, when one had the model: the actual (unless the
   * provider reported it) and the teacher-only alternative.
   */
  priceSource?: PriceSource;
  /** `YYYY-MM-DD` of that list: when OpenRouter's list was fetched, when the built-in table was checked. */
  priceDate?: string;
  /** For a list that has no date, the package it came from, e.g. `gpt-tokenizer 4.0.0`. */
  priceVersion?: string;
  /** True when any figure rests on counted or estimated tokens rather than the provider's report. */
  estimated: boolean;
  /**
   * True when the actual figure itself rests on counted tokens (the provider reported no usage);
   * an inexact count of the student's text makes only the teacher-only figure and the saving
   * estimates. Absent from records stored before it was added: `estimated` stands for it there.
   */
  actualEstimated?: boolean;
}

export interface TurnCostInput {
  /** The teacher model the turn used, or would have used; undefined when none is configured. */
  teacherModel: string | undefined;
  /** The prompt the teacher got or would get, to count input tokens when usage is missing. */
  prompt: readonly PromptMessage[];
  /** Whether the teacher was paid for a request: it streamed text or finished (failed requests are not billed). */
  teacherCalled: boolean;
  /** What the provider reported, when it did. */
  usage: TeacherUsage | undefined;
  /** The teacher's visible text, counted when the provider reported no usage. */
  guidanceText: string;
  /** The student's part of the answer, counted as if the teacher had written it. */
  studentText: string;
  /** The model's price from every list there is, in order of trust. */
  prices: PriceLookup;
  /**
   * What asking the teacher for everything would have sent, when that is not `prompt` (the
   * teacher was sent a shortened view, or nothing): its input tokens, and how many of them an
   * earlier request of the conversation had sent already. Those are priced as cached, as if the
   * provider had cached all of them, so the saving shown is never more than was made.
   */
  teacherOnly?: { inputTokens: number; cachedInputTokens: number };
  counter: TokenCounter;
  /** What the student server charged for its part, when it has a price (`null`: not known). */
  studentUsd?: number | null;
}

/** What the teacher bills for a request: what the provider reported, else the prompt and the text it wrote, counted. */
export function billedUsage(prompt: readonly PromptMessage[], usage: TeacherUsage | undefined, writtenText: string, count: (text: string) => number): TeacherUsage {
  return usage ?? { inputTokens: countPrompt(prompt, count), cachedInputTokens: 0, outputTokens: count(writtenText) };
}

export function computeTurnCost(input: TurnCostInput): TurnCost {
  const { teacherModel, counter } = input;
  const found = teacherModel ? input.prices(teacherModel) : undefined;
  let estimated = false;
  const count = (text: string): number => {
    if (!teacherModel || text === "") return 0;
    const c = counter.count(text, teacherModel);
    if (!c.exact) estimated = true;
    return c.tokens;
  };

  const promptTokens = (): number => countPrompt(input.prompt, count);
  const priced = (u: TeacherUsage, p: ModelPrice): number =>
    (p.input * (u.inputTokens - u.cachedInputTokens) + p.cachedInput * u.cachedInputTokens + p.output * u.outputTokens) / 1e6;

  // What the teacher was paid; counted from the text when the provider reported no usage.
  let actualUsd: number | null = 0;
  let actualEstimated = false;
  let source: TurnCost["source"] = "none";
  let listUsd: number | undefined;
  if (input.teacherCalled) {
    if (!input.usage) {
      actualEstimated = true;
      estimated = true;
    }
    const usage = billedUsage(input.prompt, input.usage, input.guidanceText, count);
    // The user's own price wins even over the provider's report: what they pay is theirs to say.
    // The test teacher's canned answers cost nothing, whatever its test server reports.
    if (usage.providerCostUsd !== undefined && found?.source !== "override" && found?.source !== "test") {
      actualUsd = usage.providerCostUsd;
      source = "provider";
      if (found) listUsd = priced(usage, found.price);
    } else if (found) {
      actualUsd = priced(usage, found.price);
      source = found.source;
    } else {
      actualUsd = null;
    }
  }

  // Teacher-only: the same request, with the student's text written by the teacher instead.
  let counterfactualUsd: number | null = null;
  if (found) {
    const studentOutputUsd = (count(input.studentText) * found.price.output) / 1e6;
    if (input.teacherOnly) {
      estimated = true;
      const written = !input.teacherCalled ? 0 : (input.usage?.outputTokens ?? count(input.guidanceText));
      counterfactualUsd = priced({ ...input.teacherOnly, outputTokens: written }, found.price) + studentOutputUsd;
    } else if (!input.teacherCalled) {
      estimated = true;
      const asked = { inputTokens: promptTokens(), cachedInputTokens: 0, outputTokens: 0 };
      counterfactualUsd = priced(asked, found.price) + studentOutputUsd;
    } else if (actualUsd !== null) {
      counterfactualUsd = actualUsd + studentOutputUsd;
    }
  }
  // A student server that charges is paid from the saving; an unknown charge leaves it unknown.
  const studentUsd = input.studentUsd;
  const savingUsd = counterfactualUsd !== null && actualUsd !== null && studentUsd !== null ? counterfactualUsd - actualUsd - (studentUsd ?? 0) : null;
  const list = found
    ? { priceSource: found.source, ...(found.date ? { priceDate: found.date } : {}), ...(found.version ? { priceVersion: found.version } : {}) }
    : {};
  return {
    actualUsd,
    ...(studentUsd !== undefined ? { studentUsd } : {}),
    counterfactualUsd,
    savingUsd,
    source,
    ...(listUsd !== undefined ? { listUsd } : {}),
    ...list,
    estimated,
    actualEstimated,
  };
}
