// TEST CODE: a stand-in for Hugging Face TGI's router, as its source behaves:
// - router/src/infer/chat_template.rs (ChatTemplate::apply): the template is always rendered with
//   the generation prompt; when the last message is the assistant's, its text is looked for in the
//   rendered prompt (rfind) and the prompt cut after it, trailing whitespace trimmed; not found, the
//   prompt stays as rendered, a new reply after it. Its templates trim each message (Llama 3's
//   `| trim`), so an opening that ends in a newline is not found.
// - router/src/lib.rs (ChatRequest): no `continue_final_message`, no `add_generation_prompt`, no
//   `chat_template_kwargs`; unknown fields are ignored; `model` names a LoRA adapter, the base model
//   answering any name. max_tokens defaults to 100.
// - router/src/validation.rs: more than max_input_tokens, or inputs plus max_new_tokens over
//   max_total_tokens, is a 422 {"error": "Input validation error: …", "error_type": "validation"}.
// - router/src/server.rs: GET /info ({model_id, max_input_tokens, max_total_tokens, …}), POST
//   /chat_tokenize ({tokenize_response, templated_text}); --api-key guards the generation routes
//   only, answering 401 with an empty body.
import { renderChatML } from "./chatTemplate";
import { maxTokensOf, messagesOf, splitMessages, type ChatRead, type DoubleKit, type EngineDouble, type Reply } from "./engineDouble";

const validation = (message: string): Reply => ({ status: 422, body: { error: `Input validation error: ${message}`, error_type: "validation" } });

/** The prompt as TGI makes it: rendered with the generation prompt, cut after a last assistant message found in it. */
function render(body: Record<string, unknown>): { rendered: string; continued: string } {
  const messages = messagesOf(body);
  const full = renderChatML(messages, { openLast: false, generationPrompt: true, trim: true });
  const last = messages.at(-1);
  if (last?.role !== "assistant") return { rendered: full, continued: "" };
  const at = full.lastIndexOf(last.content);
  if (at < 0) return { rendered: full, continued: "" };
  return { rendered: full.slice(0, at + last.content.length).trimEnd(), continued: last.content.trimEnd() };
}

function maxInput(kit: DoubleKit): number {
  return kit.settings.maxInput ?? kit.settings.context - 1;
}

export const tgiDouble: EngineDouble = {
  models: (kit) => ({ object: "list", data: [{ id: kit.settings.served, object: "model", created: 0, owned_by: kit.settings.served }] }),
  route(method, path, body, kit) {
    if (method === "GET" && path === "/info") {
      return { status: 200, body: { model_id: kit.settings.served, model_sha: null, max_concurrent_requests: 128, max_best_of: 2, max_stop_sequences: 4, max_input_tokens: maxInput(kit), max_total_tokens: kit.settings.context, validation_workers: 2, max_client_batch_size: 4, router: "text-generation-router", version: "3.3.0" } };
    }
    if (method === "POST" && path === "/chat_tokenize") {
      const { rendered } = render(body);
      const ids = kit.tokenize(rendered);
      return { status: 200, body: { tokenize_response: ids.map((id, i) => ({ id, text: "", start: i, stop: i + 1 })), templated_text: rendered } };
    }
    return undefined;
  },
  chat(body, kit): ChatRead | Reply {
    const { system, history } = splitMessages(messagesOf(body));
    const { rendered, continued } = render(body);
    const prompt = kit.count(rendered);
    const maxTokens = maxTokensOf(body, 100);
    if (prompt > maxInput(kit)) return validation(`\`inputs\` must have less than ${maxInput(kit)} tokens. Given: ${prompt}`);
    if (prompt + maxTokens > kit.settings.context) {
      return validation(`\`inputs\` tokens + \`max_new_tokens\` must be <= ${kit.settings.context}. Given: ${prompt} \`inputs\` tokens and ${maxTokens} \`max_new_tokens\``);
    }
    return { system, history, continued, rendered, maxTokens };
  },
  notFound: { status: 404, body: "" },
  guards: (path) => ["/v1/chat/completions", "/v1/completions", "/generate", "/generate_stream", "/tokenize", "/"].includes(path),
  unauthorized: { status: 401, body: "" },
};
