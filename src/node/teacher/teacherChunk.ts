// One event of a provider's stream, read without trusting its shape: pure, so every server's
// quirks are tested without HTTP.
import type { TeacherFinish, TeacherUsage } from "../../common/models/teacher";

/** One `delta.tool_calls` entry, read without trusting its shape. */
export interface ToolCallDelta {
  index?: number;
  id?: string;
  name?: string;
  arguments?: string;
}

export interface ChunkParts {
  /** Looks like a `chat.completion.chunk` (has a `choices` array). */
  isChunk: boolean;
  text?: string;
  /**
   * Shows hidden reasoning: text in `reasoning` (OpenRouter) or `reasoning_content` (DeepSeek, vLLM),
   * or reasoning tokens counted in the usage.
   */
  reasoning: boolean;
  finish?: string | null;
  usage?: TeacherUsage;
  model?: string;
  toolCalls?: ToolCallDelta[];
}

/** Reads one parsed SSE event without trusting its shape: servers differ, and some are wrong. */
export function readChunk(raw: unknown): ChunkParts {
  if (!isRecord(raw)) return { isChunk: false, reasoning: false };
  const choices = Array.isArray(raw["choices"]) ? (raw["choices"] as unknown[]) : undefined;
  const choice = choices?.find((c) => isRecord(c) && (c["index"] ?? 0) === 0);
  const delta = isRecord(choice) && isRecord(choice["delta"]) ? choice["delta"] : {};
  const content = readContent(delta["content"]);
  const text = content.text;
  const usageField = raw["usage"] ?? (isRecord(raw["x_groq"]) ? raw["x_groq"]["usage"] : undefined);
  const reasoning =
    content.thinking ||
    [delta["reasoning"], delta["reasoning_content"]].some((r) => typeof r === "string" && r !== "") ||
    reasoningTokens(usageField) > 0;
  const finish = isRecord(choice) && typeof choice["finish_reason"] === "string" ? choice["finish_reason"] : undefined;
  const usage = readUsage(usageField);
  const model = typeof raw["model"] === "string" && raw["model"] !== "" ? raw["model"] : undefined;
  const toolCalls = readToolCalls(delta["tool_calls"]);
  return {
    isChunk: choices !== undefined,
    reasoning,
    ...(text ? { text } : {}),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(finish !== undefined ? { finish } : {}),
    ...(usage ? { usage } : {}),
    ...(model ? { model } : {}),
  };
}

/**
 * `delta.content` as a string, or as an array of parts (Mistral's reasoning models): the `text`
 * parts are the answer; a `thinking` part is hidden reasoning.
 */
function readContent(content: unknown): { text?: string; thinking: boolean } {
  if (typeof content === "string") return content ? { text: content, thinking: false } : { thinking: false };
  if (!Array.isArray(content)) return { thinking: false };
  let text = "";
  let thinking = false;
  for (const part of content as unknown[]) {
    if (!isRecord(part)) continue;
    if (part["type"] === "text" && typeof part["text"] === "string") text += part["text"];
    else if (part["type"] === "thinking") thinking = true;
  }
  return text ? { text, thinking } : { thinking };
}

/** `delta.tool_calls`: each entry's index, id, function name and arguments fragment, where present. */
function readToolCalls(raw: unknown): ToolCallDelta[] {
  if (!Array.isArray(raw)) return [];
  return (raw as unknown[]).filter(isRecord).map((entry) => {
    const fn = isRecord(entry["function"]) ? entry["function"] : {};
    const index = entry["index"];
    return {
      ...(isCount(index) ? { index } : {}),
      ...(typeof entry["id"] === "string" && entry["id"] !== "" ? { id: entry["id"] } : {}),
      ...(typeof fn["name"] === "string" && fn["name"] !== "" ? { name: fn["name"] } : {}),
      ...(typeof fn["arguments"] === "string" ? { arguments: fn["arguments"] } : {}),
    };
  });
}

/**
 * `prompt_tokens` includes the cached ones, as OpenAI and OpenRouter count them; DeepSeek reports
 * its cache hits as `prompt_cache_hit_tokens`. Groq's older streams put this object in `x_groq`.
 */
function readUsage(raw: unknown): TeacherUsage | undefined {
  if (!isRecord(raw)) return undefined;
  const input = raw["prompt_tokens"];
  const output = raw["completion_tokens"];
  if (!isCount(input) || !isCount(output)) return undefined;
  const details = raw["prompt_tokens_details"];
  const cached =
    isRecord(details) && isCount(details["cached_tokens"])
      ? details["cached_tokens"]
      : isCount(raw["prompt_cache_hit_tokens"])
        ? raw["prompt_cache_hit_tokens"]
        : 0;
  const cost = raw["cost"];
  return {
    inputTokens: input,
    cachedInputTokens: cached,
    outputTokens: output,
    ...(typeof cost === "number" && Number.isFinite(cost) && cost >= 0 ? { providerCostUsd: cost } : {}),
  };
}

/** OpenAI streams no reasoning text, but counts it in the usage chunk. */
function reasoningTokens(usage: unknown): number {
  const details = isRecord(usage) ? usage["completion_tokens_details"] : undefined;
  return isRecord(details) && isCount(details["reasoning_tokens"]) ? details["reasoning_tokens"] : 0;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * `stop` only when the teacher says it finished, `tool-calls` when it says it called tools (kept
 * only if the calls came whole: see `guide`). Any other reason (`length`, `content_filter`, a
 * provider's own) means its text is not a whole answer, so the student goes on from it rather
 * than the turn ending on a fragment. No reason at all is `cut`, decided where the stream ends.
 */
export function toFinish(reason: string | null): TeacherFinish {
  return reason === "stop" ? "stop" : reason === "tool_calls" ? "tool-calls" : "length";
}
