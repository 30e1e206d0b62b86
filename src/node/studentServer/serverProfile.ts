// Which engine a student server is and what it publishes of itself, found from the engines' own
// endpoints before anything is paid: llama.cpp's server answers GET /props, TGI GET /info, Ollama
// GET /api/version; vLLM and SGLang name themselves as the owner in GET /v1/models, which also
// gives their context (max_model_len). Nothing here writes a token, so nothing here is billed.
import { APIError, type OpenAI } from "openai";
import { StudentError } from "../../common/models/errors";
import { serverSnippet } from "../../common/util/inertText";
import { ENGINE_FACTS, type ServerEngine } from "./serverEngines";

export interface ServerProfile {
  engine: ServerEngine;
  /** Tokens it holds for prompt and answer together; `undefined` when it does not say. */
  contextTokens?: number;
  /** TGI: the most prompt tokens it takes, apart from the whole. */
  maxInputTokens?: number;
  /** The context is Ollama's default, which it does not publish, not a figure it gave. */
  contextAssumed?: boolean;
}

/** Ollama's context when neither the model nor the server sets one (OLLAMA_CONTEXT_LENGTH's default). */
export const OLLAMA_DEFAULT_CONTEXT = 4096;

type Answer = { ok: true; body: unknown } | { ok: false; error: unknown };

/** The server's root, where the engines keep their own endpoints: the base URL less its `/v1`. */
export function serverRoot(baseURL: string): string {
  return baseURL.replace(/\/+$/, "").replace(/\/v1$/, "");
}

/**
 * Finds the engine, checks that it serves `model` where it says, and reads its context. Throws a
 * `StudentError` for a model it does not serve; a server that cannot be reached, or wants a key,
 * throws the request's own error (the caller words it).
 */
export async function findServerProfile(client: OpenAI, baseURL: string, model: string, where: string): Promise<ServerProfile> {
  const base = baseURL.replace(/\/+$/, "");
  const root = serverRoot(baseURL);
  const [models, props, info, ollama] = await Promise.all([ask(client.get(`${base}/models`)), ask(client.get(`${root}/props`)), ask(client.get(`${root}/info`)), ask(client.get(`${root}/api/version`))]);
  const answers = [models, props, info, ollama];
  // Nothing answered at all: the server is away, or refuses everyone without a key.
  if (answers.every((a) => !a.ok && !(a.error instanceof APIError && a.error.status !== undefined))) throw (models as { error: unknown }).error;
  // A key refused on any of them (llama.cpp's --api-key leaves /v1/models open but not /props).
  const locked = answers.find((a) => !a.ok && a.error instanceof APIError && (a.error.status === 401 || a.error.status === 403));
  if (locked && !locked.ok) throw locked.error;

  const listed = models.ok ? modelCards(models.body) : [];
  if (props.ok && isObject(props.body) && isObject(props.body.default_generation_settings)) {
    return { engine: "llamacpp", ...known(numberIn(props.body.default_generation_settings, "n_ctx")) };
  }
  if (info.ok && isObject(info.body) && typeof info.body.max_total_tokens === "number") {
    return { engine: "tgi", ...known(info.body.max_total_tokens), ...(typeof info.body.max_input_tokens === "number" ? { maxInputTokens: info.body.max_input_tokens } : {}) };
  }
  if (ollama.ok && isObject(ollama.body) && typeof ollama.body.version === "string") return ollamaProfile(client, root, model, where);
  const owner = listed[0]?.owned_by;
  const engine: ServerEngine = owner === "vllm" ? "vllm" : owner === "sglang" ? "sglang" : "other";
  const card = listed.find((c) => c.id === model);
  if (ENGINE_FACTS[engine].checksModel && !card) {
    const names = listed.map((c) => `“${serverSnippet(c.id, 80)}”`).join(", ");
    throw new StudentError("server-refused", `${where} serves ${names || "no model"}, not “${serverSnippet(model, 80)}” (${ENGINE_FACTS[engine].name} answers only to the names its /v1/models lists). Set “headstart.student.serverModel” to one of them.`);
  }
  return { engine, ...known((card ?? listed[0])?.max_model_len) };
}

/** Ollama: the model must be pulled (POST /api/show answers 404 otherwise); its context is num_ctx, else the server's default. */
async function ollamaProfile(client: OpenAI, root: string, model: string, where: string): Promise<ServerProfile> {
  let shown: unknown;
  try {
    shown = await client.post(`${root}/api/show`, { body: { model } });
  } catch (e) {
    if (e instanceof APIError && e.status === 404) {
      throw new StudentError("server-refused", `${where} has no model “${serverSnippet(model, 80)}”${saidBy(e)}. Pull it there (ollama pull ${serverSnippet(model, 80)}), or set “headstart.student.serverModel” to one that \`ollama list\` shows.`);
    }
    throw e;
  }
  const parameters = isObject(shown) && typeof shown.parameters === "string" ? shown.parameters : "";
  const set = /(?:^|\n)\s*num_ctx\s+(\d+)/.exec(parameters);
  const info = isObject(shown) && isObject(shown.model_info) ? shown.model_info : {};
  const arch = info["general.architecture"];
  const trained = typeof arch === "string" ? numberIn(info, `${arch}.context_length`) : undefined;
  const wanted = set ? Number(set[1]) : OLLAMA_DEFAULT_CONTEXT;
  return { engine: "ollama", contextTokens: trained === undefined ? wanted : Math.min(wanted, trained), ...(set ? {} : { contextAssumed: true }) };
}

/** What the server said, as `: text`, inert and short (the SDK's error holds it, see serverFetch). */
export function saidBy(e: { error?: unknown }): string {
  const body = e.error;
  const message = isObject(body) && typeof body.message === "string" ? body.message : "";
  const text = serverSnippet(message, 200);
  return text ? ` (it said: “${text}”)` : "";
}

async function ask(request: Promise<unknown>): Promise<Answer> {
  try {
    return { ok: true, body: await request };
  } catch (error) {
    return { ok: false, error };
  }
}

function modelCards(body: unknown): { id: string; owned_by?: unknown; max_model_len?: unknown }[] {
  const data = isObject(body) && Array.isArray(body.data) ? body.data : [];
  return data.filter((c): c is { id: string } => isObject(c) && typeof c.id === "string");
}

function known(tokens: unknown): Pick<ServerProfile, "contextTokens"> {
  return typeof tokens === "number" && Number.isFinite(tokens) && tokens > 0 ? { contextTokens: tokens } : {};
}

function numberIn(o: unknown, key: string): number | undefined {
  const v = isObject(o) ? o[key] : undefined;
  return typeof v === "number" ? v : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
