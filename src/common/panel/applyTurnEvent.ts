import type { PanelAssistantMessage } from "./panelWire";
import type { PanelTurnEvent } from "./protocol";

/**
 * The answer as the user sees it after one more event. The host keeps its stored copy this way
 * and the panel its displayed copy, so the two cannot drift apart.
 */
export function applyTurnEvent<M extends PanelAssistantMessage>(m: M, e: PanelTurnEvent<M>): M {
  switch (e.type) {
    case "guidance":
      return { ...m, text: m.text + e.text, guidanceLength: m.guidanceLength + e.text.length };
    case "handoff": {
      // The shown guidance is everything so far; the engine's cut keeps its first `kept.length` characters.
      const kept = Math.min(e.kept.length, m.guidanceLength);
      return { ...m, text: m.text.slice(0, kept), guidanceLength: kept };
    }
    case "student":
      return { ...m, text: m.text + e.text };
    case "notice":
      return { ...m, notice: { reason: e.reason, message: e.message } };
    case "note":
      return { ...m, notes: [...(m.notes ?? []), { reason: e.reason, message: e.message }] };
    case "error":
      return { ...m, error: { reason: e.reason, message: e.message } };
    case "done":
      return e.message;
  }
}
