import * as vscode from "vscode";
import { OPENING_END_MARK, openingEnd } from "../../common/turn/openingEnd";
import type { ChatMessage } from "../../common/conversation/conversation";
import { formatRecord } from "../../common/turn/format";
import { LINE_ACTIONS, type LineReason } from "../../common/panel/lineActions";
import type { Mode } from "../../common/conversation/mode";
import { answerBlocks, isCodeBlock } from "../../common/edits/answerBlocks";
import { applyLabel, applyTarget } from "../../common/edits/applyTarget";
import { parseSlashCommands } from "../../common/tasks/slashCommand";
import type { EditTarget } from "../../common/edits/applyTarget";
import { editorTask } from "../tasks/editorTask";
import type { PanelAction } from "../../common/panel/protocol";
import type { TurnService } from "../../common/compose/turnService";
import type { TurnRecord } from "../../common/turn/turnRecord";
import type { ChatAnswerMetadata } from "../../common/chatView/ratedChatAnswer";
import { WholeWords } from "../../common/turn/wholeWords";
import type { Configuration } from "../settings/configuration";
import type { ConversationIds } from "../../node/history/conversationIds";
import type { RecentRequests } from "../sent/recentRequests";
import { withStudentRequest } from "../../common/sent/sentRequest";
import { chatViewConversation } from "./chatViewConversation";
import { tokenSignal } from "../util/tokenSignal";
import { RATE_CHAT_ANSWER_COMMAND, vscodeShowsThumbs, type ChatViewRatings } from "./chatViewRatings";

export const PARTICIPANT_ID = "headstart.chat";
/** Runs "What was sent" for an answer given in the Chat view. */
export const SHOW_CHAT_REQUEST_COMMAND = "headstart.showChatRequest";

/** Commands that carry out a line's fix from the Chat view (it has its own Retry). */
const ACTION_COMMANDS: Partial<Record<PanelAction, string>> = {
  "set-key": "headstart.setApiKey",
  "set-server-key": "headstart.setStudentServerKey",
  "switch-to-local": "headstart.setMode",
  "switch-to-cloud": "headstart.setMode",
  "open-settings": "workbench.action.openSettings",
  "choose-model": "headstart.chooseStudentModel",
};

export interface ChatParticipantDeps {
  turns: TurnService;
  config: Configuration;
  requests: RecentRequests;
  /** Each Chat view conversation's own id, kept across its turns. */
  ids: ConversationIds;
  /** Where the Chat view's feedback buttons' verdicts are kept. */
  ratings: ChatViewRatings;
  log: vscode.LogOutputChannel;
}

/**
 * `@headstart` in VS Code's Chat view: the same guided turn as the panel, streamed as markdown.
 * A progress line names the teacher while it is asked; its opening comes first, then the local
 * model's continuation; the last lines say which part the teacher wrote (with how many tokens)
 * and give the cost and the saving, with "What was sent".
 * `/guided`, `/auto`, `/local` and `/cloud` pick the mode for one turn; `/explain`, `/fix`,
 * `/tests` and `/doc` ask a task about the editor's code, and every whole code block of an answer
 * gets an Apply button.
 */
export function registerChatParticipant(deps: ChatParticipantDeps): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, (request, context, stream, token) => answer(deps, request, context, stream, token));
  participant.iconPath = new vscode.ThemeIcon("comment-discussion");
  const feedback = participant.onDidReceiveFeedback((f) => deps.ratings.feedback(f).catch((e: unknown) => deps.log.warn(`Chat view rating failed: ${String(e)}`)));
  return vscode.Disposable.from(feedback, deps.ratings.register(), participant);
}

