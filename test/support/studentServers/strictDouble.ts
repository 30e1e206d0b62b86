// TEST CODE: an OpenAI-compatible server that is none of the five engines and publishes nothing of
// itself (no /props, /info or /api/version; /v1/models without an engine's owner), and refuses
// fields it does not know with a 400, as a strict gateway might: none of vLLM, SGLang, TGI,
// llama.cpp's server or Ollama refuses `continue_final_message`. It continues a trailing assistant
// message as it is, and answers any model name.
import { renderChatML } from "./chatTemplate";
import { maxTokensOf, messagesOf, splitMessages, type ChatRead, type EngineDouble, type Reply } from "./engineDouble";

export const strictDouble: EngineDouble = {
  models: (kit) => ({ object: "list", data: [{ id: kit.settings.served, object: "model", created: 0, owned_by: "organization-owner" }] }),
  route: () => undefined,
  chat(body): ChatRead | Reply {
    if ("continue_final_message" in body) return { status: 400, body: { error: { message: "Unrecognized request argument supplied: continue_final_message", type: "invalid_request_error" } } };
    const messages = messagesOf(body);
    const { system, history, trailing } = splitMessages(messages);
    const rendered = renderChatML(messages, { openLast: trailing !== undefined, generationPrompt: trailing === undefined });
    return { system, history, continued: trailing ?? "", rendered, maxTokens: maxTokensOf(body, 256) };
  },
  notFound: { status: 404, body: { error: { message: "not found" } } },
  guards: () => true,
  unauthorized: { status: 401, body: { error: { message: "Invalid API key", type: "authentication_error" } } },
};
