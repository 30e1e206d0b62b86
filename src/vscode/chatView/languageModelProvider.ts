import * as vscode from "vscode";
import type { ChatMessage } from "../../common/conversation/conversation";
import type { Mode } from "../../common/conversation/mode";
import type { ToolSpec } from "../../common/models/teacher";
import { estimateTokens } from "../../common/conversation/tokenCounter";
import type { TurnService } from "../../common/compose/turnService";
import { WholeWords } from "../../common/turn/wholeWords";
import type { Configuration } from "../settings/configuration";
import { ConversationIds } from "../../node/history/conversationIds";
import type { StudentManager } from "../student/studentManager";
import { errorMessage } from "../../common/util/errorMessage";
import { tokenSignal } from "../util/tokenSignal";

export const VENDOR = "headstart";

interface HeadstartModel extends vscode.LanguageModelChatInformation {
  mode: Mode;
}

export interface LanguageModelDeps {
  turns: TurnService;
  config: Configuration;
  students: StudentManager;
  log: vscode.LogOutputChannel;
}

/**
 * Headstart as models in VS Code's model picker and for every extension (`vscode.lm`):
 * "Headstart guided" (the teacher writes the opening, the local model the rest) and "Headstart
 * local". Requests run as guided turns of the same service, so they are counted in the same spend.
 * Tools go to the teacher: a tool call it makes is returned as it made it; only the guided model
 * declares tool calling, since the local model cannot call tools.
 */
export class HeadstartLanguageModels implements vscode.LanguageModelChatProvider<HeadstartModel> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;

  /** Each caller's conversation its own id, kept across its requests. */
  private readonly ids = new ConversationIds("lm");

  constructor(private readonly deps: LanguageModelDeps) {}

  /** Settings or the loaded model changed what the models are. */
  refresh(): void {
    this.changed.fire();
  }

  provideLanguageModelChatInformation(): HeadstartModel[] {
    const s = this.deps.config.settings;
    // Honest limits: the local model must hold the whole request and the answer in its context.
    const context = this.deps.students.contextSize ?? s["student.contextSize"];
    const maxOutputTokens = Math.min(s["student.maxAnswerTokens"], Math.floor(context / 2));
    const maxInputTokens = context - maxOutputTokens;
    const student = this.deps.students.current.model ?? "no local model chosen";
    const common = { family: "headstart", version: "1", maxInputTokens, maxOutputTokens };
    return [
      {
        ...common,
        id: "headstart-guided",
        name: "Headstart guided",
        mode: "guided",
        detail: `${s["teacher.model"]} opens, ${student} continues`,
        tooltip: `The teacher (${s["teacher.model"]}) writes the first ${s["teacher.guidanceBudget"]} tokens; your local model (${student}) writes the rest.`,
        capabilities: { toolCalling: true, imageInput: false },
      },
      {
        ...common,
        id: "headstart-local",
        name: "Headstart local",
        mode: "local",
        detail: `${student}, on this machine`,
        tooltip: `Your local model (${student}) alone: free, and nothing leaves the machine.`,
        capabilities: { toolCalling: false, imageInput: false },
      },
    ];
  }

  async provideLanguageModelChatResponse(
    model: HeadstartModel,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const asked = messagesOf(messages);
    const conversation = { id: this.ids.idFor(asked), messages: asked };
    // Tools are the teacher's to call: the turn offers them only when it asks the teacher.
    const tools: ToolSpec[] | undefined = options.tools?.map((t) => ({ name: t.name, description: t.description, ...(t.inputSchema ? { parameters: t.inputSchema } : {}) }));
    const stop = tokenSignal(token);
    const words = new WholeWords();
    const report = (text: string): void => {
      if (text !== "") progress.report(new vscode.LanguageModelTextPart(text));
    };
    let failure: string | undefined;
    let wrote = false;
    try {
      for await (const event of this.deps.turns.run({ conversation, mode: model.mode, face: "model", signal: stop.signal, ...(tools?.length ? { tools } : {}) })) {
        if (event.type === "guidance") report(words.push(event.text));
        else if (event.type === "handoff") words.handoff();
        else if (event.type === "student") {
          wrote = true;
          report(event.text);
        } else if (event.type === "tool-call") {
          wrote = true;
          progress.report(new vscode.LanguageModelToolCallPart(event.call.id, event.call.name, toolInput(event.call.arguments)));
        } else if (event.type === "notice") this.deps.log.warn(`Headstart model: the teacher was skipped (${event.reason}): ${event.message}`);
        else if (event.type === "error") failure = event.message;
        else if (event.type === "done" && !event.record.stopped) {
          const rest = words.finish();
          wrote ||= rest !== "" || event.answer.text !== "";
          report(rest);
        }
      }
    } finally {
      stop.release();
    }
    if (wrote) this.ids.answered(conversation.id, asked);
    // A caller gets the failure as an error, unless part of the answer already reached it.
    if (failure !== undefined && !wrote) throw new Error(failure);
  }

  async provideTokenCount(_model: HeadstartModel, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    const plain = typeof text === "string" ? text : messageText(text);
    try {
      return await this.deps.students.countTokens(plain);
    } catch (e) {
      // No local model yet: a close estimate beats failing the caller's budget check.
      this.deps.log.debug(`Token count estimated: ${errorMessage(e)}`);
      return estimateTokens(plain);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** A tool call's arguments as the object VS Code passes on; text that is not a JSON object is passed whole. */
function toolInput(args: string): object {
  try {
    const parsed: unknown = JSON.parse(args === "" ? "{}" : args);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed;
  } catch {
    // Handed on as it came, below.
  }
  return { arguments: args };
}

/** A request's messages as a conversation: text as it is; tool calls and results written out for both models. */
function messagesOf(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const text = messageText(m);
    const role = m.role === vscode.LanguageModelChatMessageRole.Assistant ? "assistant" : "user";
    const last = out.at(-1);
    // Consecutive messages of one role are one message to the models.
    if (last?.role === role) out[out.length - 1] = { ...last, text: `${last.text}\n\n${text}` };
    else out.push(role === "user" ? { role, text } : { role, text, guidanceLength: 0 });
  }
  if (out.at(-1)?.role !== "user") throw new Error("Headstart answers a request whose last message is the user's.");
  return out;
}

function messageText(m: vscode.LanguageModelChatRequestMessage): string {
  return m.content
    .map((part) => {
      if (part instanceof vscode.LanguageModelTextPart) return part.value;
      if (part instanceof vscode.LanguageModelToolCallPart) return `(called the tool ${part.name} with ${JSON.stringify(part.input)})`;
      if (part instanceof vscode.LanguageModelToolResultPart) {
        const result = part.content.map((c) => (c instanceof vscode.LanguageModelTextPart ? c.value : "")).join("");
        return `(the tool call ${part.callId} returned: ${result})`;
      }
      return "";
    })
    .filter((t) => t !== "")
    .join("\n");
}