async function answer(
  deps: ChatParticipantDeps,
  request: vscode.ChatRequest,
  context: vscode.ChatContext,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<vscode.ChatResult> {
  const slash = parseSlashCommands(request.prompt, request.command);
  const mode: Mode = slash.mode ?? deps.config.settings.mode;
  const { messages, skipped } = await chatViewConversation(request, context, deps.config.settings["context.maxChars"]);
  // A task (`/fix` …) asks with its own instructions and the editor's code, then the same turn.
  let editTarget: EditTarget | undefined;
  if (slash.task) {
    const task = await editorTask(slash.task, slash.rest, deps.config.settings["context.maxChars"]);
    if ("problem" in task) {
      stream.markdown(escapeMarkdown(task.problem));
      return {};
    }
    const asked = messages.pop();
    const attached = asked?.role === "user" ? (asked.context ?? []) : [];
    messages.push({ ...task.message, context: [...(task.message.context ?? []), ...attached] });
    editTarget = task.target;
  }
  const conversation = { id: deps.ids.idFor(messages), messages };
  // What was left out of the question, said after the progress line: the Chat view folds what
  // came before an answer's last progress line away, and these notes with it.
  const sayLeftOut = (): void => {
    for (const line of skipped.splice(0)) stream.markdown(`> ${escapeMarkdown(line)}\n\n`);
  };
  const messageId = crypto.randomUUID();
  const stop = tokenSignal(token);
  const words = new WholeWords();
  let text = "";
  let guidanceLength = 0;
  let teacherTokens: number | undefined;
  let record: TurnRecord | undefined;
  const show = (part: string): void => {
    if (part === "") return;
    text += part;
    stream.markdown(part);
  };
  try {
    for await (const event of deps.turns.run({ conversation, mode, face: "chat", signal: stop.signal })) {
      switch (event.type) {
        case "start":
          if (event.teacherModel && event.plan.teacher !== "none") stream.progress(`Asking ${event.teacherModel}${event.plan.teacher === "answer" ? "" : " for the opening"}…`);
          sayLeftOut();
          break;
        case "teacher-request":
          deps.requests.keep(conversation.id, messageId, event.sent);
          break;
        case "student-request": {
          // Shown after the teacher's; an answer the server wrote alone has no teacher request to go with.
          const both = withStudentRequest(deps.requests.get(conversation.id, messageId), event);
          if (both) deps.requests.keep(conversation.id, messageId, both);
          break;
        }
        case "guidance":
          show(words.push(event.text));
          break;
        case "teacher-charged":
          teacherTokens = event.outputTokens;
          break;
        case "handoff":
          // No progress line here: the Chat view folds everything before an answer's last
          // progress line away once it is done, the opening with it. The last lines say who wrote what.
          words.handoff();
          guidanceLength = text.length;
          // Where the teacher's words end, in the answer itself (not in `text`: the models never see it).
          if (guidanceLength > 0 && openingEnd(text).mark) stream.markdown(OPENING_END_MARK);
          break;
        case "student":
          show(event.text);
          break;
        case "notice":
          stream.markdown(`\n\n> **Teacher skipped:** ${escapeMarkdown(event.message)}\n\n`);
          actionButtons(stream, event.reason);
          break;
        case "note":
          stream.markdown(`\n\n> ${escapeMarkdown(event.message)}\n\n`);
          break;
        case "error":
          stream.markdown(`\n\n> **Error:** ${escapeMarkdown(event.message)}\n\n`);
          actionButtons(stream, event.reason);
          break;
        case "tool-call":
          break;
        case "done":
          // A teacher that finished the answer wrote all of it; nothing of it is cut.
          if (!event.record.stopped) show(words.finish());
          record = event.record;
          if (event.record.plan.teacher === "answer") guidanceLength = text.length;
          stream.markdown(`\n\n---\n\n${openingLine(text.slice(0, guidanceLength), event.record, teacherTokens)}*${escapeMarkdown(formatRecord(event.record))}*\n\n`);
          if (deps.requests.get(conversation.id, messageId) !== undefined) {
            stream.button({ command: SHOW_CHAT_REQUEST_COMMAND, title: "What was sent", arguments: [conversation.id, messageId] });
          }
          // VS Code's own Apply in the Chat view needs Copilot: each whole code block gets Headstart's.
          if (!event.record.stopped) applyButtons(stream, text, messages.at(-1), editTarget);
          // VS Code's own thumbs show only beside Copilot Chat; without it the answer gets a button.
          if (!event.record.stopped && !vscodeShowsThumbs()) {
            const meta: ChatAnswerMetadata = { answer: text, guidanceLength, messageId, messages, mode, record: event.record };
            stream.button({ command: RATE_CHAT_ANSWER_COMMAND, title: "Rate", arguments: [meta] });
          }
          break;
      }
    }
  } finally {
    stop.release();
  }
  // The next turn of this chat goes on from here, under the same id.
  if (text !== "") deps.ids.answered(conversation.id, messages);
  const metadata: ChatAnswerMetadata = { answer: text, guidanceLength, messageId, messages, mode, ...(record ? { record } : {}) };
  return { metadata };
}

/**
 * Which part the teacher wrote, kept in the answer's last lines (the Chat view folds progress
 * lines away once an answer is done), with where it ends: "Opening by gpt-4o-mini (32 tokens), up
 * to the ⟧ mark: “Use a map…”", or, ended inside code, the words it ended after.
 */
function openingLine(opening: string, { plan, teacherModel: model }: TurnRecord, tokens: number | undefined): string {
  if (opening === "" || plan.teacher !== "opening" || !model) return "";
  const words = opening.trim().split(/\s+/);
  const quote = words.slice(0, 8).join(" ") + (words.length > 8 ? "…" : "");
  const end = openingEnd(opening);
  const upTo = end.mark ? `up to the ${OPENING_END_MARK} mark` : `up to “${escapeMarkdown(end.after)}” in the code`;
  return `*Opening by ${escapeMarkdown(model)}${tokens === undefined ? "" : ` (${tokens} tokens)`}, ${upTo}: “${escapeMarkdown(quote)}”; the rest by your local model.*\n\n`;
}

/** "Apply to cart.ts" under the answer for each of its whole code blocks: a diff the user accepts. */
function applyButtons(stream: vscode.ChatResponseStream, answer: string, question: ChatMessage | undefined, editTarget: EditTarget | undefined): void {
  const asked = { ...(question?.role === "user" && question.context ? { context: question.context } : {}), ...(editTarget ? { editTarget } : {}) };
  for (const block of answerBlocks(answer).filter(isCodeBlock)) {
    const target = applyTarget(block, asked);
    stream.button({ command: "headstart.applyBlock", title: applyLabel(target), arguments: [{ code: block.code, language: block.language, target }] });
  }
}

function actionButtons(stream: vscode.ChatResponseStream, reason: LineReason): void {
  for (const a of LINE_ACTIONS[reason]) {
    const command = ACTION_COMMANDS[a.action];
    if (command) stream.button({ command, title: a.text, ...(a.action === "open-settings" ? { arguments: ["@ext:headstart-dev.headstart"] } : {}) });
  }
}

/** Model and provider text goes into markdown the Chat view renders: its markup is shown as text. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, "\\$&");
}
