// TEST CODE: a stand-in for SGLang's OpenAI server, as its source behaves:
// - python/sglang/srt/entrypoints/openai/serving_chat.py (_handle_last_assistant_message): with
//   `continue_final_message` a last assistant message is taken out, the rest rendered with the
//   generation prompt (always on: there is no `add_generation_prompt` field) and the message's text
//   appended to the prompt's tokens; without the field, a last assistant message is turned into a
//   user message, so a new reply starts. `chat_template_kwargs` reaches the template.
// - The model name is not checked; GET /v1/models lists the served name, owned_by "sglang", with
//   max_model_len. Prompt plus max_tokens over the context is a 400.
// - serving_tokenize.py: POST /v1/tokenize takes text only ({prompt}), answers {tokens, count, max_model_len}.
// - protocol.py ErrorResponse: {"object": "error", "message", "type", "param", "code"}.
import { renderChatML } from "./chatTemplate";
import { maxTokensOf, messagesOf, splitMessages, type ChatRead, type EngineDouble, type Reply } from "./engineDouble";

const error = (status: number, type: string, message: string): Reply => ({ status, body: { object: "error", message, type, param: null, code: status } });

export const sglangDouble: EngineDouble = {
  models: (kit) => ({ object: "list", data: [{ id: kit.settings.served, object: "model", created: 0, owned_by: "sglang", root: kit.settings.served, max_model_len: kit.settings.context }] }),
  route(method, path, body, kit) {
    if (method !== "POST" || path !== "/v1/tokenize") return undefined;
    const tokens = kit.tokenize(typeof body.prompt === "string" ? body.prompt : "");
    return { status: 200, body: { tokens, count: tokens.length, max_model_len: kit.settings.context } };
  },
  chat(body, kit): ChatRead | Reply {
    const messages = messagesOf(body);
    const { system, history, trailing } = splitMessages(messages);
    const continues = body.continue_final_message === true && trailing !== undefined;
    const thinkingOff = (body.chat_template_kwargs as { enable_thinking?: unknown } | undefined)?.enable_thinking === false;
    // Without the field a last assistant message becomes the user's: the model answers anew.
    const read = continues ? messages.slice(0, -1) : messages.map((m, i) => (i === messages.length - 1 && m.role === "assistant" ? { ...m, role: "user" } : m));
    const rendered = renderChatML(read, { openLast: false, generationPrompt: true, thinkingOff }) + (continues ? trailing : "");
    const prompt = kit.count(rendered);
    const maxTokens = maxTokensOf(body, kit.settings.context - prompt);
    if (prompt + maxTokens > kit.settings.context) {
      return error(
        400,
        "BadRequestError",
        `Requested token count exceeds the model's maximum context length of ${kit.settings.context} tokens. You requested a total of ${prompt + maxTokens} tokens: ${prompt} tokens from the input messages and ${maxTokens} tokens for the completion. Please reduce the number of tokens in the input messages or the completion to fit within the limit.`,
      );
    }
    return { system, history, continued: continues ? trailing : "", rendered, maxTokens };
  },
  notFound: { status: 404, body: { detail: "Not Found" } },
  guards: (path) => path !== "/health",
  unauthorized: { status: 401, body: { error: "Unauthorized" } },
};
