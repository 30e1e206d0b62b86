import { join } from "node:path";
import * as vscode from "vscode";
import { priceLookup, type PriceSources } from "../../common/cost/prices";
import { learnedNote, ProviderQuirkBook } from "../../common/models/providerQuirks";
import { checkTeacher, formatTeacherCheck, type TeacherCheckReport } from "../../common/teacher/teacherCheck";
import type { TokenCounter } from "../../common/conversation/tokenCounter";
import { loadGptTokenCounter } from "../../node/cost/gptTokenCounter";
import { JsonStateFile } from "../../node/util/jsonStateFile";
import { LivePriceSources } from "../../node/cost/livePriceSources";
import type { OpenAITeacher } from "../../node/teacher/openaiTeacher";
import { configuredTeacher } from "../../node/teacher/configuredTeacher";
import type { ApiKeyStore } from "../settings/apiKeyStore";
import type { Configuration } from "../settings/configuration";
import { errorMessage } from "../../common/util/errorMessage";
import { tokenSignal } from "../util/tokenSignal";
import { notify, withNotificationProgress } from "../util/notify";
import type { SpendGate } from "../../common/holds/spendGate";

/**
 * The teacher as the user set it up: their base URL, model and key, what its server taught about
 * itself (kept in global storage), the token counter that holds its cap, and the live price lists.
 */
export class TeacherFactory {
  private readonly quirksFile: JsonStateFile;
  private readonly quirks: ProviderQuirkBook;
  private readonly prices: LivePriceSources;
  private counted: Promise<TokenCounter> | undefined;

  constructor(
    storageDir: string,
    private readonly config: Configuration,
    private readonly keys: ApiKeyStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.quirksFile = new JsonStateFile(join(storageDir, "provider-quirks.json"));
    this.quirks = new ProviderQuirkBook(this.quirksFile.load());
    this.prices = new LivePriceSources({ openRouterCacheFile: join(storageDir, "openrouter-prices.json"), log: (line) => log.warn(line) });
  }

  counter(): Promise<TokenCounter> {
    return (this.counted ??= loadGptTokenCounter());
  }

  priceSources(): Omit<PriceSources, "overrides"> {
    return this.prices.sources();
  }

  /** Loads or refreshes the price lists for the configured teacher; turns are priced from what has loaded. */
  preparePrices(): void {
    this.prices.prepare(this.config.settings["teacher.baseUrl"]).catch((e: unknown) => this.log.error(`Could not load prices: ${errorMessage(e)}`));
  }

  async teacher(): Promise<OpenAITeacher> {
    this.preparePrices();
    const s = this.config.settings;
    const [baseURL, model] = [s["teacher.baseUrl"], s["teacher.model"]];
    // Only the key entered for this origin, and over plain http only if the user agreed.
    const key = await this.keys.forRequest(baseURL, "teacher");
    const counter = await this.counter();
    return configuredTeacher({
      baseURL,
      apiKey: key,
      model,
      counter,
      // What this provider taught before, remembered across sessions.
      quirks: this.quirks.quirksFor(baseURL, model),
      // The user's explicit choices win over what the provider is known for.
      ...(s["teacher.maxTokensField"] !== "auto" ? { maxTokensField: s["teacher.maxTokensField"] } : {}),
      ...(s["teacher.includeUsage"] ? {} : { includeUsage: false }),
      reasoningEffort: s["teacher.reasoningEffort"],
      timeoutMs: s["teacher.timeoutSeconds"] * 1000,
      onLearned: (quirks, learned) => {
        this.quirks.remember(baseURL, model, quirks);
        this.quirksFile.save(this.quirks.toJSON()).catch((e: unknown) => this.log.error(`Could not save what the teacher's server taught: ${errorMessage(e)}`));
        this.log.info(`Teacher ${baseURL} (${model}): ${learnedNote(learned).message}`);
      },
    });
  }

  /**
   * "Headstart: Test Teacher Connection": one tiny request through the same adapter, held against
   * the spending limits first, reported in a notification and the log; returns what it found (its
   * charge is the caller's to record). Whatever the server said reaches the notification as inert text.
   */
  async testConnection(gate: SpendGate): Promise<TeacherCheckReport> {
    const teacher = await this.teacher();
    const counter = await this.counter();
    const settings = this.config.settings;
    const report = await withNotificationProgress(`Headstart: testing the teacher at ${settings["teacher.baseUrl"]}…`, true, (_progress, token) => {
      const stop = tokenSignal(token);
      const prices = priceLookup({ overrides: settings.prices, ...this.prices.sources() });
      return checkTeacher(teacher, { now: () => performance.now(), prices, counter, gate }, stop.signal).finally(stop.release);
    });
    const lines = formatTeacherCheck(report);
    for (const line of lines) this.log.info(`Teacher check: ${line}`);
    const text = `Headstart: ${lines.join(" ")}`;
    if (report.failure) void notify("warning", text);
    else void notify("info", text);
    return report;
  }
}
