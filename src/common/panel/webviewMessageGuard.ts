import { isMode } from "../conversation/mode";
import { MAX_MESSAGE_CHARS, PANEL_ACTIONS, type WebviewMessage } from "./protocol";
import { MAX_RATING_REASON_CHARS } from "../history/answerRating";

const MAX_ID_CHARS = 200;
const MAX_URI_CHARS = 2000;

type Check = (m: Record<string, unknown>) => boolean;
const str =
  (key: string, max: number): Check =>
  (m) =>
    typeof m[key] === "string" && (m[key]).length <= max;
const id = (key: string): Check => str(key, MAX_ID_CHARS);

/** Each message type and what its fields must be besides its request id; anything else is refused. */
const CHECKS: Record<WebviewMessage["type"], Check[]> = {
  ready: [],
  send: [str("text", MAX_MESSAGE_CHARS)],
  stop: [],
  "set-mode": [(m) => isMode(m.mode)],
  "new-chat": [],
  "open-conversation": [id("conversationId")],
  "delete-conversation": [id("conversationId")],
  action: [(m) => (PANEL_ACTIONS as readonly unknown[]).includes(m.action)],
  "download-model": [str("uri", MAX_URI_CHARS), (m) => /^(hf:|https:\/\/)/.test(m.uri as string)],
  "remove-chip": [id("chipId")],
  copy: [str("text", MAX_MESSAGE_CHARS)],
  insert: [str("text", MAX_MESSAGE_CHARS)],
  apply: [id("conversationId"), id("messageId"), str("code", MAX_MESSAGE_CHARS)],
  "show-request": [id("conversationId"), id("messageId")],
  rate: [id("conversationId"), id("messageId"), (m) => m.value === "up" || m.value === "down" || m.value === null, (m) => m.reason === undefined || str("reason", MAX_RATING_REASON_CHARS)(m)],
};

/** What the host makes of a message from the panel. */
export type ReadMessage =
  | { message: WebviewMessage }
  /** A request refused as it came: the panel is told why, under its id (a `send` gives the text back). */
  | { refused: { id: string; reason: string } }
  /** Not a request of the protocol, with no id to answer under: logged and dropped. */
  | { malformed: true };

/** Why a request the host does not understand is refused. */
export const NOT_UNDERSTOOD = "The panel asked for something this version of Headstart does not understand. Reload the window.";

/**
 * Accepts a message from the panel only when it has exactly the shape the protocol says. The
 * panel renders model output, so the host treats whatever it sends as untrusted. Whatever has an
 * id is answered under it: a `send` whose text the host cannot take is refused by reply, so the
 * user's words are not lost, and any other misshapen request is refused too.
 */
export function readWebviewMessage(raw: unknown): ReadMessage {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { malformed: true };
  const m = raw as Record<string, unknown>;
  if (!id("id")(m)) return { malformed: true };
  const requestId = m.id as string;
  if (typeof m.type !== "string" || !Object.hasOwn(CHECKS, m.type)) return { refused: { id: requestId, reason: NOT_UNDERSTOOD } };
  const checks = CHECKS[m.type as WebviewMessage["type"]];
  if (checks.every((check) => check(m))) return { message: m as unknown as WebviewMessage };
  if (m.type === "send" && typeof m.text === "string" && m.text.length > MAX_MESSAGE_CHARS) return { refused: { id: requestId, reason: tooLong(m.text.length) } };
  return { refused: { id: requestId, reason: NOT_UNDERSTOOD } };
}

/** Why a message of `chars` characters is refused. */
export const tooLong = (chars: number): string =>
  `The message is ${chars.toLocaleString("en-US")} characters; the limit is ${MAX_MESSAGE_CHARS.toLocaleString("en-US")}. Shorten it or attach less.`;
