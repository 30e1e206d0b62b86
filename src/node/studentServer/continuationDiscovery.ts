// How a student server continues an opening, found before the teacher is paid for one: the server
// answers (with the key it is sent), it serves the model named, and it continues an opening rather
// than closing it and starting a new reply (asked of the server where it can say). What is found is
// kept in a `FoundServers`, per server, model and way, for as long as whoever composes the students
// keeps it; a continuation that fails forgets it.
import { APIError } from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { StudentError } from "../../common/models/errors";
import { continuationFields, ENGINE_FACTS, type ContinuationWay } from "./serverEngines";
import { findServerProfile, saidBy, type ServerProfile } from "./serverProfile";
import { renderedPrompt, type ServerAsk } from "./serverRendering";

/** A server as found: its engine, what it publishes, and the way it continues an opening. */
export interface FoundServer extends ServerProfile {
  way: ContinuationWay;
}

/** The check's conversation: its opening is what the server must be seen to continue. */
export const PROBE_OPENING = "one, two, three,";
export const PROBE_MESSAGES: ChatCompletionMessageParam[] = [
  { role: "system", content: "Continue the list." },
  { role: "user", content: "Count from one to ten in words." },
  { role: "assistant", content: PROBE_OPENING },
];

export interface ServerCheck {
  ask: Omit<ServerAsk, "engine">;
  /** "The student server (URL, model M)", for messages. */
  where: string;
  continuation: ContinuationWay | "auto";
  /**
   * Sends the chat request itself with one token to write (billed like any other): the server
   * takes the request as it will be sent, key, model and fields.
   */
  sendOne(messages: ChatCompletionMessageParam[], fields: Record<string, unknown>): Promise<void>;
}

/**
 * The servers found so far, by key (server, model and way). One is made by whoever composes the
 * students and handed to each, so that a student made again (a new key, say) finds its server known.
 */
export class FoundServers {
  readonly #found = new Map<string, FoundServer>();

  known(key: string): FoundServer | undefined {
    return this.#found.get(key);
  }

  /** Forgets what was found, so the next answer's check asks again (a server restarted since, say). */
  forget(key: string): void {
    this.#found.delete(key);
  }

  /** The server as found before, or found now; throws a `StudentError`, or the request's error for the caller to word. */
  async find(key: string, check: ServerCheck): Promise<FoundServer> {
    const known = this.#found.get(key);
    if (known) return known;
    const profile = await findServerProfile(check.ask.client, check.ask.baseURL, check.ask.model, check.where);
    const facts = ENGINE_FACTS[profile.engine];
    let way = check.continuation === "auto" ? facts.way : check.continuation;
    if (way !== undefined) {
      await seeItContinue({ ...profile, way }, check);
      await check.sendOne(PROBE_MESSAGES, continuationFields(profile.engine, way, true));
    } else {
      way = await findWayByAsking(check);
    }
    const server: FoundServer = { ...profile, way };
    this.#found.set(key, server);
    return server;
  }
}

/**
 * A server that says nothing of itself (`other`): asked with `continue_final_message` first; one
 * that refuses the field (a 400 or 422) must take a trailing assistant message instead.
 */
async function findWayByAsking(check: ServerCheck): Promise<ContinuationWay> {
  try {
    await check.sendOne(PROBE_MESSAGES, continuationFields("other", "continue-final-message", true));
    return "continue-final-message";
  } catch (e) {
    if (!(e instanceof APIError && (e.status === 400 || e.status === 422))) throw e;
    await check.sendOne(PROBE_MESSAGES, {});
    return "trailing-assistant";
  }
}

/** Asks the server what it renders for the check's conversation: the prompt must end with the opening. */
async function seeItContinue(server: FoundServer, check: ServerCheck): Promise<void> {
  const { engine, way } = server;
  const facts = ENGINE_FACTS[engine];
  // vLLM and SGLang continue only when told: a trailing message alone is closed (vLLM) or read as the user's (SGLang).
  if (facts.way === "continue-final-message" && way !== facts.way) {
    const instead = engine === "sglang" ? "reads a trailing assistant message as the user's" : "closes a trailing assistant message and starts a new reply";
    throw cannot(`${check.where} is set to continue by a trailing assistant message (“headstart.student.serverContinuation”), but ${facts.name} ${instead}; it continues an opening only with continue_final_message. Set “headstart.student.serverContinuation” to auto.`);
  }
  const ask = { ...check.ask, engine };
  const fields = continuationFields(engine, way, true);
  let rendered: string | undefined;
  try {
    rendered = await renderedPrompt(ask, PROBE_MESSAGES, fields);
  } catch (e) {
    if (!(engine === "llamacpp" && e instanceof APIError && e.status === 400)) throw e;
    // llama.cpp refuses a trailing assistant message only while its template thinks: the same
    // conversation without the opening is taken (or its own error is the one to say).
    await renderedPrompt(ask, PROBE_MESSAGES.slice(0, -1), fields);
    throw cannot(
      `${check.where} refuses to continue an opening while the model's chat template thinks${saidBy(e)}. Start llama-server with --reasoning-budget 0, or use a build that takes chat_template_kwargs from the request (Headstart sends enable_thinking: false).`,
    );
  }
  if (rendered === undefined || rendered.endsWith(PROBE_OPENING)) return;
  const why: Partial<Record<typeof engine, string>> = {
    vllm: "vLLM rendered the opening as a finished message followed by a new reply, though it was sent continue_final_message",
    tgi: "TGI did not find the opening in the prompt its chat template renders (it continues a last assistant message only when its text appears there unchanged), so it starts a new reply after it",
    llamacpp: "llama.cpp's server renders the opening as a finished message and starts a new reply after it, as it does when started with --no-prefill-assistant: start it without that flag",
    ollama: "Ollama's template for this model closes the last message and starts a new reply after it: use a model whose template leaves a last assistant message open",
  };
  throw cannot(`${check.where} would answer anew instead of continuing the opening: ${why[engine] ?? "its prompt does not end with the opening"}.`);
}

function cannot(message: string): StudentError {
  return new StudentError("server-cannot-continue", `${message} Until then, answer in local mode (the server alone) or cloud mode (the teacher alone).`);
}
