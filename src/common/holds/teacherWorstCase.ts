import type { PromptMessage } from "../conversation/conversation";
import type { PriceLookup } from "../cost/prices";
import { promptTokens } from "../conversation/promptTokens";
import type { ToolSpec } from "../models/teacher";

/**
 * The most teacher tokens Headstart reads for a request capped at `cap`, one rule for the teacher
 * that stops reading and for the hold that is set aside before it is sent: a provider's tokenizer
 * may count a little differently from ours, so the teacher reads a quarter past the cap (at least
 * 4 tokens) before it calls the cap ignored and closes the request.
 */
export function readCeiling(cap: number): number {
  return cap + Math.max(4, Math.ceil(cap * 0.25));
}

/**
 * The most a teacher request can cost at its list price: its input (with the tools it offers) at
 * the input price and everything up to `readCeiling(cap)` at the output price. `null` when no
 * price is known for the model. (A provider that bills above its list is met by the spend gate,
 * which scales this by what the provider last reported.)
 */
export function teacherWorstCase(
  prompt: readonly PromptMessage[],
  tools: readonly ToolSpec[] | undefined,
  cap: number,
  model: string,
  count: (text: string) => number,
  prices: PriceLookup,
): number | null {
  const price = prices(model)?.price;
  if (!price) return null;
  const input = promptTokens(prompt, count) + (tools?.length ? count(JSON.stringify(tools)) : 0);
  return (input * price.input + readCeiling(cap) * price.output) / 1e6;
}
