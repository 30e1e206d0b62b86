import * as vscode from "vscode";
import { MODES, type Mode } from "../../common/conversation/mode";
import { originOf } from "../../common/util/originOf";
import type { ApiKeyStore } from "../settings/apiKeyStore";
import type { ChatHost } from "../panel/chatHost";
import type { SpendBook } from "../spend/spendBook";
import type { SpendingView } from "../spend/spendingView";
import type { TeacherFactory } from "../teacher/teacherFactory";
import { chooseStudentModel } from "../student/modelPickers";
import { chooseTeacherPreset } from "../settings/walkthrough";
import type { Configuration } from "../settings/configuration";
import { notify } from "../util/notify";

const MODE_DETAILS: Record<Mode, string> = {
  guided: "The teacher writes the opening, the local model the rest",
  auto: "The local model begins, and asks the teacher for the opening only when it is unsure",
  local: "The local model alone: free and offline",
  cloud: "The teacher alone: the baseline to compare against",
};

/** What the commands act on. */
export interface Chat {
  panel: ChatHost;
  teachers: TeacherFactory;
  spend: SpendBook;
  spending: SpendingView;
  /** Downloads a model (with progress) and, once it is there, makes it the student. */
  chooseModelUri(uri: string): Promise<void>;
  /** Asks what to export, shows it, then writes it where the user says. */
  exportForFineTuning(): Promise<void>;
}

/** Every `headstart.*` command; each is a thin call into the chat, the teacher or a setting. */
export function registerCommands(context: vscode.ExtensionContext, chat: Chat, config: Configuration, keys: ApiKeyStore): void {
  const register = (id: string, run: () => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  };
  register("headstart.open", () => chat.panel.open());
  register("headstart.newChat", () => chat.panel.newChat());
  register("headstart.stop", () => chat.panel.stop());
  register("headstart.askAboutSelection", () => chat.panel.attach(false));
  register("headstart.attachFile", () => chat.panel.attach(true));
  register("headstart.setMode", async () => {
    const picked = await vscode.window.showQuickPick(
      MODES.map((m) => ({ label: m, description: m === config.settings.mode ? "current" : "", detail: MODE_DETAILS[m] })),
      { title: "Headstart: answer mode" },
    );
    if (picked) await config.update("mode", picked.label);
  });
  register("headstart.setApiKey", async () => {
    if (await keys.promptAndStore(config.settings["teacher.baseUrl"], "teacher")) {
      void notify("info", "Headstart: teacher API key saved in VS Code's secret storage.");
    }
  });
  register("headstart.setStudentServerKey", async () => {
    const server = config.settings["student.server"].trim();
    if (!server) {
      const open = await notify("warning", "Headstart: no student server is set. Set “headstart.student.server” first.", "Open settings");
      if (open) await vscode.commands.executeCommand("workbench.action.openSettings", "headstart.student.server");
      return;
    }
    if (await keys.promptAndStore(server, "student-server")) {
      void notify("info", `Headstart: the key for ${originOf(server)} is saved in VS Code's secret storage.`);
    }
  });
  register("headstart.clearApiKey", async () => {
    await keys.clear();
    void notify("info", "Headstart: teacher API key removed. Answers are local until you set one.");
  });
  // The check's tiny request is paid for too: it goes into the spend journal like any other.
  register("headstart.testTeacher", async () => chat.spend.checked(await chat.teachers.testConnection(chat.spend.gate("panel"))));
  register("headstart.chooseTeacherPreset", () => chooseTeacherPreset(config));
  register("headstart.chooseStudentModel", () => chooseStudentModel((uri) => chat.chooseModelUri(uri), config));
  register("headstart.showSpending", () => chat.spending.show());
  register("headstart.exportForFineTuning", () => chat.exportForFineTuning());
}
