import type { StoredAssistantMessage } from "../history/chatHistory";
import type { PanelTurnEvent } from "./protocol";
import type { TurnEvent } from "../turn/turnEvents";

/**
 * What the panel is shown of one of a turn's events, given the answer so far; `undefined` for an
 * event it is not shown (the start, the charge, the requests sent). `stopped`: the user pressed
 * Stop, after which text the models had still in flight is not shown, nor kept: the answer is
 * what the user saw when they pressed it.
 */
export function panelTurnEvent(event: TurnEvent, assistant: StoredAssistantMessage, stopped: boolean): PanelTurnEvent<StoredAssistantMessage> | undefined {
  switch (event.type) {
    // The panel offers the teacher no tools, so no tool is called.
    case "start":
    case "teacher-charged":
    case "tool-call":
    case "teacher-request":
    case "student-request":
      return undefined;
    case "guidance":
    case "student":
    case "handoff":
      return stopped ? undefined : event;
    case "done": {
      const record = event.record;
      const { streaming: _streaming, ...rest } = assistant;
      const shown = stopped ? { text: assistant.text, guidanceLength: assistant.guidanceLength } : {};
      return { type: "done", message: { ...rest, ...event.answer, ...shown, record, plan: record.plan, ...(event.answer.partial ? { partial: true } : {}) } };
    }
    default:
      return event;
  }
}
