// TEST CODE: a stand-in for llama.cpp's server (llama-server), as its source behaves:
// - tools/server/utils.hpp (oaicompat_chat_params_parse): a last assistant message is taken out,
//   the rest rendered with the generation prompt and the message's text appended (prefill), unless
//   the server was started with --no-prefill-assistant, when it is rendered as a finished message
//   and a new reply follows. While the template thinks (enable_thinking, on by default for a
//   template that has it, as Qwen3's) a prefill is refused: 400 "Assistant response prefill is
//   incompatible with enable_thinking."; `chat_template_kwargs` from the request override the
//   command line's (builds from before that read only the command line's). Unknown fields, and
//   `continue_final_message`, are ignored; so is the model name (it serves one model).
// - tools/server/server.cpp: GET /props ({default_generation_settings: {n_ctx}, …}, n_ctx per
//   slot), POST /apply-template (the same parsing, answering {prompt}), POST /tokenize
//   ({content} -> {tokens}); a prompt that fills the context is a 400 of type
//   exceed_context_size_error; an answer stops where the context ends ("length"). Errors are
//   {"error": {"code", "message", "type"}}; --api-key leaves /health and /v1/models public.
import { renderChatML } from "./chatTemplate";
import { maxTokensOf, messagesOf, splitMessages, type ChatRead, type DoubleKit, type EngineDouble, type Reply } from "./engineDouble";

const error = (status: number, type: string, message: string, extra: Record<string, unknown> = {}): Reply => ({ status, body: { error: { code: status, message, type, ...extra } } });

/** The prompt llama.cpp renders for a request, what it continues, or its refusal. */
function parse(body: Record<string, unknown>, kit: DoubleKit): { rendered: string; continued: string } | Reply {
  const messages = messagesOf(body);
  const kwargs = kit.settings.ignoresRequestKwargs ? {} : ((body.chat_template_kwargs ?? {}) as { enable_thinking?: unknown });
  const thinking = kit.settings.thinking === true && kwargs.enable_thinking !== false;
  const thinkingOff = kit.settings.thinking === true && !thinking;
  const prefill = messages.at(-1)?.role === "assistant" && !kit.settings.noPrefill;
  if (!prefill) return { rendered: renderChatML(messages, { openLast: false, generationPrompt: true, thinkingOff }), continued: "" };
  if (thinking) return error(400, "invalid_request_error", "Assistant response prefill is incompatible with enable_thinking.");
  const last = messages.at(-1)!.content;
  return { rendered: renderChatML(messages.slice(0, -1), { openLast: false, generationPrompt: true, thinkingOff }) + last, continued: last };
}

export const llamacppDouble: EngineDouble = {
  models: (kit) => ({ object: "list", data: [{ id: kit.settings.served, object: "model", created: 0, owned_by: "llamacpp", meta: { n_ctx_train: 2048 } }] }),
  route(method, path, body, kit) {
    if (method === "GET" && path === "/props") {
      return { status: 200, body: { default_generation_settings: { n_ctx: kit.settings.context, params: {} }, total_slots: 1, model_path: kit.settings.served, chat_template: "(ChatML)", modalities: { vision: false, audio: false }, build_info: "test-double" } };
    }
    if (method === "POST" && path === "/apply-template") {
      const parsed = parse(body, kit);
      return "status" in parsed ? parsed : { status: 200, body: { prompt: parsed.rendered } };
    }
    if (method === "POST" && path === "/tokenize") return { status: 200, body: { tokens: kit.tokenize(typeof body.content === "string" ? body.content : "") } };
    return undefined;
  },
  chat(body, kit): ChatRead | Reply {
    const parsed = parse(body, kit);
    if ("status" in parsed) return parsed;
    const { system, history } = splitMessages(messagesOf(body));
    const prompt = kit.count(parsed.rendered);
    if (prompt >= kit.settings.context) {
      return error(400, "exceed_context_size_error", "the request exceeds the available context size, try increasing it", { n_prompt_tokens: prompt, n_ctx: kit.settings.context });
    }
    // No refusal for a long answer: it stops where the context ends.
    const maxTokens = Math.min(maxTokensOf(body, kit.settings.context), kit.settings.context - prompt);
    return { system, history, continued: parsed.continued, rendered: parsed.rendered, maxTokens };
  },
  notFound: error(404, "not_found_error", "File Not Found"),
  guards: (path) => !["/health", "/v1/health", "/models", "/v1/models"].includes(path),
  unauthorized: error(401, "authentication_error", "Invalid API Key"),
};
