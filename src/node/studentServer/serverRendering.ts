// What a student server makes of a conversation, asked of the server itself where it says: the
// prompt its chat template renders (to see that an opening is continued, not closed and followed by
// a new reply) and its length in the server's own tokens (to know it fits before anyone is paid).
// vLLM: POST /tokenize with the messages, POST /detokenize; TGI: POST /chat_tokenize; llama.cpp's
// server: POST /apply-template, POST /tokenize; Ollama: POST /api/chat with `_debug_render_only`;
// SGLang's /v1/tokenize takes text only. None of these writes a token.
import { APIError, type OpenAI } from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ServerEngine } from "./serverEngines";
import { serverRoot } from "./serverProfile";

export interface ServerAsk {
  client: OpenAI;
  baseURL: string;
  model: string;
  engine: ServerEngine;
}

/** Template tokens around each message, at most, where only the messages' text can be counted. */
export const FRAMING_TOKENS_PER_MESSAGE = 16;

/**
 * The prompt the server renders for `messages` with the body's `fields` (the continuation's and
 * the thinking switch), as text; `undefined` where the engine has no way to say.
 */
export async function renderedPrompt(ask: ServerAsk, messages: ChatCompletionMessageParam[], fields: Record<string, unknown>): Promise<string | undefined> {
  return unlessMissing(render(ask, messages, fields));
}

async function render(ask: ServerAsk, messages: ChatCompletionMessageParam[], fields: Record<string, unknown>): Promise<string | undefined> {
  const root = serverRoot(ask.baseURL);
  const kwargs = "chat_template_kwargs" in fields ? { chat_template_kwargs: fields.chat_template_kwargs } : {};
  switch (ask.engine) {
    case "vllm": {
      const tokens = await vllmTokens(ask, messages, fields);
      const text = await ask.client.post(`${root}/detokenize`, { body: { model: ask.model, tokens } });
      return stringIn(text, "prompt");
    }
    case "tgi":
      return stringIn(await ask.client.post(`${root}/chat_tokenize`, { body: { model: ask.model, messages } }), "templated_text");
    case "llamacpp":
      return stringIn(await ask.client.post(`${root}/apply-template`, { body: { messages, ...kwargs } }), "prompt");
    case "ollama": {
      // A build from before the flag ignores it and answers: one token, then.
      const shown = await ask.client.post(`${root}/api/chat`, { body: { model: ask.model, messages, stream: false, _debug_render_only: true, options: { num_predict: 1 } } });
      return stringIn(isObject(shown) ? shown._debug_info : undefined, "rendered_template");
    }
    default:
      return undefined;
  }
}

/**
 * The prompt's length in the server's tokens, counted by the server; `undefined` where it cannot
 * count (Ollama, an unknown server). SGLang counts the messages' text only: its framing is added.
 */
export async function serverPromptTokens(ask: ServerAsk, messages: ChatCompletionMessageParam[], fields: Record<string, unknown>): Promise<number | undefined> {
  return unlessMissing(count(ask, messages, fields));
}

async function count(ask: ServerAsk, messages: ChatCompletionMessageParam[], fields: Record<string, unknown>): Promise<number | undefined> {
  const root = serverRoot(ask.baseURL);
  switch (ask.engine) {
    case "vllm":
      return (await vllmTokens(ask, messages, fields)).length;
    case "tgi": {
      const r = await ask.client.post(`${root}/chat_tokenize`, { body: { model: ask.model, messages } });
      return isObject(r) && Array.isArray(r.tokenize_response) ? r.tokenize_response.length : undefined;
    }
    case "llamacpp": {
      const prompt = await renderedPrompt(ask, messages, fields);
      if (prompt === undefined) return undefined;
      const r = await ask.client.post(`${root}/tokenize`, { body: { content: prompt } });
      return isObject(r) && Array.isArray(r.tokens) ? r.tokens.length : undefined;
    }
    case "sglang": {
      const text = messages.map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");
      const r = await ask.client.post(`${ask.baseURL.replace(/\/+$/, "")}/tokenize`, { body: { model: ask.model, prompt: text } });
      return isObject(r) && typeof r.count === "number" ? r.count + FRAMING_TOKENS_PER_MESSAGE * (messages.length + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** vLLM's POST /tokenize with the chat's messages: the token ids of the prompt its template renders. */
async function vllmTokens(ask: ServerAsk, messages: ChatCompletionMessageParam[], fields: Record<string, unknown>): Promise<number[]> {
  const r = await ask.client.post(`${serverRoot(ask.baseURL)}/tokenize`, { body: { model: ask.model, messages, ...fields } });
  return isObject(r) && Array.isArray(r.tokens) ? r.tokens.filter((t): t is number => typeof t === "number") : [];
}

/**
 * `undefined` where the endpoint is not there (an older build): the server cannot say, which is no
 * reason to refuse the answer. The model was checked before these are asked, so a 404 is the path's.
 */
async function unlessMissing<T>(asked: Promise<T | undefined>): Promise<T | undefined> {
  try {
    return await asked;
  } catch (e) {
    if (e instanceof APIError && (e.status === 404 || e.status === 405 || e.status === 501)) return undefined;
    throw e;
  }
}

function stringIn(o: unknown, key: string): string | undefined {
  const v = isObject(o) ? o[key] : undefined;
  return typeof v === "string" ? v : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
