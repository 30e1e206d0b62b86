import type { Mode } from "../../conversation/mode";
import type { AutoDecision, TurnPlan } from "../turnPlan";

/**
 * The plan of a turn in `mode`; auto mode asks for an opening until its probe (`auto`) says
 * otherwise. A new mode is one case here. Only the decide phase asks it: everything else reads
 * the plan a turn made (its `start` event, its record, the stored answer).
 */
export function planTurn(mode: Mode, auto?: AutoDecision): TurnPlan {
  switch (mode) {
    case "guided":
      return { teacher: "opening", student: true };
    case "auto":
      return { teacher: auto?.asked === false ? "none" : "opening", student: true };
    case "local":
      return { teacher: "none", student: true };
    case "cloud":
      return { teacher: "answer", student: false };
  }
}
