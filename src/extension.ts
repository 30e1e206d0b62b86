import { join } from "node:path";
import * as vscode from "vscode";
import { ContextTray } from "./common/panel/contextTray";
import { errorMessage } from "./common/util/errorMessage";
import { TurnService } from "./common/compose/turnService";
import { ConversationIds } from "./node/history/conversationIds";
import { JsonConversationStore } from "./node/history/jsonConversationStore";
import { SpendJournal } from "./node/spend/spendJournal";
import { spendJournalPath, spendLimitsPath } from "./node/spend/spendJournalPath";
import { ApiKeyStore } from "./vscode/settings/apiKeyStore";
import { ChatHost } from "./vscode/panel/chatHost";
import { registerChatParticipant } from "./vscode/chatView/chatParticipant";
import { registerCommands } from "./vscode/app/commands";
import { exportForFineTuning } from "./vscode/export/exportCommand";
import { Configuration } from "./vscode/settings/configuration";
import { HeadstartLanguageModels, VENDOR } from "./vscode/chatView/languageModelProvider";
import { downloadAndChoose } from "./vscode/student/modelPickers";
import { PanelStatusSource } from "./vscode/panel/panelStatusSource";
import { SpendBook } from "./vscode/spend/spendBook";
import { SpendingView } from "./vscode/spend/spendingView";
import { StatusBar } from "./vscode/spend/statusBar";
import { modelsDirIn, StudentManager } from "./vscode/student/studentManager";
import { TeacherFactory } from "./vscode/teacher/teacherFactory";
import { followTurns } from "./vscode/app/turnFollowers";
import { setWalkthroughKey, WALKTHROUGH_KEYS } from "./vscode/settings/walkthrough";
import { WhatWasSent } from "./vscode/chatView/whatWasSent";
import { ChatViewRatings } from "./vscode/chatView/chatViewRatings";
import { CHAT_VIEW_RATINGS_DIR, CONVERSATIONS_DIR } from "./node/export/exportSources";
import type { TurnFace } from "./common/compose/turnService";
import { EditApplier } from "./vscode/edits/editApplier";
import { editorTask } from "./vscode/tasks/editorTask";
import { TaskCodeActions } from "./vscode/tasks/taskCodeActions";
import { registerTaskCommands } from "./vscode/tasks/taskCommands";
import { notify } from "./vscode/util/notify";
import { inertLog } from "./vscode/util/inertLog";

/**
 * The whole extension, built in order: settings and secrets, the two models, the spend, the one
 * turn service, then its three faces (the panel, `@headstart` in the Chat view, Headstart's models
 * for every extension) and the commands. Nothing heavy runs here: the model loads on first use.
 */
