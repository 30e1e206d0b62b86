// What Headstart knows of each inference server engine, read in the engines' own source, in one
// table: how the opening is continued, whether the thinking switch is taken, what the context is
// called and how a team gives it more. The "For teams" table in docs/teams.md is checked against it.
import type { STUDENT_CONTINUATIONS } from "../../common/settings/settings";

/**
 * How a server is told to continue the last (assistant) message rather than answer after it:
 * `continue_final_message` with `add_generation_prompt: false` (vLLM, SGLang), or a trailing
 * assistant message as it is (TGI, llama.cpp's server, Ollama).
 */
export type ContinuationWay = Exclude<(typeof STUDENT_CONTINUATIONS)[number], "auto">;

export type ServerEngine = "vllm" | "sglang" | "tgi" | "llamacpp" | "ollama" | "other";

export interface EngineFacts {
  /** As people write it. */
  name: string;
  /** How `auto` continues the opening there; `undefined`: found by asking (`other`). */
  way: ContinuationWay | undefined;
  /**
   * Takes `chat_template_kwargs` (`enable_thinking: false` keeps a thinking template, Qwen3's, from
   * opening a thought before the answer; llama.cpp refuses to continue an opening while it thinks).
   */
  thinkingSwitch: boolean;
  /** Finds the opening in its rendered prompt by its text, trimmed (TGI): sent without trailing whitespace. */
  trimsOpening: boolean;
  /** Refuses a model name it does not serve (the others answer with the one model they have). */
  checksModel: boolean;
  /** What the engine calls the context it publishes, for messages. */
  contextName: string;
  /** How a team gives the server more context. */
  moreContext: string;
}

export const ENGINE_FACTS: Record<ServerEngine, EngineFacts> = {
  // vllm/entrypoints/openai/protocol.py (ChatCompletionRequest), serving_chat.py, serving_models.py
  vllm: {
    name: "vLLM",
    way: "continue-final-message",
    thinkingSwitch: true,
    trimsOpening: false,
    checksModel: true,
    contextName: "max_model_len",
    moreContext: "start vLLM with a larger --max-model-len",
  },
  // python/sglang/srt/entrypoints/openai/serving_chat.py (_handle_last_assistant_message)
  sglang: {
    name: "SGLang",
    way: "continue-final-message",
    thinkingSwitch: true,
    trimsOpening: false,
    checksModel: false,
    contextName: "max_model_len",
    moreContext: "start SGLang with a larger --context-length",
  },
  // router/src/infer/chat_template.rs (ChatTemplate::apply), router/src/server.rs (/info)
  tgi: {
    name: "TGI",
    way: "trailing-assistant",
    thinkingSwitch: false,
    trimsOpening: true,
    checksModel: false,
    contextName: "max_total_tokens",
    moreContext: "start TGI with larger --max-input-tokens and --max-total-tokens",
  },
  // tools/server/utils.hpp (oaicompat_chat_params_parse), tools/server/server.cpp (/props)
  llamacpp: {
    name: "llama.cpp's server",
    way: "trailing-assistant",
    thinkingSwitch: true,
    trimsOpening: false,
    checksModel: false,
    contextName: "n_ctx per slot",
    moreContext: "start llama-server with a larger --ctx-size (each of its --parallel slots gets an equal share)",
  },
  // server/routes.go (ChatHandler), api/types.go (ShowResponse), envconfig (OLLAMA_CONTEXT_LENGTH)
  ollama: {
    name: "Ollama",
    way: "trailing-assistant",
    thinkingSwitch: false,
    trimsOpening: false,
    checksModel: true,
    contextName: "num_ctx",
    moreContext: "give the model a larger num_ctx (PARAMETER num_ctx in its Modelfile, or OLLAMA_CONTEXT_LENGTH for the server)",
  },
  other: {
    name: "the server",
    way: undefined,
    thinkingSwitch: false,
    trimsOpening: false,
    checksModel: false,
    contextName: "context",
    moreContext: "give the server a larger context",
  },
};

/** The body's fields for the way and the engine: the continuation's (only with an opening) and the thinking switch. */
export function continuationFields(engine: ServerEngine, way: ContinuationWay, opening: boolean): Record<string, unknown> {
  return {
    ...(opening && way === "continue-final-message" ? { continue_final_message: true, add_generation_prompt: false } : {}),
    ...(ENGINE_FACTS[engine].thinkingSwitch ? { chat_template_kwargs: { enable_thinking: false } } : {}),
  };
}
