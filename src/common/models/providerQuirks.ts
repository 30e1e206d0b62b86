import { isLoopbackUrl } from "../util/loopbackUrl";

/** Request parameters some providers refuse by name; each can be left out and the request sent again. */
export const REFUSABLE_PARAMETERS = ["stream_options", "max_completion_tokens", "reasoning_effort", "prompt_cache_key"] as const;
export type RefusableParameter = (typeof REFUSABLE_PARAMETERS)[number];

/** How to write requests for one provider and model: known from its base URL, then learned from its answers. */
export interface ProviderQuirks {
  /** The field that carries the token cap. */
  maxTokensField: "max_completion_tokens" | "max_tokens";
  /** Parameters not to send. */
  omit: RefusableParameter[];
}

/** What a teacher's note under an answer is about. */
export type TeacherNoteReason = "parameter-refused" | "cap-ignored";

/** Something a provider's answer taught, said once to the user and remembered. */
export type LearnedQuirk = { kind: "refused"; parameter: RefusableParameter } | { kind: "cap-ignored"; field: ProviderQuirks["maxTokensField"] };

const OPENAI_STYLE: ProviderQuirks = { maxTokensField: "max_completion_tokens", omit: [] };
/** Servers that know only the older `max_tokens`, and no `reasoning_effort`. */
const MAX_TOKENS_ONLY: ProviderQuirks = { maxTokensField: "max_tokens", omit: ["reasoning_effort"] };

/**
 * Defaults by base URL, from the providers' documentation: who accepts `max_completion_tokens`
 * and `reasoning_effort`, and who refuses unknown fields (Mistral answers 422). Anything not
 * listed starts OpenAI-style and learns from its refusals.
 *
 * `promptCacheKey` marks who is sent `prompt_cache_key`: OpenAI, which routes requests with the
 * same key to the machine that holds their prefix, and OpenRouter, which forwards it. Nobody else
 * gets it, unknown servers included: elsewhere it buys nothing (DeepSeek, Gemini and local servers
 * cache by prefix alone), while a strict server refuses it (Azure's 400, Mistral's 422), and one
 * that refuses without naming it would fail every turn.
 */
const KNOWN: readonly { name: string; host: RegExp; quirks: ProviderQuirks; promptCacheKey?: true }[] = [
  { name: "OpenAI", host: /(^|\.)api\.openai\.com$/, quirks: OPENAI_STYLE, promptCacheKey: true },
  { name: "Azure OpenAI", host: /\.(openai\.azure\.com|cognitiveservices\.azure\.com)$/, quirks: OPENAI_STYLE },
  { name: "OpenRouter", host: /(^|\.)openrouter\.ai$/, quirks: OPENAI_STYLE, promptCacheKey: true },
  { name: "Groq", host: /(^|\.)api\.groq\.com$/, quirks: OPENAI_STYLE },
  { name: "Gemini", host: /(^|\.)generativelanguage\.googleapis\.com$/, quirks: { maxTokensField: "max_tokens", omit: [] } },
  { name: "DeepSeek", host: /(^|\.)api\.deepseek\.com$/, quirks: MAX_TOKENS_ONLY },
  { name: "Mistral", host: /(^|\.)api\.mistral\.ai$/, quirks: { maxTokensField: "max_tokens", omit: ["stream_options", "reasoning_effort"] } },
  { name: "Together", host: /(^|\.)api\.together\.(xyz|ai)$/, quirks: MAX_TOKENS_ONLY },
  { name: "Fireworks", host: /(^|\.)api\.fireworks\.ai$/, quirks: MAX_TOKENS_ONLY },
];

/** Local servers by their usual port: Ollama's `/v1` ignores `max_completion_tokens`. */
const LOCAL_PORTS: Readonly<Record<string, string>> = { "11434": "Ollama", "1234": "LM Studio", "8080": "llama.cpp server", "8000": "vLLM" };

