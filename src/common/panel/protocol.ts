// The one protocol between the extension host and the chat panel. Both sides import it; only
// types and constants live here. The host validates everything it receives (webviewMessageGuard).
import type { ConversationSummary } from "../history/chatHistory";
import type { PanelAssistantMessage, PanelAttachment, PanelConversation, PanelUserMessage } from "./panelWire";
import type { PanelStatus } from "../status/setupStatus";
import type { RecommendedModel } from "../status/recommendedModels";
import type { Mode } from "../conversation/mode";
import type { AnswerRating } from "../history/answerRating";
import type { TurnEvent } from "../turn/turnEvents";

/** Code attached to the next message; the text itself stays in the host. */
export interface ContextChip extends PanelAttachment {
  id: string;
}

/**
 * The turn's events the panel shows, as the engine emits them; `done` carries the final message
 * instead of the engine's answer and record: the stored one in the host, its panel form on the wire.
 */
export type PanelTurnEvent<M extends PanelAssistantMessage = PanelAssistantMessage> =
  | Extract<TurnEvent, { type: "guidance" | "handoff" | "student" | "notice" | "note" | "error" }>
  | { type: "done"; message: M };

export type HostMessage =
  | {
      type: "init";
      status: PanelStatus;
      conversations: ConversationSummary[];
      active: PanelConversation | null;
      /**
       * `active` was chosen in this session (New Chat, a reopen, a send): the page shows it. When
       * not (the window was reloaded), a rebuilt page reopens the conversation it showed before.
       */
      activeChosen: boolean;
      recommended: RecommendedModel[];
      chips: ContextChip[];
      maxContextChars: number;
    }
  | { type: "status"; status: PanelStatus }
  | { type: "conversations"; list: ConversationSummary[] }
  | { type: "open"; conversation: PanelConversation | null }
  | { type: "turn-start"; conversationId: string; user: PanelUserMessage; assistant: PanelAssistantMessage }
  | { type: "turn"; conversationId: string; messageId: string; event: PanelTurnEvent }
  | { type: "chips"; chips: ContextChip[] }
  | { type: "focus-input"; prefill?: string }
  /** A one-line problem with something the panel did not ask for (a task from the light bulb refused). */
  | { type: "problem"; message: string }
  /**
   * The one answer to each request, under its id: done (a `send`: taken, its turn starts), or
   * refused with the reason (a refused `send` takes nothing: its text and attachments stay).
   */
  | { type: "reply"; id: string; accepted: true }
  | { type: "reply"; id: string; refused: string }
  /** An answer's rating changed (`rating` absent: taken back). */
  | { type: "rated"; conversationId: string; messageId: string; rating?: AnswerRating };

/** What a button in a notice, the first-run screen or the header asks the host to do. */
export const PANEL_ACTIONS = [
  "set-key",
  "set-server-key",
  "choose-model",
  "choose-model-file",
  "switch-to-local",
  "switch-to-cloud",
  "retry",
  "open-settings",
  "attach-selection",
  "attach-file",
] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

/** What the panel can ask of the host, before the request's id is put on it. */
export type WebviewRequest =
  | { type: "ready" }
  | { type: "send"; text: string }
  | { type: "stop" }
  | { type: "set-mode"; mode: Mode }
  | { type: "new-chat" }
  | { type: "open-conversation"; conversationId: string }
  | { type: "delete-conversation"; conversationId: string }
  | { type: "action"; action: PanelAction }
  | { type: "download-model"; uri: string }
  | { type: "remove-chip"; chipId: string }
  | { type: "copy"; text: string }
  | { type: "insert"; text: string }
  /** Apply one code block of an answer to its file, as a diff the user accepts; `code` is the block as shown. */
  | { type: "apply"; conversationId: string; messageId: string; code: string }
  | { type: "show-request"; conversationId: string; messageId: string }
  /** Rates an answer up or down with an optional one-line reason; `value: null` takes the rating back. */
  | { type: "rate"; conversationId: string; messageId: string; value: "up" | "down" | null; reason?: string };

/** A request as it travels: every one carries the panel's own `id`, echoed in its one `reply`. */
export type WebviewMessage = WebviewRequest & { id: string };

/** Longest message text the panel may send; the host refuses longer ones with a problem message. */
export const MAX_MESSAGE_CHARS = 100_000;

