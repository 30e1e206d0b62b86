import { readFile } from "node:fs/promises";
import { errorMessage } from "../../common/util/errorMessage";
import { dayKey } from "../../common/util/calendarKeys";
import type { ModelPrice, PriceList } from "../../common/cost/prices";
import { writeFileAtomically } from "../util/writeFileAtomically";

/** True for OpenRouter's API, whose public models list carries every model's prices. */
export function isOpenRouterUrl(baseUrl: string): boolean {
  try {
    return /(^|\.)openrouter\.ai$/i.test(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}

/** A cached list is used without asking again for a day: OpenRouter's prices change rarely. */
const FRESH_MS = 24 * 60 * 60 * 1000;
/** After a failed fetch (offline, say), the stale list is used and the next try waits this long. */
const RETRY_MS = 60 * 60 * 1000;
const FETCH_TIMEOUT_MS = 10_000;

/** The cache file: the list as fetched, from which endpoint, and when. */
interface PriceCache {
  version: 1;
  baseUrl: string;
  /** ISO timestamp of the fetch. */
  fetchedAt: string;
  prices: Record<string, ModelPrice>;
}

export interface OpenRouterPricesOptions {
  /** The teacher's base URL, e.g. `https://openrouter.ai/api/v1`; the list is `GET {baseUrl}/models`. */
  baseUrl: string;
  /** Where the last list is kept between sessions. */
  cacheFile: string;
  /** Failures to fetch or to save, one line each. */
  log: (line: string) => void;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Defaults to the wall clock. */
  now?: () => Date;
}

/**
 * OpenRouter's prices for the models it routes, from its models endpoint: fetched at most once a
 * day, kept in a JSON file with the time of the fetch, and safe offline. A failed fetch keeps the
 * last list (dated by its fetch); with no cache and no network this source has nothing, and the
 * next sources in the order of trust answer.
 */
export class OpenRouterPrices {
  private cache: PriceCache | undefined;
  private cacheRead = false;
  private running: Promise<void> | undefined;
  private failedAt: number | undefined;
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly options: OpenRouterPricesOptions) {
    this.fetch = options.fetch ?? fetch;
    this.now = options.now ?? (() => new Date());
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** The list as loaded so far, dated by its fetch; undefined before the first read or fetch. */
  list(): PriceList | undefined {
    const c = this.cache;
    return c && { source: "openrouter", prices: c.prices, date: dayKey(new Date(c.fetchedAt)) };
  }

  /**
   * Reads the cache on first use, then fetches a new list when it is a day old or missing (and
   * no fetch failed in the last hour). Never rejects: failures are logged and the old list kept.
   * Calls while one runs share it.
   */
  refresh(): Promise<void> {
    this.running ??= this.update().finally(() => (this.running = undefined));
    return this.running;
  }

  private async update(): Promise<void> {
    if (!this.cacheRead) {
      this.cache = await this.readCache();
      this.cacheRead = true;
    }
    const now = this.now().getTime();
    if (this.cache && now - Date.parse(this.cache.fetchedAt) < FRESH_MS) return;
    if (this.failedAt !== undefined && now - this.failedAt < RETRY_MS) return;
    const url = `${this.options.baseUrl.replace(/\/+$/, "")}/models`;
    try {
      const prices = await this.fetchPrices(url);
      this.cache = { version: 1, baseUrl: this.options.baseUrl, fetchedAt: new Date(now).toISOString(), prices };
      this.failedAt = undefined;
    } catch (e) {
      this.failedAt = now;
      const kept = this.list();
      this.options.log(
        `Could not fetch OpenRouter's prices from ${url}: ${errorMessage(e)}. ` +
          (kept ? `Using the list fetched on ${kept.date}.` : "Its models are priced from the other sources until it can be fetched."),
      );
      return;
    }
    try {
      await writeFileAtomically(this.options.cacheFile, JSON.stringify(this.cache));
    } catch (e) {
      this.options.log(`Could not save OpenRouter's prices to ${this.options.cacheFile}: ${errorMessage(e)}`);
    }
  }

  private async fetchPrices(url: string): Promise<Record<string, ModelPrice>> {
    const response = await this.fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return parseOpenRouterModels(await response.json());
  }

  /** The cached list for this endpoint; a missing file is no cache, a damaged one is said so. */
  private async readCache(): Promise<PriceCache | undefined> {
    let text: string;
    try {
      text = await readFile(this.options.cacheFile, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") this.options.log(`Could not read OpenRouter's cached prices: ${errorMessage(e)}`);
      return undefined;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      this.options.log(`OpenRouter's cached prices are damaged and will be fetched again: ${errorMessage(e)}`);
      return undefined;
    }
    if (!isPriceCache(data)) {
      this.options.log("OpenRouter's cached prices are damaged and will be fetched again.");
      return undefined;
    }
    return data.baseUrl === this.options.baseUrl ? data : undefined;
  }
}

/** USD a token, as OpenRouter writes it ("0.00000015"), to USD per million tokens; undefined unless a real price. */
function perMillion(v: unknown): number | undefined {
  if (typeof v !== "string" || v.trim() === "") return undefined;
  const n = Number(v);
  // Rounded to a millionth of a dollar per million tokens, so 0.00000015 reads 0.15, not 0.15000000000000002.
  return Number.isFinite(n) && n >= 0 ? Math.round(n * 1e12) / 1e6 : undefined;
}

/**
 * Prices by model id from OpenRouter's `GET /models` answer: `{ data: [{ id, pricing: { prompt,
 * completion, input_cache_read } }] }`, USD a token as strings. Models without a real prompt and
 * completion price (OpenRouter's own router says "-1") are left out; cached input without its
 * own price is charged at the input price. Throws when the answer is not such a list at all.
 */
export function parseOpenRouterModels(json: unknown): Record<string, ModelPrice> {
  const data = typeof json === "object" && json !== null ? (json as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) throw new Error("the answer has no list of models");
  const prices: Record<string, ModelPrice> = {};
  for (const model of data as unknown[]) {
    if (typeof model !== "object" || model === null) continue;
    const { id, pricing } = model as { id?: unknown; pricing?: Record<string, unknown> };
    if (typeof id !== "string" || typeof pricing !== "object" || pricing === null) continue;
    const input = perMillion(pricing.prompt);
    const output = perMillion(pricing.completion);
    if (input === undefined || output === undefined) continue;
    prices[id] = { input, cachedInput: perMillion(pricing.input_cache_read) ?? input, output };
  }
  return prices;
}

const isPrice = (v: unknown): v is ModelPrice =>
  typeof v === "object" &&
  v !== null &&
  (["input", "cachedInput", "output"] as const).every((k) => {
    const n = (v as Record<string, unknown>)[k];
    return typeof n === "number" && Number.isFinite(n) && n >= 0;
  });

function isPriceCache(v: unknown): v is PriceCache {
  if (typeof v !== "object" || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    c.version === 1 &&
    typeof c.baseUrl === "string" &&
    typeof c.fetchedAt === "string" &&
    !Number.isNaN(Date.parse(c.fetchedAt)) &&
    typeof c.prices === "object" &&
    c.prices !== null &&
    Object.values(c.prices).every(isPrice)
  );
}
