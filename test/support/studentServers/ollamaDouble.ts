// TEST CODE: a stand-in for Ollama, as its source behaves:
// - server/routes.go (ChatHandler): the model must have been pulled, else 404 {"error": "model
//   \"x\" not found, try pulling it first"}; the model's template renders every message, and a
//   last assistant message is continued only where the template leaves it open (most library
//   templates do, `{{ if not $last }}<|im_end|>{{ end }}`); template/chatml.gotmpl closes every
//   message and adds the assistant header, so a new reply follows. A prompt longer than num_ctx is
//   cut from the oldest messages, silently (not modelled here: the check refuses it first); an
//   answer stops where the context ends.
// - `_debug_render_only` (api/types.go ChatRequest) answers {"_debug_info": {"rendered_template"}}
//   without running the model; POST /api/show gives `parameters` (num_ctx when set) and
//   `model_info` ("<arch>.context_length"); num_ctx otherwise is the server's default
//   (OLLAMA_CONTEXT_LENGTH, 4096), which it does not publish. GET /api/version answers {version}.
// - openai/openai.go: /v1/chat/completions reads no `continue_final_message` and no
//   `chat_template_kwargs`; errors are {"error": {"message", "type", "param", "code"}}. Ollama has no
//   key of its own: `guards` stands for a gateway in front of it.
import { renderChatML } from "./chatTemplate";
import { maxTokensOf, messagesOf, splitMessages, type ChatRead, type DoubleKit, type EngineDouble, type Reply } from "./engineDouble";

const OLLAMA_DEFAULT_CONTEXT = 4096;

function context(kit: DoubleKit): number {
  return kit.settings.numCtxSet ? kit.settings.context : OLLAMA_DEFAULT_CONTEXT;
}

function render(body: Record<string, unknown>, kit: DoubleKit): { rendered: string; continued: string } {
  const messages = messagesOf(body);
  const last = messages.at(-1);
  const open = last?.role === "assistant" && !kit.settings.closesLast;
  return { rendered: renderChatML(messages, { openLast: open, generationPrompt: !open }), continued: open ? last.content : "" };
}

const notPulled = (model: unknown): string => `model "${String(model)}" not found, try pulling it first`;

export const ollamaDouble: EngineDouble = {
  models: (kit) => ({ object: "list", data: [{ id: kit.settings.served, object: "model", created: 0, owned_by: "library" }] }),
  route(method, path, body, kit) {
    if (method === "GET" && path === "/api/version") return { status: 200, body: { version: "0.12.3" } };
    if (method !== "POST" || (path !== "/api/show" && path !== "/api/chat")) return undefined;
    if (body.model !== kit.settings.served) return { status: 404, body: { error: notPulled(body.model) } };
    if (path === "/api/show") {
      return {
        status: 200,
        body: {
          parameters: kit.settings.numCtxSet ? `num_ctx                        ${kit.settings.context}\nstop                           "<|im_end|>"` : `stop                           "<|im_end|>"`,
          template: kit.settings.closesLast ? "(template/chatml.gotmpl)" : "(leaves a last assistant message open)",
          details: { format: "gguf", family: "llama" },
          model_info: { "general.architecture": "llama", "llama.context_length": 32768 },
          capabilities: ["completion"],
        },
      };
    }
    if (body._debug_render_only !== true) return { status: 400, body: { error: "this double renders only (_debug_render_only)" } };
    return { status: 200, body: { model: kit.settings.served, created_at: new Date(0).toISOString(), message: { role: "assistant", content: "" }, done: true, _debug_info: { rendered_template: render(body, kit).rendered } } };
  },
  chat(body, kit): ChatRead | Reply {
    if (body.model !== kit.settings.served) return { status: 404, body: { error: { message: notPulled(body.model), type: "api_error", param: null, code: null } } };
    const { system, history } = splitMessages(messagesOf(body));
    const { rendered, continued } = render(body, kit);
    const prompt = kit.count(rendered);
    const maxTokens = Math.max(1, Math.min(maxTokensOf(body, context(kit)), context(kit) - prompt));
    return { system, history, continued, rendered, maxTokens };
  },
  notFound: { status: 404, body: "404 page not found" },
  guards: () => true,
  unauthorized: { status: 401, body: { error: "unauthorized" } },
};
