import { join } from "node:path";
import * as vscode from "vscode";
import { ChatController } from "../common/chatController";
import { ContextTray } from "../common/contextTray";
import { describeTurn } from "../common/describeTurn";
import type { StudentFailureReason } from "../common/errors";
import { sentRequestText } from "../common/sentRequest";
import { isTestTeacher } from "../common/testTeacher";
import { isLoopbackUrl } from "../common/loopbackUrl";
import type { PanelStatus } from "../common/protocol";
import { TurnService, type TurnEnded } from "../common/turnService";
import { JsonConversationStore } from "../node/jsonConversationStore";
import { SpendJournal } from "../node/spendJournal";
import { ConversationIds } from "../node/conversationIds";
import { spendJournalPath, spendLimitsPath } from "../node/spendJournalPath";
import { SpendingView } from "./spendingView";
import type { ApiKeyStore } from "./apiKeyStore";
import { ChatHost } from "./chatHost";
import { registerChatParticipant, SHOW_CHAT_REQUEST_COMMAND } from "./chatParticipant";
import { HeadstartLanguageModels, VENDOR } from "./languageModelProvider";
import { RecentRequests } from "./recentRequests";
import type { Configuration } from "./configuration";
import { SENT_REQUEST_SCHEME, SentRequestDocuments } from "./sentRequestDocuments";
import { SpendBook } from "./spendBook";
import { StatusBar } from "./statusBar";
import type { StudentManager } from "./studentManager";
import { TeacherFactory } from "./teacherFactory";
import { setWalkthroughKey, WALKTHROUGH_KEYS } from "./walkthrough";
import { errorMessage } from "../common/errorMessage";

export interface ChatServices {
  config: Configuration;
  keys: ApiKeyStore;
  students: StudentManager;
  log: vscode.LogOutputChannel;
}

/** What the commands act on. */
export interface Chat {
  panel: ChatHost;
  teachers: TeacherFactory;
  spend: SpendBook;
  spending: SpendingView;
  /** Downloads a model (with progress) and, once it is there, makes it the student. */
  chooseModelUri(uri: string): Promise<void>;
}

const STUDENT_REASONS: ReadonlySet<string> = new Set<StudentFailureReason>([
  "model-missing",
  "model-not-gguf",
  "model-truncated",
  "model-unsupported",
  "load-failed",
  "download-failed",
  "generation-failed",
]);

/**
 * The chat service and its faces: one turn service over the user's teacher and student; the
 * spend journal, the status bar and the local model's state follow every turn it runs. Its faces:
 * the Headstart panel, `@headstart` in VS Code's Chat view, and Headstart's models in the model
 * picker and for other extensions.
 */