export function activate(context: vscode.ExtensionContext): void {
  const storage = context.globalStorageUri.fsPath;
  const own = <T extends vscode.Disposable>(d: T): T => (context.subscriptions.push(d), d);

  // Settings, the key, and the two models.
  const log = own(inertLog(vscode.window.createOutputChannel("Headstart", { log: true })));
  const config = own(new Configuration(log));
  const keys = new ApiKeyStore(context.secrets, context.globalState, () => config.settings["teacher.baseUrl"]);
  const students = own(new StudentManager(() => config.settings, modelsDirIn(context.globalStorageUri), log, (url) => keys.forRequest(url, "student-server")));
  const teachers = new TeacherFactory(storage, config, keys, log);

  // The spend: one journal that every window and the terminal append to.
  const journal = new SpendJournal(spendJournalPath(), (problem) => {
    log.warn(problem);
    void notify("warning", `Headstart: ${problem}`);
  });
  const s = () => config.settings;
  const spend = own(new SpendBook(journal, () => ({ dailyUsd: s()["limits.dailyUsd"], monthlyUsd: s()["limits.monthlyUsd"] }), () => s()["teacher.baseUrl"], log, spendLimitsPath()));
  const spending = own(new SpendingView(spend));
  // Earlier versions kept only totals, in this window's storage: carried into the journal once.
  spend.migrate(join(storage, "ledger.json")).catch((e: unknown) => log.error(errorMessage(e)));

  // The one turn service behind every face, and what follows its turns.
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
  own(spend.follow(turns));
  own(followTurns(turns, students, log));
  const status = own(new PanelStatusSource(config, keys, students, spend, log));
  const store = new JsonConversationStore(join(storage, CONVERSATIONS_DIR), (file, why) => log.warn(`Skipped stored conversation ${file}: ${why}`));
  const whatWasSent = own(new WhatWasSent(store));
  // Acting on code: Apply shows a diff and writes only on Accept; a task runs where the user last asked.
  const edits = own(new EditApplier());
  let lastFace: TurnFace = "panel";
  own({
    dispose: turns.onTurnStarted((r) => {
      if (r.face !== "model") lastFace = r.face;
    }),
  });

  // The faces: the panel, the Chat view's participant, and the models for every extension.
  const panel = own(
    new ChatHost({
      extensionUri: context.extensionUri,
      chat: {
        store,
        turns,
        settings: () => config.settings,
        baseStatus: () => status.base(),
        log: (line) => log.info(line),
        date: () => new Date(),
        newId: () => crypto.randomUUID(),
        workspace: () => vscode.workspace.name,
        task: (name, question) => editorTask(name, question, config.settings["context.maxChars"]),
      },
      tray: new ContextTray(() => config.settings["context.maxChars"], () => crypto.randomUUID()),
      config,
      log,
      chooseModelUri: (uri) => downloadAndChoose(uri, students, config),
      showRequest: (conversationId, messageId) => whatWasSent.show(conversationId, messageId),
      edits,
    }),
  );
  own(vscode.languages.registerCodeActionsProvider({ scheme: "file" }, new TaskCodeActions(), { providedCodeActionKinds: TaskCodeActions.kinds }));
  registerTaskCommands(context, { askInPanel: (text) => panel.ask(text), lastFace: () => lastFace, edits });
  const chatViewRatings = new ChatViewRatings(new JsonConversationStore(join(storage, CHAT_VIEW_RATINGS_DIR)), log);
  own(registerChatParticipant({ turns, config, requests: whatWasSent.chatRequests, ids: new ConversationIds("chat"), ratings: chatViewRatings, log }));
  const models = own(new HeadstartLanguageModels({ turns, config, students, log }));
  own(vscode.lm.registerLanguageModelChatProvider(VENDOR, models));
  const statusBar = own(new StatusBar());

  // Every change of setup or spend reaches every face.
  const refresh = (): void => {
    const now = panel.status();
    // The status bar is busy while any face's turn runs; the panel's Stop is for its own.
    statusBar.update({ ...now, busy: turns.active > 0 });
    panel.showStatus(now);
    if (now.student.state === "ready") setWalkthroughKey(WALKTHROUGH_KEYS.studentReady, true);
    setWalkthroughKey(WALKTHROUGH_KEYS.hasKey, now.teacher.hasKey);
  };
  const shareLimits = (): void => void spend.shareLimits().catch((e: unknown) => log.error(errorMessage(e)));
  const stopRefreshing = turns.onTurnStarted(refresh);
  own({ dispose: stopRefreshing });
  own(spend.onDidChange(refresh));
  own(status.onDidChange(refresh));
  own(
    config.onDidChange(() => {
      shareLimits();
      students.refresh();
      refresh();
      models.refresh();
    }),
  );
  own(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("headstart.teacher.baseUrl") || e.affectsConfiguration("headstart.teacher.model")) setWalkthroughKey(WALKTHROUGH_KEYS.teacherChosen, true);
    }),
  );
  own(
    students.onDidChange(() => {
      refresh();
      models.refresh();
    }),
  );
  // Closing: a running answer stops, keeping what it wrote.
  own({ dispose: () => void panel.stop().catch((e: unknown) => log.error(`Could not stop the answer on close: ${errorMessage(e)}`)) });

  registerCommands(
    context,
    {
      panel,
      teachers,
      spend,
      spending,
      chooseModelUri: (uri) => downloadAndChoose(uri, students, config),
      exportForFineTuning: () => exportForFineTuning(storage, vscode.workspace.name, (line) => log.warn(line)),
    },
    config,
    keys,
  );
  shareLimits();
  refresh();
  teachers.preparePrices();
}

export function deactivate(): void {}
