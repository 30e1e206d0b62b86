import { modelBaseName } from "./modelName";

/** USD per million tokens. */
export interface ModelPrice {
  input: number;
  cachedInput: number;
  output: number;
}

/**
 * The date the built-in table was last reviewed. Its OpenAI rows agree with OpenAI's published
 * prices as other sources reported them in 2026; gpt-tokenizer 4.0.0's catalog disagrees for
 * gpt-4o, gpt-4.1, gpt-5 and o3, and is the one that is wrong there (see openAiPackagePrices.ts).
 */
export const DEFAULT_PRICES_DATE = "2026-11-29";

/**
 * Published list prices for well-known teacher models (USD per million tokens): the last resort
 * after the user's settings, the provider's own figures and OpenRouter's list, and ahead of
 * gpt-tokenizer's scraped catalog. A model in none of them is priced as unknown, never as free.
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
  // DeepSeek's price since its September 2025 change (V3.2), as its pricing page gives it.
  "deepseek-chat": { input: 0.28, cachedInput: 0.028, output: 0.42 },
};

/**
 * Where a list price came from: the user's settings, the test teacher's $0 (see testTeacher.ts),
 * OpenRouter's models list, the built-in table, or the OpenAI catalog in the gpt-tokenizer package.
 */
export type PriceSource = "override" | "test" | "openrouter" | "table" | "openai-package";

/** A set of prices from one source, with how old it is. */
export interface PriceList {
  source: PriceSource;
  /** By model name; a name with a provider prefix (`openai/gpt-4o`) names that one model only. */
  prices: Readonly<Record<string, ModelPrice>>;
  /** `YYYY-MM-DD`: when the list was fetched or checked. */
  date?: string;
  /** For a list that carries no date: the package and version it came from, e.g. `gpt-tokenizer 4.0.0`. */
  version?: string;
}

/** A model's price, where it came from and how old it is. */
export interface FoundPrice {
  price: ModelPrice;
  source: PriceSource;
  date?: string;
  version?: string;
}

/** Finds a model's price from every source there is, in order of trust. */
export type PriceLookup = (model: string) => FoundPrice | undefined;

export const TABLE_PRICES: PriceList = { source: "table", prices: DEFAULT_PRICES, date: DEFAULT_PRICES_DATE };

/** The price lists a host has loaded, beside the user's own overrides. */
export interface PriceSources {
  /** The `headstart.prices` setting. */
  overrides: Readonly<Record<string, ModelPrice>>;
  /** The test teacher's $0, only while the teacher is on this machine. */
  testTeacher?: PriceList;
  /** OpenRouter's models list, when the teacher is on OpenRouter and a list was fetched or cached. */
  openRouter?: PriceList;
  /** OpenAI's prices from the gpt-tokenizer package, once loaded. */
  openAiPackage?: PriceList;
}

/**
 * The order of trust, in one place. The user's own prices come first (what they pay is their
 * decision). The test teacher's $0 next, on this machine only (its canned answers are never billed,
 * whatever its server reports). The provider's report of a request's cost comes next, in computeTurnCost. Then
 * OpenRouter's live list, for the models it routes. Then the built-in table, reviewed by hand,
 * and last gpt-tokenizer's catalog: it is scraped, and wrong for several current models (4.0.0
 * prices gpt-4o, gpt-4.1 and gpt-5 at $10/$30), so it only fills in OpenAI models the table lacks.
 */
export function priceLookup(sources: PriceSources): PriceLookup {
  const lists = [{ source: "override", prices: sources.overrides } satisfies PriceList, sources.testTeacher, sources.openRouter, TABLE_PRICES, sources.openAiPackage];
  const defined = lists.filter((l): l is PriceList => l !== undefined);
  return (model) => findPrice(model, defined);
}

/** Date or alias suffixes a provider appends to a model name without changing its price. */
const VERSION_SUFFIX = /^-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|latest)$/;

/**
 * Finds the price for a model name as providers spell it, from the first list that has it:
 * `openai/gpt-4o-mini`, `gpt-4o-2024-08-06` and `GPT-4o` all find `gpt-4o*`; `gpt-4o-audio` finds
 * nothing rather than the wrong price. A key with a provider prefix (OpenRouter's ids) matches
 * that full name only, since the same model name can cost differently from different providers.
 */
export function findPrice(model: string, lists: readonly PriceList[]): FoundPrice | undefined {
  const full = model.toLowerCase();
  const name = modelBaseName(model);
  for (const list of lists) {
    const entries = Object.entries(list.prices).map(([key, price]) => [key.toLowerCase(), price] as const);
    // An exact name wins over a shorter key plus a date suffix: `gpt-4o-2024-05-13` may have its own price.
    const hit =
      entries.find(([k]) => k === full || (!k.includes("/") && k === name)) ??
      entries.find(([k]) => !k.includes("/") && name.startsWith(k) && VERSION_SUFFIX.test(name.slice(k.length)));
    if (hit) {
      return { price: hit[1], source: list.source, ...(list.date ? { date: list.date } : {}), ...(list.version ? { version: list.version } : {}) };
    }
  }
  return undefined;
}
