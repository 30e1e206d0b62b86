// The body of a Chat Completions request as a teacher sends it: the cap's field, the reasoning
// effort, tools, usage and the prompt cache key, each as the provider's quirks allow.
import type { ChatCompletionCreateParamsStreaming, ChatCompletionFunctionTool, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { modelBaseName } from "../../common/cost/modelName";
import type { ProviderQuirks } from "../../common/models/providerQuirks";
import type { TeacherGuideRequest, ToolSpec } from "../../common/models/teacher";

/** The request field that carries the output cap. */
export type MaxTokensField = "max_completion_tokens" | "max_tokens";

/** A `reasoning_effort` value, as the Chat Completions API spells them. */
export type ReasoningEffortValue = "none" | "minimal" | "low" | "medium" | "high";

const EFFORT_CHOICES = ["auto", "omit", "none", "minimal", "low", "medium", "high"] as const;

/** Whether `value` is a choice for the `reasoningEffort` option. */
export const isReasoningEffort = (value: unknown): value is (typeof EFFORT_CHOICES)[number] =>
  (EFFORT_CHOICES as readonly unknown[]).includes(value);

/**
 * The lowest `reasoning_effort` each OpenAI reasoning family accepts, so a budget of a few dozen
 * tokens is not spent on hidden thinking; `undefined` for models that reject the field (gpt-4o
 * and other non-reasoning models, o1-mini/o1-preview, gpt-5-pro which only takes its default).
 * A provider prefix such as `openai/` is ignored.
 */
export function reasoningEffortFor(model: string): ReasoningEffortValue | undefined {
  const name = modelBaseName(model);
  if (/^gpt-5(\.\d+)?-(pro|chat)/.test(name)) return undefined;
  // Codex variants take `low` at the least.
  if (/^gpt-5(\.\d+)?-codex/.test(name)) return "low";
  // gpt-5.1 and later accept `none` (and reject `minimal`).
  if (/^gpt-5\.\d/.test(name)) return "none";
  if (/^gpt-5(-|$)/.test(name)) return "minimal";
  if (/^o1-(mini|preview)/.test(name)) return undefined;
  if (/^o[134](-|$)/.test(name)) return "low";
  return undefined;
}

/** The tools a request offers, or `undefined` for none. */
function toolsOf(request: TeacherGuideRequest): readonly ToolSpec[] | undefined {
  return request.tools !== undefined && request.tools.length > 0 ? request.tools : undefined;
}

/**
 * The output cap sent: `maxTokens`, or with tools `toolCallMaxTokens` when that is more. A guided
 * turn's budget (32 tokens) is less than many a call's JSON arguments: capped at it, the provider
 * would stop mid-arguments and the call would be lost.
 */
export function sentCap(request: TeacherGuideRequest): number {
  return toolsOf(request) ? Math.max(request.maxTokens, request.toolCallMaxTokens ?? request.maxTokens) : request.maxTokens;
}

/** A tool as the Chat Completions API takes it; a description or schema that is absent is left out. */
function toOpenAITool(tool: ToolSpec): ChatCompletionFunctionTool {
  return {
    type: "function",
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      ...(tool.parameters !== undefined ? { parameters: tool.parameters as Record<string, unknown> } : {}),
    },
  };
}

/** How this teacher writes its requests. */
export interface RequestStyle {
  model: string;
  quirks: ProviderQuirks;
  /** The user's choice of the cap's field, over the quirks'. */
  maxTokensField: MaxTokensField | undefined;
  /** The user's choice about the usage chunk, over the quirks'. */
  includeUsage: boolean | undefined;
  reasoningEffort: ReasoningEffortValue | undefined;
  promptCacheKey: boolean;
}

/** The exact body sent for `request`. */
export function requestBody(request: TeacherGuideRequest, style: RequestStyle): ChatCompletionCreateParamsStreaming {
  const messages: ChatCompletionMessageParam[] = [
    { role: "system", content: request.system },
    ...request.messages.map((m) => ({ role: m.role, content: m.content })),
  ];
  const omit = style.quirks.omit;
  const field = style.maxTokensField ?? style.quirks.maxTokensField;
  const tools = toolsOf(request);
  const capTokens = sentCap(request);
  const cap = field === "max_tokens" ? { max_tokens: capTokens } : { max_completion_tokens: capTokens };
  const usage = style.includeUsage ?? !omit.includes("stream_options");
  const effort = omit.includes("reasoning_effort") ? undefined : style.reasoningEffort;
  const cacheKey = style.promptCacheKey && request.conversationId !== "" && !omit.includes("prompt_cache_key");
  return {
    model: style.model,
    messages,
    ...(tools ? { tools: tools.map(toOpenAITool) } : {}),
    stream: true,
    ...cap,
    ...(usage ? { stream_options: { include_usage: true } } : {}),
    ...(effort ? { reasoning_effort: effort } : {}),
    ...(cacheKey ? { prompt_cache_key: request.conversationId } : {}),
  };
}
