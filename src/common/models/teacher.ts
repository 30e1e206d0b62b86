import type { ModelRequest } from "../conversation/conversation";
import type { LearnedQuirk } from "./providerQuirks";

/** Token counts a provider reported for one request. */
export interface TeacherUsage {
  /** All prompt tokens, cached ones included (as OpenAI and OpenRouter report `prompt_tokens`). */
  inputTokens: number;
  /** The part of `inputTokens` served from the provider's prompt cache, billed at the cached price. */
  cachedInputTokens: number;
  outputTokens: number;
  /** The provider's own figure for the request, in USD, when it reports one (OpenRouter's `usage.cost`). */
  providerCostUsd?: number;
}

/**
 * `stop`: the teacher finished its answer; `length`: it hit the token budget (or stopped for
 * another reason of its own); `cut`: the stream ended with no finish reason at all, as when a
 * provider's upstream connection drops, so the text is not known to be whole; `tool-calls`: it
 * called tools (one `tool-call` chunk each came before `end`) and its text, if any, is whole.
 */
export type TeacherFinish = "stop" | "length" | "cut" | "tool-calls";

/**
 * A function the caller offers the teacher, as OpenAI's `tools[].function` describes one: the
 * teacher may call it instead of answering in text.
 */
export interface ToolSpec {
  name: string;
  /** What the function does, for the teacher to decide when to call it. */
  description?: string;
  /** A JSON schema of the arguments object. */
  parameters?: object;
}

/** One call the teacher made of a `ToolSpec`, for the caller to run, then ask again with its result. */
export interface ToolCall {
  /** The provider's id for the call, which the tool's result must name. */
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as the teacher wrote them (not parsed, not re-serialised). */
  arguments: string;
}

export type TeacherChunk =
  /** Where the request went and its exact body (never the key), for "What was sent". */
  | { type: "request"; url: string; body: unknown }
  | { type: "text"; text: string }
  /** A whole tool call, sent once the teacher's stream has ended with its calls whole, before `end`. */
  | { type: "tool-call"; call: ToolCall }
  | {
      type: "end";
      finish: TeacherFinish;
      /** Absent when the provider sent no usage (for example with the usage chunk turned off). */
      usage?: TeacherUsage;
      /** The model the provider says answered. */
      model: string;
      /** What this request taught about the provider (a refused parameter, an ignored cap), to tell the user once. */
      learned?: LearnedQuirk[];
    };

export interface TeacherGuideRequest extends ModelRequest {
  /** Output token cap for this request: with `tools`, the cap on its text. */
  maxTokens: number;
  /** Functions the teacher may call instead of answering in text. Absent or empty: none. */
  tools?: readonly ToolSpec[];
  /**
   * With `tools`, the output cap sent to the provider when it is above `maxTokens`, so that a
   * call's arguments (often more than a guidance budget of JSON) are not cut off; the text is
   * then held to `maxTokens` on our side. Defaults to `maxTokens`.
   */
  toolCallMaxTokens?: number;
}

/**
 * The large cloud model. `guide` streams chunks: one `request`, any number of `text`, one
 * `tool-call` for each tool the teacher called, and a final `end`. It throws a `TeacherError` on
 * failure. When `signal` aborts it stops early without throwing (no `end` chunk).
 */
export interface Teacher {
  readonly model: string;
  guide(request: TeacherGuideRequest, signal: AbortSignal): AsyncIterable<TeacherChunk>;
}
