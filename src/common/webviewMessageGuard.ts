import { isMode } from "./mode";
import { MAX_MESSAGE_CHARS, PANEL_ACTIONS, type WebviewMessage } from "./protocol";

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
  send: [str("text", MAX_MESSAGE_CHARS)],
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
  "show-request": [id("conversationId"), id("messageId")],
};

/**
 * Accepts a message from the panel only when it has exactly the shape the protocol says. The
 * panel renders model output, so the host treats whatever it sends as untrusted.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  if (typeof m.type !== "string" || !Object.hasOwn(CHECKS, m.type)) return undefined;
  const checks = CHECKS[m.type as WebviewMessage["type"]];
  return checks.every((check) => check(m)) ? (m as unknown as WebviewMessage) : undefined;
}
