import { errorMessage } from "../../common/util/errorMessage";
import type { PriceList, PriceSources } from "../../common/cost/prices";
import { isLoopbackUrl } from "../../common/util/loopbackUrl";
import { TEST_TEACHER_PRICES } from "../../common/cost/testTeacher";
import { loadOpenAiPackagePrices } from "./openAiPackagePrices";
import { isOpenRouterUrl, OpenRouterPrices } from "./openRouterPrices";

export interface LivePriceSourcesOptions {
  /** Where OpenRouter's list is cached between sessions. */
  openRouterCacheFile: string;
  log: (line: string) => void;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  now?: () => Date;
}

/**
 * The price lists a host loads beside the user's overrides and the built-in table: OpenRouter's
 * (only while the teacher is on OpenRouter) and the OpenAI catalog in gpt-tokenizer. Loading runs
 * beside a turn and never holds it up; a turn is priced from what has loaded when it ends.
 */
export class LivePriceSources {
  private openRouter: OpenRouterPrices | undefined;
  private openAiPackage: PriceList | undefined;
  private onThisMachine = false;
  private packageLoad: Promise<void> | undefined;

  constructor(private readonly options: LivePriceSourcesOptions) {}

  /** Loads what is missing or stale for a teacher at this base URL. Never rejects: failures are logged. */
  prepare(baseUrl: string): Promise<void> {
    this.onThisMachine = isLoopbackUrl(baseUrl);
    if (!isOpenRouterUrl(baseUrl)) this.openRouter = undefined;
    else if (this.openRouter?.baseUrl !== baseUrl) {
      const { openRouterCacheFile: cacheFile, log, fetch, now } = this.options;
      this.openRouter = new OpenRouterPrices({ baseUrl, cacheFile, log, ...(fetch ? { fetch } : {}), ...(now ? { now } : {}) });
    }
    this.packageLoad ??= loadOpenAiPackagePrices().then(
      (list) => void (this.openAiPackage = list),
      (e: unknown) => this.options.log(`Could not read OpenAI's prices from gpt-tokenizer: ${errorMessage(e)}`),
    );
    return Promise.all([this.packageLoad, this.openRouter?.refresh()]).then(() => undefined);
  }

  /** What has loaded so far, for `priceLookup`. */
  sources(): Omit<PriceSources, "overrides"> {
    const openRouter = this.openRouter?.list();
    return {
      ...(this.onThisMachine ? { testTeacher: TEST_TEACHER_PRICES } : {}),
      ...(openRouter ? { openRouter } : {}),
      ...(this.openAiPackage ? { openAiPackage: this.openAiPackage } : {}),
    };
  }
}
