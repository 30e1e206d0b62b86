import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  OpenAIError,
} from "openai";
import { TeacherError } from "../../common/models/errors";
import { REFUSABLE_PARAMETERS, type RefusableParameter } from "../../common/models/providerQuirks";
import type { TeacherUsage } from "../../common/models/teacher";
import { serverSnippet } from "../../common/util/inertText";

/** What the adapter knows about the failed request, beyond the error itself. */
export interface TeacherErrorContext {
  /** The idle timeout in force, quoted in the `timeout` message. */
  timeoutMs: number;
  /** Removed from any provider text we quote: some servers echo what they were sent. */
  apiKey?: string;
  /** The provider's request id from the response headers, for errors raised while streaming. */
  requestId?: string;
  /** The base URL asked, to suggest the usual `/v1` when a 404 says there is nothing there. */
  baseURL?: string;
}

const SET_KEY = "Run “Headstart: Set Teacher API Key”.";
const CHECK_ENDPOINT = "Check the teacher model name and base URL.";

/**
 * Maps anything the SDK or the stream threw to the few reasons the panel shows a person. Branches
 * on the SDK's error classes and HTTP status only, never on message text. The adapter aborts its
 * own request only when its idle timer fires (a user's abort returns before reaching here), so an
 * `APIUserAbortError` means a timeout.
 */
export function toTeacherError(error: unknown, context: TeacherErrorContext): TeacherError {
  if (error instanceof TeacherError) return error;
  const requestId = (error instanceof APIError && error.requestID) || context.requestId;
  const details = { ...(requestId ? { requestId } : {}) };

  if (error instanceof APIConnectionTimeoutError || error instanceof APIUserAbortError) {
    const seconds = Math.round(context.timeoutMs / 100) / 10;
    return new TeacherError(
      "timeout",
      `The teacher did not respond within ${seconds} s. Try again, or raise “headstart.teacher.timeoutSeconds”.`,
      details,
    );
  }
  // Raised before any response arrived: refused, reset, DNS, TLS.
  if (error instanceof APIConnectionError) {
    return new TeacherError(
      "unavailable",
      "Could not reach the teacher. Check your network and the teacher base URL.",
      details,
    );
  }
  if (isApiError(error)) {
    const status = error.status;
    return fromStatus(error, status, { ...details, ...(status ? { status } : {}) }, context);
  }
  if (error instanceof SyntaxError) {
    return new TeacherError("bad-response", `The teacher sent a reply that is not valid JSON. ${CHECK_ENDPOINT}`, details);
  }
  if (error instanceof OpenAIError) {
    return new TeacherError("bad-response", `The teacher sent a reply Headstart cannot read. ${CHECK_ENDPOINT}`, details);
  }
  // Anything else comes from reading the body after the response began: the socket closed or
  // reset mid-stream (undici reports this as a TypeError whose cause is the socket error).
  return new TeacherError("unavailable", "The connection to the teacher broke mid-answer. Try again.", details);
}

