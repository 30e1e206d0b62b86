import { join } from "node:path";
import * as vscode from "vscode";
import { ChatController } from "../common/chatController";
import { ContextTray } from "../common/contextTray";
import type { StudentFailureReason } from "../common/errors";
import { Ledger } from "../common/ledger";
import { isLoopbackUrl } from "../common/loopbackUrl";
import { learnedNote, ProviderQuirkBook } from "../common/providerQuirks";
import { priceLookup } from "../common/prices";
import { checkTeacher, formatTeacherCheck } from "../common/teacherCheck";
import type { HostMessage, PanelAction, PanelStatus, WebviewMessage } from "../common/protocol";
import { RECOMMENDED_MODELS } from "../common/recommendedModels";
import type { TokenCounter } from "../common/tokenCounter";
import { loadGptTokenCounter } from "../node/gptTokenCounter";
import { JsonConversationStore } from "../node/jsonConversationStore";
import { JsonStateFile } from "../node/jsonStateFile";
import { LivePriceSources } from "../node/livePriceSources";
import { OpenAITeacher } from "../node/openaiTeacher";
import type { ApiKeyStore } from "./apiKeyStore";
import { CHAT_VIEW_ID, ChatViewProvider } from "./chatViewProvider";
import type { Configuration } from "./configuration";
import { captureEditorContext, insertAtCursor } from "./editorContext";
import { SENT_REQUEST_SCHEME, SentRequestDocuments } from "./sentRequestDocuments";
import { chooseModelFile } from "./commands";
import { StatusBar } from "./statusBar";
import type { StudentManager } from "./studentManager";
import { errorMessage } from "../common/errorMessage";

const STUDENT_REASONS: ReadonlySet<string> = new Set<StudentFailureReason>([
  "model-missing",
  "model-not-gguf",
  "model-truncated",
  "model-unsupported",
  "load-failed",
  "download-failed",
  "generation-failed",
]);

export interface ChatHostServices {
  config: Configuration;
  keys: ApiKeyStore;
  students: StudentManager;
  log: vscode.LogOutputChannel;
}


/**
 * The chat feature inside VS Code: the panel, the controller behind it, the context tray, the
 * status bar and the spend ledger, and what the panel's buttons and the commands ask of them.
 */
