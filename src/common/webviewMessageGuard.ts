import { isMode } from "./mode";
import { MAX_MESSAGE_CHARS, PANEL_ACTIONS, type WebviewMessage } from "./protocol";
import { MAX_RATING_REASON_CHARS } from "./answerRating";

const MAX_ID_CHARS = 200;
const MAX_URI_CHARS = 2000;

type Check = (m: Record<string, unknown>) => boolean;
const str =
  (key: string, max: number): Check =>
  (m) =>
    typeof m[key] === "string" && (m[key]).length <= max;
const id = (key: string): Check => str(key, MAX_ID_CHARS);

/** Each message type and what its fields must be; anything else is refused. */
const CHECKS: Record<WebviewMessage["type"], Check[]> = {
  ready: [],
  send: [id("id"), str("text", MAX_MESSAGE_CHARS)],
  stop: [],
  "set-mode": [(m) => isMode(m.mode)],
  "new-chat": [],
  "open-conversation": [id("id")],
  "delete-conversation": [id("id")],
  action: [(m) => (PANEL_ACTIONS as readonly unknown[]).includes(m.action)],
  "download-model": [str("uri", MAX_URI_CHARS), (m) => /^(hf:|https:\/\/)/.test(m.uri as string)],
  "remove-chip": [id("id")],
  copy: [str("text", MAX_MESSAGE_CHARS)],
  insert: [str("text", MAX_MESSAGE_CHARS)],
  apply: [id("conversationId"), id("messageId"), str("code", MAX_MESSAGE_CHARS)],
  "show-request": [id("conversationId"), id("messageId")],
  rate: [id("conversationId"), id("messageId"), (m) => m.value === "up" || m.value === "down" || m.value === null, (m) => m.reason === undefined || str("reason", MAX_RATING_REASON_CHARS)(m)],
};

/** What the host makes of a message from the panel. */
export type ReadMessage =
  | { message: WebviewMessage }
  /** A `send` refused: the panel is told why, under its id, and gives the text back. */
  | { refused: { id: string; reason: string } }
  /** Not a message of the protocol: logged and dropped. */
  | { malformed: true };

/**
 * Accepts a message from the panel only when it has exactly the shape the protocol says. The
 * panel renders model output, so the host treats whatever it sends as untrusted. A `send` with
 * its id but a text it cannot take is refused by reply, so the user's words are not lost.
 */
export function readWebviewMessage(raw: unknown): ReadMessage {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { malformed: true };
  const m = raw as Record<string, unknown>;
  if (typeof m.type !== "string" || !Object.hasOwn(CHECKS, m.type)) return { malformed: true };
  const checks = CHECKS[m.type as WebviewMessage["type"]];
  if (checks.every((check) => check(m))) return { message: m as unknown as WebviewMessage };
  if (m.type === "send" && id("id")(m) && typeof m.text === "string") {
    return { refused: { id: m.id as string, reason: tooLong(m.text.length) } };
  }
  return { malformed: true };
}

/** Why a message of `chars` characters is refused. */
export const tooLong = (chars: number): string =>
  `The message is ${chars.toLocaleString("en-US")} characters; the limit is ${MAX_MESSAGE_CHARS.toLocaleString("en-US")}. Shorten it or attach less.`;