function fromStatus(
  error: APIError,
  status: number | undefined,
  details: { status?: number; requestId?: string },
  context: TeacherErrorContext,
): TeacherError {
  const said = providerText(error, context.apiKey);
  if (status === undefined) {
    // An `error` event inside a 200 stream: the provider failed part-way (OpenRouter does this).
    return new TeacherError("unavailable", `The teacher failed mid-answer${said}. Try again.`, details);
  }
  if (status === 401) {
    return new TeacherError("auth", `The teacher rejected the API key (401). ${SET_KEY}`, details);
  }
  if (status === 403) {
    return new TeacherError(
      "auth",
      `The teacher refused this key access to the model (403). Check the key's permissions, or ${lowerFirst(SET_KEY)}`,
      details,
    );
  }
  if (status === 429) {
    return new TeacherError(
      "rate-limited",
      "The teacher is rate-limiting requests (429). Wait a minute, or check the plan and credit on your provider account.",
      details,
    );
  }
  if (status === 408) {
    return new TeacherError("timeout", "The teacher's server timed out the request (408). Try again.", details);
  }
  if (status >= 500) {
    return new TeacherError(
      "unavailable",
      `The teacher's server failed (${status}). Try again shortly, or check the provider's status page.`,
      details,
    );
  }
  if (status === 404 && context.baseURL !== undefined && !/\/v\d+\w*\/*$/.test(context.baseURL)) {
    const suggested = `${context.baseURL.replace(/\/+$/, "")}/v1`;
    return new TeacherError("bad-response", `The teacher's server has nothing at this address (404${said}). Most servers want the base URL to end in /v1: try ${suggested}.`, details);
  }
  const refused = status === 400 || status === 422 ? namedParameter(error, REFUSABLE_PARAMETERS) : undefined;
  if (refused !== undefined) {
    return new TeacherError(
      "bad-response",
      `The teacher's server refused the parameter “${refused}” (${status}${said}). ${PARAMETER_SETTING[refused]}`,
      details,
    );
  }
  return new TeacherError("bad-response", `The teacher rejected the request (${status}${said}). ${CHECK_ENDPOINT}`, details);
}

/** Where the user turns each refusable parameter off, when leaving it out once did not help. */
const PARAMETER_SETTING: Record<RefusableParameter, string> = {
  stream_options: "Turn off “headstart.teacher.includeUsage”.",
  max_completion_tokens: "Set “headstart.teacher.maxTokensField” to max_tokens.",
  reasoning_effort: "Set “headstart.teacher.reasoningEffort” to omit.",
  // Not a setting: a refusal met first is learned, so the next request leaves it out.
  prompt_cache_key: "Ask again: Headstart will leave it out.",
};

/**
 * The parameter of `body` a 400 or 422 refused by name, if any: from the error's `param` field,
 * else from the provider's own error body (Mistral lists it in `loc`, others in the message).
 * Only parameters we sent and can leave out count.
 */
export function refusedParameter(error: unknown, body: object): RefusableParameter | undefined {
  if (!isApiError(error) || (error.status !== 400 && error.status !== 422)) return undefined;
  const sent = REFUSABLE_PARAMETERS.filter((p) => p in body);
  return namedParameter(error, sent);
}

function namedParameter(error: APIError, candidates: readonly RefusableParameter[]): RefusableParameter | undefined {
  const param = error.param;
  const byField = candidates.find((p) => p === param);
  if (byField !== undefined) return byField;
  const said = JSON.stringify(error.error ?? "");
  return candidates.find((p) => new RegExp(`\\b${p}\\b`).test(said));
}

/**
 * The provider's own explanation (often the useful part of a 400, e.g. an unsupported parameter),
 * as `: text`, on one line, shortened, with the key removed. Never used for 401/403, whose text can
 * quote a masked key.
 */
function providerText(error: APIError, apiKey: string | undefined): string {
  const body: unknown = error.error;
  const raw = isRecord(body) ? body["message"] : undefined;
  // Mistral's message is an object (`{ detail: [{ loc, msg }] }`): its text is still the useful part.
  const message = typeof raw === "string" ? raw : raw !== undefined ? JSON.stringify(raw) : "";
  // Its own closing punctuation goes: ours follows ("Sorry about that!. Try again." reads badly).
  let text = message.replace(/\s+/g, " ").trim().replace(/[.!?]+$/, "");
  if (apiKey) text = text.split(apiKey).join("***");
  // Inert wherever it is shown: a server's words are never a link or a command.
  text = serverSnippet(text, 200);
  return text ? `: ${text}` : "";
}

/** `instanceof` narrows to `APIError<any, any, any>`; this keeps the declared field types. */
function isApiError(error: unknown): error is APIError {
  return error instanceof APIError;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Failures the adapter detects itself rather than catches. */
export type DetectedFailure = "no-key" | "no-text" | "reasoning-only" | "not-a-stream";

/** The `TeacherError` for a failure the adapter detected, so every message lives in this file. */
export function detectedFailure(kind: DetectedFailure, requestId?: string, usage?: TeacherUsage): TeacherError {
  const details = requestId ? { requestId } : {};
  switch (kind) {
    case "no-key":
      return new TeacherError("no-key", `No teacher API key is set. ${SET_KEY}`);
    case "no-text":
      return new TeacherError("empty-guidance", "The teacher returned no text. Try again, or choose another teacher model.", details, usage);
    case "reasoning-only":
      return new TeacherError(
        "empty-guidance",
        "The teacher spent its budget on hidden reasoning and wrote no text. Choose a non-reasoning model, or raise the guidance budget.",
        details,
        usage,
      );
    case "not-a-stream":
      return new TeacherError(
        "bad-response",
        `The teacher's reply was not a chat completion stream. ${CHECK_ENDPOINT}`,
        details,
        usage,
      );
  }
}