export class ChatHost implements vscode.Disposable {
  readonly controller: ChatController;
  private readonly provider: ChatViewProvider;
  private readonly tray: ContextTray;
  private readonly statusBar = new StatusBar();
  private readonly ledger: Ledger;
  private readonly ledgerFile: JsonStateFile;
  /** What teachers' servers taught about themselves (refused parameters, ignored caps). */
  private readonly quirks: ProviderQuirkBook;
  private readonly quirksFile: JsonStateFile;
  private hasKey = false;
  private counter: Promise<TokenCounter> | undefined;
  /** OpenRouter's and gpt-tokenizer's prices, loaded beside the turns. */
  private readonly prices: LivePriceSources;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    context: vscode.ExtensionContext,
    private readonly services: ChatHostServices,
  ) {
    const { config, keys, students, log } = services;
    this.ledgerFile = new JsonStateFile(join(context.globalStorageUri.fsPath, "ledger.json"));
    this.quirksFile = new JsonStateFile(join(context.globalStorageUri.fsPath, "provider-quirks.json"));
    this.quirks = new ProviderQuirkBook(this.quirksFile.load());
    this.ledger = new Ledger(this.ledgerFile.load());
    this.prices = new LivePriceSources({ openRouterCacheFile: join(context.globalStorageUri.fsPath, "openrouter-prices.json"), log: (line) => log.warn(line) });
    this.tray = new ContextTray(() => config.settings["context.maxChars"], () => crypto.randomUUID());
    this.provider = new ChatViewProvider(context.extensionUri, () => this.initMessage(), (m) => {
      // A failed action answers in the panel and the log; it never goes unnoticed.
      this.handle(m).catch((e: unknown) => {
        log.error(`Panel action ${m.type} failed: ${errorMessage(e)}`);
        this.post({ type: "problem", message: errorMessage(e) });
      });
    }, log);
    const store = new JsonConversationStore(join(context.globalStorageUri.fsPath, "conversations"), (file, why) =>
      log.warn(`Skipped stored conversation ${file}: ${why}`),
    );
    this.controller = new ChatController({
      store,
      ledger: this.ledger,
      saveLedger: () => this.saveLedger(),
      post: (m) => this.post(m),
      settings: () => config.settings,
      teacher: () => {
        this.preparePrices();
        return this.teacher();
      },
      student: () => students.get(),
      counter: () => (this.counter ??= loadGptTokenCounter()),
      baseStatus: () => this.baseStatus(),
      priceSources: () => this.prices.sources(),
      takeContext: () => {
        const taken = this.tray.take();
        this.post({ type: "chips", chips: this.tray.chips() });
        return taken;
      },
      log: (line) => log.info(line),
      now: () => performance.now(),
      date: () => new Date(),
      newId: () => crypto.randomUUID(),
    });
    const readKey = (): void => {
      keys.get().then(
        (k) => this.setHasKey(k !== undefined),
        (e: unknown) => log.error(`Could not read the API key from secret storage: ${errorMessage(e)}`),
      );
    };
    readKey();
    this.disposables.push(
      vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, this.provider),
      vscode.workspace.registerTextDocumentContentProvider(
        SENT_REQUEST_SCHEME,
        new SentRequestDocuments((conversationId, messageId) => this.sentRequestText(conversationId, messageId)),
      ),
      this.statusBar,
      keys.onDidChange(readKey),
      config.onDidChange(() => {
        students.refresh();
        this.pushStatus();
      }),
      students.onDidChange(() => this.pushStatus()),
    );
    this.pushStatus();
    this.preparePrices();
  }

  /** Loads or refreshes the price lists for the configured teacher; turns are priced from what has loaded. */
  private preparePrices(): void {
    this.prices.prepare(this.services.config.settings["teacher.baseUrl"]).catch((e: unknown) => this.services.log.error(`Could not load prices: ${errorMessage(e)}`));
  }

  /** Shows the chat and puts the cursor in its input. */
  async open(prefill?: string): Promise<void> {
    await this.provider.reveal();
    this.post({ type: "focus-input", ...(prefill ? { prefill } : {}) });
  }

  /** Attaches the selection (or the whole file) to the next message and opens the chat. */
  async attach(whole: boolean): Promise<void> {
    const captured = await captureEditorContext(whole);
    if ("problem" in captured) return void vscode.window.showWarningMessage(captured.problem);
    const added = this.tray.add(captured.context, captured.label);
    if (!added.ok) return void vscode.window.showWarningMessage(added.message);
    this.post({ type: "chips", chips: this.tray.chips() });
    await this.open();
  }

  /** "Headstart: Test Teacher Connection": one tiny request through the same adapter, reported in a notification and the log. */
  async testTeacher(): Promise<void> {
    this.preparePrices();
    const teacher = await this.teacher();
    const counter = await (this.counter ??= loadGptTokenCounter());
    const settings = this.services.config.settings;
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Headstart: testing the teacher at ${settings["teacher.baseUrl"]}…`, cancellable: true },
      (_progress, token) => {
        const stop = new AbortController();
        token.onCancellationRequested(() => stop.abort());
        const prices = priceLookup({ overrides: settings.prices, ...this.prices.sources() });
        return checkTeacher(teacher, { now: () => performance.now(), prices, counter }, stop.signal);
      },
    );
    const lines = formatTeacherCheck(report);
    for (const line of lines) this.services.log.info(`Teacher check: ${line}`);
    const text = `Headstart: ${lines.join(" ")}`;
    if (report.failure) void vscode.window.showWarningMessage(text);
    else void vscode.window.showInformationMessage(text);
  }

  resetSpending(): void {
    this.ledger.reset();
    this.saveLedger();
    this.pushStatus();
  }

  private async handle(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case "ready":
        return;
      case "send":
        return this.controller.send(m.text);
      case "stop":
        return this.controller.stop();
      case "set-mode":
        return this.services.config.update("mode", m.mode);
      case "new-chat":
        return this.controller.newChat();
      case "open-conversation":
        return this.controller.open(m.id);
      case "delete-conversation":
        return this.controller.delete(m.id);
      case "action":
        return this.act(m.action);
      case "download-model":
        return this.chooseUri(m.uri);
      case "remove-chip":
        this.tray.remove(m.id);
        return this.post({ type: "chips", chips: this.tray.chips() });
      case "copy":
        await vscode.env.clipboard.writeText(m.text);
        return void vscode.window.setStatusBarMessage("Headstart: code copied", 2000);
      case "insert": {
        const problem = await insertAtCursor(m.text);
        if (problem) this.post({ type: "problem", message: problem });
        return;
      }
      case "show-request":
        return this.showRequest(m.conversationId, m.messageId);
    }
  }

  private async act(action: PanelAction): Promise<void> {
    switch (action) {
      case "set-key":
        return void vscode.commands.executeCommand("headstart.setApiKey");
      case "choose-model":
        return void vscode.commands.executeCommand("headstart.chooseStudentModel");
      case "choose-model-file":
        // Straight to the file dialog: the first-run screen already lists the other choices.
        return chooseModelFile(this.services.config);
      case "attach-selection":
        return this.attach(false);
      case "attach-file":
        return this.attach(true);
      case "switch-to-local":
        return this.services.config.update("mode", "local");
      case "retry":
        return this.controller.retry();
      case "open-settings":
        return void vscode.commands.executeCommand("workbench.action.openSettings", "@ext:headstart-dev.headstart");
    }
  }

  /** Sets a downloadable model as the student and starts its download now, with progress. */
  async chooseUri(uri: string): Promise<void> {
    // Downloaded first, chosen after: a download that fails leaves the working model in place.
    try {
      await this.services.students.download(uri);
    } catch (e) {
      void vscode.window.showErrorMessage(`${errorMessage(e)} The local model is still ${this.services.config.settings["student.model"] || "unset"}.`);
      return;
    }
    await this.services.config.update("student.model", uri);
    void vscode.window.showInformationMessage(`Headstart: the local model is ready (${uri}).`);
  }

  private async showRequest(conversationId: string, messageId: string): Promise<void> {
    if (this.sentRequestText(conversationId, messageId) === undefined) {
      return this.post({ type: "problem", message: "Nothing was sent to the teacher for this answer." });
    }
    // A read-only virtual document: nothing to save, nothing to lose on close.
    const doc = await vscode.workspace.openTextDocument(SentRequestDocuments.uriFor(conversationId, messageId));
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  /** The request one answer sent, as the text of its "What was sent" document. */
  private sentRequestText(conversationId: string, messageId: string): string | undefined {
    const body = this.controller.sentRequest(conversationId, messageId);
    if (body === undefined) return undefined;
    const url = `${this.services.config.settings["teacher.baseUrl"].replace(/\/+$/, "")}/chat/completions`;
    return `// POST ${url}\n// The API key went in the Authorization header and is not shown.\n${JSON.stringify(body, null, 2)}\n`;
  }

  private async teacher(): Promise<OpenAITeacher> {
    const s = this.services.config.settings;
    const key = await this.services.keys.get();
    const counter = await (this.counter ??= loadGptTokenCounter());
    const [baseURL, model] = [s["teacher.baseUrl"], s["teacher.model"]];
    return new OpenAITeacher({
      baseURL,
      // Local servers (Ollama, LM Studio, llama.cpp) take any key; only remote ones need the user's.
      apiKey: key ?? (isLoopbackUrl(baseURL) ? "local" : undefined),
      model,
      quirks: this.quirks.quirksFor(baseURL, model),
      // The user's explicit choices win over what the provider is known for.
      ...(s["teacher.maxTokensField"] !== "auto" ? { maxTokensField: s["teacher.maxTokensField"] } : {}),
      ...(s["teacher.includeUsage"] ? {} : { includeUsage: false }),
      reasoningEffort: s["teacher.reasoningEffort"],
      timeoutMs: s["teacher.timeoutSeconds"] * 1000,
      countTokens: (text) => counter.count(text, model).tokens,
      onLearned: (quirks, learned) => {
        this.quirks.remember(baseURL, model, quirks);
        this.quirksFile.save(this.quirks.toJSON()).catch((e: unknown) => this.services.log.error(`Could not save what the teacher's server taught: ${errorMessage(e)}`));
        this.services.log.info(`Teacher ${baseURL} (${model}): ${learnedNote(learned).message}`);
      },
    });
  }

  private baseStatus(): Omit<PanelStatus, "spend" | "busy"> {
    const s = this.services.config.settings;
    let host: string;
    try {
      host = new URL(s["teacher.baseUrl"]).host;
    } catch {
      host = s["teacher.baseUrl"];
    }
    return {
      mode: s.mode,
      teacher: { model: s["teacher.model"], host, hasKey: this.hasKey || isLoopbackUrl(s["teacher.baseUrl"]) },
      student: this.services.students.current,
    };
  }

  private async initMessage(): Promise<HostMessage> {
    return {
      ...(await this.controller.init()),
      recommended: [...RECOMMENDED_MODELS],
      chips: this.tray.chips(),
      maxContextChars: this.services.config.settings["context.maxChars"],
    };
  }

  private saveLedger(): void {
    this.ledgerFile.save(this.ledger.toJSON()).catch((e: unknown) => this.services.log.error(`Could not save the spending totals: ${String(e)}`));
  }

  private setHasKey(has: boolean): void {
    this.hasKey = has;
    this.pushStatus();
  }

  private pushStatus(): void {
    const status = this.controller.status();
    this.statusBar.update(status);
    this.provider.post({ type: "status", status });
  }

  private post(m: HostMessage): void {
    if (m.type === "status") this.statusBar.update(m.status);
    if (m.type === "turn" && (m.event.type === "done" || m.event.type === "error")) {
      // The local model's state follows each turn: a failed load shows as an error in the panel.
      const failed = m.event.type === "error" && STUDENT_REASONS.has(m.event.reason);
      this.services.students.turnEnded(failed && m.event.type === "error" ? m.event.message : undefined);
    }
    this.provider.post(m);
  }

  dispose(): void {
    this.controller.stop().catch((e: unknown) => this.services.log.error(`Could not stop the answer on close: ${errorMessage(e)}`));
    for (const d of this.disposables) d.dispose();
  }
}
