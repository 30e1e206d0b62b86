// TEST CODE: a stand-in for vLLM's OpenAI server, as its source behaves:
// - vllm/entrypoints/openai/protocol.py, ChatCompletionRequest: `add_generation_prompt` defaults to
//   true, `continue_final_message` to false, and both true is a 400 ("Cannot set both …"); the
//   template is rendered by transformers' apply_chat_template, which leaves the final message open
//   only with `continue_final_message` (otherwise a trailing assistant message is closed and, with
//   the generation prompt, a new reply starts); `chat_template_kwargs` reaches the template.
// - serving_engine.py (_validate_input): prompt plus max_tokens over max_model_len is a 400
//   ("This model's maximum context length is …").
// - serving_models.py: a model name it does not serve is a 404 ("The model `x` does not exist.");
//   GET /v1/models lists the served name with owned_by "vllm" and max_model_len.
// - api_server.py: POST /tokenize takes the chat's messages with the same fields and answers
//   {count, max_model_len, tokens}; POST /detokenize answers {prompt}; --api-key guards /v1 only.
import { renderChatML } from "./chatTemplate";
import { maxTokensOf, messagesOf, splitMessages, type ChatRead, type DoubleKit, type EngineDouble, type Reply } from "./engineDouble";

const error = (status: number, type: string, message: string, param: string | null = null): Reply => ({ status, body: { error: { message, type, param, code: status } } });

function checkModel(body: Record<string, unknown>, kit: DoubleKit): Reply | undefined {
  return body.model === kit.settings.served ? undefined : error(404, "NotFoundError", `The model \`${String(body.model)}\` does not exist.`, "model");
}

/** The chat's prompt as vLLM renders it, or its refusal of the fields. */
function render(body: Record<string, unknown>): string | Reply {
  const generation = body.add_generation_prompt !== false;
  const continues = body.continue_final_message === true;
  if (generation && continues) return error(400, "BadRequestError", "Cannot set both `continue_final_message` and `add_generation_prompt` to True.");
  const kwargs = (body.chat_template_kwargs ?? {}) as { enable_thinking?: unknown };
  return renderChatML(messagesOf(body), { openLast: continues, generationPrompt: generation, thinkingOff: kwargs.enable_thinking === false });
}

export const vllmDouble: EngineDouble = {
  models: (kit) => ({ object: "list", data: [{ id: kit.settings.served, object: "model", created: 0, owned_by: "vllm", root: kit.settings.served, parent: null, max_model_len: kit.settings.context, permission: [] }] }),
  route(method, path, body, kit) {
    if (method !== "POST" || (path !== "/tokenize" && path !== "/detokenize")) return undefined;
    const wrong = checkModel(body, kit);
    if (wrong) return wrong;
    if (path === "/detokenize") return { status: 200, body: { prompt: kit.detokenize(Array.isArray(body.tokens) ? (body.tokens as number[]) : []) } };
    const rendered = typeof body.prompt === "string" ? body.prompt : render(body);
    if (typeof rendered !== "string") return rendered;
    const tokens = kit.tokenize(rendered);
    return { status: 200, body: { count: tokens.length, max_model_len: kit.settings.context, tokens } };
  },
  chat(body, kit): ChatRead | Reply {
    const wrong = checkModel(body, kit);
    if (wrong) return wrong;
    const rendered = render(body);
    if (typeof rendered !== "string") return rendered;
    const { system, history, trailing } = splitMessages(messagesOf(body));
    const prompt = kit.count(rendered);
    const maxTokens = maxTokensOf(body, kit.settings.context - prompt);
    if (prompt + maxTokens > kit.settings.context) {
      return error(
        400,
        "BadRequestError",
        `This model's maximum context length is ${kit.settings.context} tokens. However, you requested ${prompt + maxTokens} tokens (${prompt} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`,
      );
    }
    return { system, history, continued: body.continue_final_message === true ? (trailing ?? "") : "", rendered, maxTokens };
  },
  notFound: { status: 404, body: { detail: "Not Found" } },
  guards: (path) => path.startsWith("/v1"),
  unauthorized: { status: 401, body: { error: "Unauthorized" } },
};
