import type { ModelRequest } from "./conversation";
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
 * provider's upstream connection drops, so the text is not known to be whole.
 */
export type TeacherFinish = "stop" | "length" | "cut";

export type TeacherChunk =
  /** The exact request body sent to the provider (never the key), for "What was sent". */
  | { type: "request"; body: unknown }
  | { type: "text"; text: string }
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
  /** Output token cap for this request. */
  maxTokens: number;
}

/**
 * The large cloud model. `guide` streams chunks: one `request`, any number of `text`, and a final
 * `end`. It throws a `TeacherError` on failure. When `signal` aborts it stops early without
 * throwing (no `end` chunk).
 */
export interface Teacher {
  readonly model: string;
  guide(request: TeacherGuideRequest, signal: AbortSignal): AsyncIterable<TeacherChunk>;
}