/**
 * The provider a base URL belongs to, how to write requests for it until it teaches otherwise,
 * and whether it takes `prompt_cache_key` (see `KNOWN`).
 */
export function knownProvider(baseUrl: string): { name: string; quirks: ProviderQuirks; promptCacheKey: boolean } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { name: "unknown provider", quirks: OPENAI_STYLE, promptCacheKey: false };
  }
  const found = KNOWN.find((k) => k.host.test(url.hostname));
  if (found) return { name: found.name, quirks: found.quirks, promptCacheKey: found.promptCacheKey === true };
  if (isLoopbackUrl(baseUrl)) {
    const name = LOCAL_PORTS[url.port];
    // vLLM knows both fields; the others are safest with the one every local server reads.
    return { name: name ?? "local server", quirks: name === "vLLM" ? OPENAI_STYLE : MAX_TOKENS_ONLY, promptCacheKey: false };
  }
  return { name: url.hostname, quirks: OPENAI_STYLE, promptCacheKey: false };
}

/** Where what was learned about a provider is kept: per base URL and model. */
export const quirksKey = (baseUrl: string, model: string): string => `${baseUrl.trim().replace(/\/+$/, "").toLowerCase()}|${model}`;

/** The quirks after a provider taught one more: a refused parameter is left out, a refused cap field swapped. */
export function learn(quirks: ProviderQuirks, learned: LearnedQuirk): ProviderQuirks {
  if (learned.kind === "cap-ignored" || learned.parameter === "max_completion_tokens") {
    return { ...quirks, maxTokensField: "max_tokens" };
  }
  return quirks.omit.includes(learned.parameter) ? quirks : { ...quirks, omit: [...quirks.omit, learned.parameter] };
}

/** Checks stored quirks before use: a damaged store starts from the known defaults. */
export function isProviderQuirks(v: unknown): v is ProviderQuirks {
  if (typeof v !== "object" || v === null) return false;
  const q = v as Record<string, unknown>;
  return (
    (q.maxTokensField === "max_completion_tokens" || q.maxTokensField === "max_tokens") &&
    Array.isArray(q.omit) &&
    q.omit.every((p) => (REFUSABLE_PARAMETERS as readonly unknown[]).includes(p))
  );
}

/** The note that tells the user, once, what Headstart changed for this provider and why. */
export function learnedNote(learned: LearnedQuirk): { reason: TeacherNoteReason; message: string } {
  if (learned.kind === "cap-ignored") {
    return {
      reason: "cap-ignored",
      message:
        `The teacher's server ignored the token cap (${learned.field}), so Headstart stopped reading at the cap and counted what arrived. ` +
        (learned.field === "max_completion_tokens" ? "It will send max_tokens from now on; “headstart.teacher.maxTokensField” sets it." : "Check that the server honours max_tokens."),
    };
  }
  return {
    reason: "parameter-refused",
    message: `The teacher's server refused “${learned.parameter}”, so Headstart asked again without it, and will not send it to this server and model again.`,
  };
}

/** What providers taught, by `quirksKey`: plain data in and out, so any host can persist it. */
export class ProviderQuirkBook {
  private readonly learned = new Map<string, ProviderQuirks>();

  constructor(data?: unknown) {
    if (typeof data !== "object" || data === null) return;
    for (const [key, quirks] of Object.entries(data)) if (isProviderQuirks(quirks)) this.learned.set(key, quirks);
  }

  /** How to write requests for this provider and model: what it taught, else what its URL says. */
  quirksFor(baseUrl: string, model: string): ProviderQuirks {
    return this.learned.get(quirksKey(baseUrl, model)) ?? knownProvider(baseUrl).quirks;
  }

  remember(baseUrl: string, model: string, quirks: ProviderQuirks): void {
    this.learned.set(quirksKey(baseUrl, model), quirks);
  }

  toJSON(): Record<string, ProviderQuirks> {
    return Object.fromEntries(this.learned);
  }
}
