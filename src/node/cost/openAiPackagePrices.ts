import tokenizerPackage from "gpt-tokenizer/package.json";
import type { ModelPrice, PriceList } from "../../common/cost/prices";

/** What this reads of a gpt-tokenizer model spec: OpenAI's standard (not batch) prices, USD per million tokens. */
interface CatalogSpec {
  price_data?: { main?: { input?: unknown; output?: unknown; cached_input?: unknown } };
}

/**
 * Open-weight models that OpenAI does not sell through its API: other hosts set their prices, and
 * the catalog's figures for them are not per million tokens (gpt-oss-120b at $0.0005 in).
 */
const NOT_SOLD_BY_OPENAI = /^gpt-oss-/;

const usd = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * The chat prices in gpt-tokenizer's model catalog (its `models` export: spec objects by model
 * name and alias, each with an optional `price_data`). Entries without both an input and an
 * output price (embeddings, moderation, legacy completions) are left out. Cached input without
 * its own price is charged at the input price: an overestimate rather than a guess.
 */
export function openAiCatalogPrices(catalog: Readonly<Record<string, unknown>>): Record<string, ModelPrice> {
  const prices: Record<string, ModelPrice> = {};
  for (const [name, spec] of Object.entries(catalog)) {
    if (NOT_SOLD_BY_OPENAI.test(name) || typeof spec !== "object" || spec === null) continue;
    const main = (spec as CatalogSpec).price_data?.main;
    const input = usd(main?.input);
    const output = usd(main?.output);
    if (input === undefined || output === undefined) continue;
    prices[name] = { input, cachedInput: usd(main?.cached_input) ?? input, output };
  }
  return prices;
}

/**
 * OpenAI's prices as the gpt-tokenizer package ships them, labelled with its version (the package
 * carries no date). Its catalog is scraped from OpenAI's pages and wrong for several current
 * models in 4.0.0 (gpt-4o, gpt-4.1 and gpt-5 at $10/$30, o3 at $15/$60), which is why it ranks
 * below the built-in table (common/cost/prices.ts). Imported on first use: it is a sizeable module.
 */
export async function loadOpenAiPackagePrices(): Promise<PriceList> {
  const catalog = (await import("gpt-tokenizer/models")) as unknown as Readonly<Record<string, unknown>>;
  return { source: "openai-package", prices: openAiCatalogPrices(catalog), version: `gpt-tokenizer ${tokenizerPackage.version}` };
}
