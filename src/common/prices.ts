import { modelBaseName } from "./modelName";

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  cachedInput: number;
  output: number;
}

/** The date the default table was checked against the providers' published prices. */
export const DEFAULT_PRICES_DATE = "2025-08-01";

/**
 * Published list prices for well-known teacher models (USD per million tokens). Users override
 * or add entries in settings; a model in neither is priced as unknown, never as free.
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-5": { input: 1.25, cachedInput: 0.125, output: 10 },
  "gpt-5-mini": { input: 0.25, cachedInput: 0.025, output: 2 },
  "gpt-5-nano": { input: 0.05, cachedInput: 0.005, output: 0.4 },
  "gpt-4.1": { input: 2, cachedInput: 0.5, output: 8 },
  "gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "gpt-4.1-nano": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
  "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
  o3: { input: 2, cachedInput: 0.5, output: 8 },
  "o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  "claude-opus-4-1": { input: 15, cachedInput: 1.5, output: 75 },
  "claude-sonnet-4": { input: 3, cachedInput: 0.3, output: 15 },
  "claude-3-5-haiku": { input: 0.8, cachedInput: 0.08, output: 4 },
  "gemini-2.5-pro": { input: 1.25, cachedInput: 0.31, output: 10 },
  "gemini-2.5-flash": { input: 0.3, cachedInput: 0.075, output: 2.5 },
  "deepseek-chat": { input: 0.27, cachedInput: 0.07, output: 1.1 },
};

export type PriceSource = "override" | "table";

/** Date or alias suffixes a provider appends to a model name without changing its price. */
const VERSION_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)$/;

/**
 * Finds the price for a model name as providers spell it: `openai/gpt-4o-mini`,
 * `gpt-4o-2024-08-06` and `GPT-4o` all find `gpt-4o*`; `gpt-4o-audio` finds nothing rather than
 * the wrong price. Overrides win over the table, and are matched the same way.
 */
export function findPrice(
  model: string,
  overrides: Readonly<Record<string, ModelPrice>> = {},
): { price: ModelPrice; source: PriceSource } | undefined {
  const name = modelBaseName(model);
  for (const [table, source] of [
    [overrides, "override"],
    [DEFAULT_PRICES, "table"],
  ] as const) {
    for (const [key, price] of Object.entries(table)) {
      const k = key.toLowerCase();
      if (name === k || (name.startsWith(k) && VERSION_SUFFIX.test(name.slice(k.length)))) {
        return { price, source };
      }
    }
  }
  return undefined;
}
