import type { ChatHistoryItem } from "node-llama-cpp";
import type { ModelRequest } from "../../common/conversation/conversation";
import { StudentError } from "../../common/models/errors";
import { planStudentContext, promptRoom } from "../../common/student/studentContextPlan";
import type { OpenModel } from "./llamaRuntime";

/** The request as the student will see it: what fits its context, and how long it may answer. */
export interface Fitted {
  history: ChatHistoryItem[];
  prompt: string;
  answerTokens: number;
  /** Whether the answer is capped by the room left in the context rather than by the setting. */
  cappedByContext: boolean;
  /** Set the first time this conversation's oldest messages are left out: how many are. */
  newlyDropped?: number;
}

/** Room kept free for the chat template's tokens that the per-message estimate may miss. */
const TEMPLATE_SLACK_TOKENS = 8;

/**
 * Fits requests to the local model's context, remembering per conversation how many of its
 * earliest messages are left out, and per request its messages' token counts, so that the
 * preloads, the probe and the answer count them once.
 */
export class StudentFitter {
  /** Per conversation: how many of its earliest messages no longer fit and are left out. */
  private readonly dropped = new Map<string, number>();
  /** Token counts of each request's messages, so the preloads and the answer count them once. */
  private readonly counted = new WeakMap<ModelRequest, { messages: number[]; fixedByPrefix: Map<string, number> }>();

  constructor(
    private readonly modelPath: string,
    private readonly maxAnswerTokens: number,
  ) {}

  /** The prompt's room in a context of `contextSize` tokens, as `fit` plans it: less the template's slack. */
  promptTokens(contextSize: number): number {
    return promptRoom(contextSize - TEMPLATE_SLACK_TOKENS, this.maxAnswerTokens);
  }

  /**
   * The request's history cut to what fits the context (oldest whole exchanges left out first,
   * see `planStudentContext`), and the answer's length capped to the room that is left.
   */
  fit(open: OpenModel, request: ModelRequest, forcedPrefix: string, remember = true): Fitted {
    const { history, prompt } = toChatHistory(request, this.modelPath);
    const { model, context, chatWrapper } = open;
    const count = (items: ChatHistoryItem[]): number => chatWrapper.generateContextState({ chatHistory: items }).contextText.tokenize(model.tokenizer).length;
    const system = history[0]?.type === "system" ? [history[0]] : [];
    const earlier = history.slice(system.length);
    let counted = this.counted.get(request);
    if (counted === undefined) {
      // Each message's own tokens plus an even share of the template's tokens around them.
      const own = earlier.map((item) => model.tokenize(item.type === "user" ? item.text : item.type === "model" ? item.response.filter((r) => typeof r === "string").join("") : "").length);
      const bare = count([...system, { type: "user", text: prompt }]);
      const whole = earlier.length === 0 ? bare : count([...history, { type: "user", text: prompt }]);
      const share = earlier.length === 0 ? 0 : Math.max(0, Math.ceil((whole - bare - own.reduce((n, t) => n + t, 0)) / earlier.length));
      counted = { messages: own.map((t) => t + share), fixedByPrefix: new Map() };
      this.counted.set(request, counted);
    }
    let fixed = counted.fixedByPrefix.get(forcedPrefix);
    if (fixed === undefined) {
      fixed = count([...system, { type: "user", text: prompt }, { type: "model", response: [forcedPrefix] }]);
      counted.fixedByPrefix.set(forcedPrefix, fixed);
    }
    const before = this.dropped.get(request.conversationId) ?? 0;
    const plan = planStudentContext({
      historyTokens: counted.messages,
      fixedTokens: fixed,
      contextSize: context.contextSize - TEMPLATE_SLACK_TOKENS,
      maxAnswerTokens: this.maxAnswerTokens,
      previouslyDropped: before,
      cacheShifts: open.cacheShifts,
    });
    if (plan === undefined) {
      throw new StudentError(
        "too-long",
        `The message is about ${fixed.toLocaleString("en-US")} tokens, more than the local model's context of ${context.contextSize.toLocaleString("en-US")} tokens holds with room for an answer. Attach less, or raise “headstart.student.contextSize”.`,
        this.modelPath,
      );
    }
    if (remember) this.dropped.set(request.conversationId, plan.dropped);
    return {
      history: [...system, ...earlier.slice(plan.dropped)],
      prompt,
      answerTokens: plan.answerTokens,
      cappedByContext: plan.answerTokens < this.maxAnswerTokens,
      ...(before === 0 && plan.dropped > 0 ? { newlyDropped: plan.dropped } : {}),
    };
  }
}

/** The request as node-llama-cpp's chat history, plus the new user message to prompt with. */
function toChatHistory(request: ModelRequest, modelPath: string): { history: ChatHistoryItem[]; prompt: string } {
  const last = request.messages.at(-1);
  if (last?.role !== "user") throw new StudentError("generation-failed", "The request to the local model does not end with a user message.", modelPath);
  const history: ChatHistoryItem[] = request.system === "" ? [] : [{ type: "system", text: request.system }];
  for (const message of request.messages.slice(0, -1)) {
    history.push(message.role === "user" ? { type: "user", text: message.content } : { type: "model", response: [message.content] });
  }
  return { history, prompt: last.content };
}
