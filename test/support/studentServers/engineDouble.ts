// TEST CODE: what each engine double of the test student server (../testStudentServer.ts) must
// say: how it reads a chat request (what the model is asked to continue, or the refusal the real
// engine sends), its own endpoints, and its error bodies. Each double cites the engine's source.
import type { PromptMessage } from "../../../src/common/conversation/conversation";

/** A reply: status and JSON body (a string body is sent as text). */
export interface Reply {
  status: number;
  body: unknown;
}

export interface ChatMessage {
  role: string;
  content: string;
}

/** A chat request as the engine reads it. */
export interface ChatRead {
  system: string;
  /** The history the model answers, ending with the user's message. */
  history: PromptMessage[];
  /** The text the model continues; empty when the engine starts a new reply instead. */
  continued: string;
  /** The prompt as the engine's template renders it (what its context and usage count). */
  rendered: string;
  /** Most tokens it may write: what was asked, or less where the engine shortens it to its context. */
  maxTokens: number;
}

/** What the engine was started with, as the tests set it. */
export interface DoubleSettings {
  /** The model name it serves. */
  served: string;
  /** Tokens for prompt and answer together (vLLM's max_model_len, llama.cpp's n_ctx, ...). */
  context: number;
  /** TGI: most prompt tokens (--max-input-tokens). Defaults to the context less one. */
  maxInput?: number;
  /** llama.cpp: started with --no-prefill-assistant. */
  noPrefill?: boolean;
  /** The model's chat template thinks unless told not to (Qwen3's does). */
  thinking?: boolean;
  /** llama.cpp: a build that takes no chat_template_kwargs from the request (only from its command line). */
  ignoresRequestKwargs?: boolean;
  /** Ollama: the model's template closes every message, the last one too (template/chatml.gotmpl). */
  closesLast?: boolean;
  /** Ollama: num_ctx is set in the model's parameters (else Ollama's default is used, unpublished). */
  numCtxSet?: boolean;
}

/** The server's tools a double uses: the real model's tokenizer, in the engine's terms. */
export interface DoubleKit {
  settings: DoubleSettings;
  /** Tokens of a rendered prompt (a template marker counts as one, as a special token does). */
  count(text: string): number;
  /** Token ids for a rendered prompt, and the text they stand for (see testStudentServer). */
  tokenize(text: string): number[];
  detokenize(ids: number[]): string;
}

export interface EngineDouble {
  /** GET /v1/models. */
  models(kit: DoubleKit): unknown;
  /** The engine's own endpoints; `undefined`: not one of them (the engine's 404). */
  route(method: string, path: string, body: Record<string, unknown>, kit: DoubleKit): Reply | undefined;
  /** A chat completion request as the engine reads it, or the refusal it sends. */
  chat(body: Record<string, unknown>, kit: DoubleKit): ChatRead | Reply;
  /** Its 404 for a path it does not serve. */
  notFound: Reply;
  /** Paths its --api-key guards. */
  guards(path: string): boolean;
  /** Its 401. */
  unauthorized: Reply;
}

/** The system line, the history and the trailing assistant message of a request's messages. */
export function splitMessages(messages: ChatMessage[]): { system: string; history: PromptMessage[]; trailing: string | undefined } {
  const all = messages.map((m) => ({ role: m.role, content: typeof m.content === "string" ? m.content : "" }));
  const system = all[0]?.role === "system" ? all.shift()!.content : "";
  const last = all.at(-1);
  const trailing = last?.role === "assistant" ? last.content : undefined;
  return { system, history: (trailing === undefined ? all : all.slice(0, -1)) as PromptMessage[], trailing };
}

export function messagesOf(body: Record<string, unknown>): ChatMessage[] {
  return Array.isArray(body.messages) ? (body.messages as ChatMessage[]) : [];
}

export function maxTokensOf(body: Record<string, unknown>, fallback: number): number {
  return typeof body.max_tokens === "number" ? body.max_tokens : fallback;
}