export function registerChat(context: vscode.ExtensionContext, { config, keys, students, log }: ChatServices): Chat {
  const storage = context.globalStorageUri.fsPath;
  const teachers = new TeacherFactory(storage, config, keys, log);
  const s = (): ReturnType<() => typeof config.settings> => config.settings;
  const spend = new SpendBook(
    new SpendJournal(spendJournalPath(), (problem) => {
      log.warn(problem);
      void vscode.window.showWarningMessage(`Headstart: ${problem}`);
    }),
    () => ({ dailyUsd: s()["limits.dailyUsd"], monthlyUsd: s()["limits.monthlyUsd"] }),
    () => s()["teacher.baseUrl"],
    log,
    spendLimitsPath(),
  );
  // Earlier versions kept only totals, in this window's storage: carried into the journal once.
  spend.migrate(join(storage, "ledger.json")).catch((e: unknown) => log.error(errorMessage(e)));
  const shareLimits = (): void => void spend.shareLimits().catch((e: unknown) => log.error(errorMessage(e)));
  shareLimits();
  const spending = new SpendingView(spend);
  const turns = new TurnService({
    settings: () => config.settings,
    teacher: () => teachers.teacher(),
    student: (signal) => students.get(signal),
    counter: () => teachers.counter(),
    priceSources: () => teachers.priceSources(),
    now: () => performance.now(),
    gate: (face) => spend.gate(face),
    logError: (line) => log.error(line),
  });

  let hasKey = false;
  const baseStatus = (): Omit<PanelStatus, "busy"> => {
    const s = config.settings;
    let host: string;
    try {
      host = new URL(s["teacher.baseUrl"]).host;
    } catch {
      host = s["teacher.baseUrl"];
    }
    return {
      mode: s.mode,
      teacher: {
        model: s["teacher.model"],
        host,
        hasKey: hasKey || isLoopbackUrl(s["teacher.baseUrl"]),
        ...(isTestTeacher(s["teacher.model"], s["teacher.baseUrl"]) ? { test: true } : {}),
      },
      student: students.current,
      spend: spend.spend(),
    };
  };

  const tray = new ContextTray(() => config.settings["context.maxChars"], () => crypto.randomUUID());
  const store = new JsonConversationStore(join(storage, "conversations"), (file, why) => log.warn(`Skipped stored conversation ${file}: ${why}`));
  const controller = new ChatController({
    store,
    turns,
    // The panel is made below, before any turn can post.
    post: (m) => panel.post(m),
    settings: () => config.settings,
    baseStatus,
    context: {
      chars: () => tray.chars(),
      take: () => {
        const taken = tray.take();
        panel.post({ type: "chips", chips: tray.chips() });
        return taken;
      },
    },
    log: (line) => log.info(line),
    date: () => new Date(),
    newId: () => crypto.randomUUID(),
  });

  const chatRequests = new RecentRequests();
  /** The text of "What was sent" for one answer: the body, and where it went (never the key). */
  const requestText = async (conversationId: string, messageId: string): Promise<string | undefined> => {
    // The Chat view's answers keep theirs in memory; the panel's are stored with its conversations.
    const sent = chatRequests.get(conversationId, messageId) ?? (await controller.sentRequest(conversationId, messageId));
    return sent === undefined ? undefined : sentRequestText(sent);
  };
  const showRequest = async (conversationId: string, messageId: string): Promise<string | undefined> => {
    if ((await requestText(conversationId, messageId)) === undefined) return "Nothing was sent to the teacher for this answer.";
    // A read-only virtual document: nothing to save, nothing to lose on close.
    const doc = await vscode.workspace.openTextDocument(SentRequestDocuments.uriFor(conversationId, messageId));
    await vscode.window.showTextDocument(doc, { preview: true });
    return undefined;
  };

  const chooseModelUri = async (uri: string): Promise<void> => {
    // Downloaded first, chosen after: a download that fails leaves the working model in place.
    try {
      await students.download(uri);
    } catch (e) {
      void vscode.window.showErrorMessage(`${errorMessage(e)} The local model is still ${config.settings["student.model"] || "unset"}.`);
      return;
    }
    await config.update("student.model", uri);
    void vscode.window.showInformationMessage(`Headstart: the local model is ready (${uri}).`);
  };

  const models = new HeadstartLanguageModels({ turns, config, students, log });
  const panel = new ChatHost({ extensionUri: context.extensionUri, controller, tray, config, log, chooseModelUri, showRequest });
  const statusBar = new StatusBar();
  const refresh = (): void => {
    const status = controller.status();
    // The status bar is busy while any face's turn runs; the panel's Stop is for its own.
    statusBar.update({ ...status, busy: turns.active > 0 });
    panel.showStatus(status);
    if (status.student.state === "ready") setWalkthroughKey(WALKTHROUGH_KEYS.studentReady, true);
    setWalkthroughKey(WALKTHROUGH_KEYS.hasKey, status.teacher.hasKey);
  };
  const ended = (e: TurnEnded): void => {
    spend.ended(e);
    // The local model's state follows each turn: a failed load shows as an error.
    students.turnEnded(e.error && STUDENT_REASONS.has(e.error.reason) ? e.error.message : undefined);
    log.info(describeTurn(e.record, e.face));
    if (!e.error && !e.record.stopped) {
      setWalkthroughKey(WALKTHROUGH_KEYS.answered, true);
      // The panel's footer and the Chat view's last line show every answer's cost.
      if (e.face !== "model") setWalkthroughKey(WALKTHROUGH_KEYS.costShown, true);
    }
  };
  const readKey = (): void => {
    keys.get().then(
      (k) => {
        hasKey = k !== undefined;
        refresh();
      },
      (e: unknown) => log.error(`Could not read the API key from secret storage: ${errorMessage(e)}`),
    );
  };
  const unsubscribe = [turns.onTurnStarted(refresh), turns.onTeacherCharged((e) => spend.charged(e)), turns.onTurnEnded(ended)];
  context.subscriptions.push(
    panel,
    registerChatParticipant({ turns, config, requests: chatRequests, ids: new ConversationIds("chat"), log }),
    vscode.commands.registerCommand(SHOW_CHAT_REQUEST_COMMAND, async (conversationId: string, messageId: string) => {
      const problem = await showRequest(conversationId, messageId);
      if (problem) void vscode.window.showInformationMessage(`Headstart: ${problem}`);
    }),
    models,
    vscode.lm.registerLanguageModelChatProvider(VENDOR, models),
    spend,
    statusBar,
    vscode.workspace.registerTextDocumentContentProvider(SENT_REQUEST_SCHEME, new SentRequestDocuments(requestText)),
    spend.onDidChange(refresh),
    keys.onDidChange(readKey),
    spending,
    config.onDidChange(() => {
      shareLimits();
      students.refresh();
      refresh();
      models.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("headstart.teacher.baseUrl") || e.affectsConfiguration("headstart.teacher.model")) setWalkthroughKey(WALKTHROUGH_KEYS.teacherChosen, true);
    }),
    students.onDidChange(() => {
      refresh();
      models.refresh();
    }),
    {
      dispose: () => {
        for (const u of unsubscribe) u();
        controller.stop().catch((e: unknown) => log.error(`Could not stop the answer on close: ${errorMessage(e)}`));
      },
    },
  );
  readKey();
  refresh();
  teachers.preparePrices();
  return { panel, teachers, spend, spending, chooseModelUri };
}
