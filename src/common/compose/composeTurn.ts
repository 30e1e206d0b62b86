// A turn as every face runs it: the engine's events, and the same journal entries for each charge
// and each end, whoever asked (the panel, the Chat view, a language-model caller, the terminal or
// the eval). The faces differ only in where the entries go.
import type { Conversation } from "../conversation/conversation";
import type { Mode } from "../conversation/mode";
import { runTurn } from "../turn/runTurn";
import type { TurnDeps, TurnOptions } from "../turn/turnOptions";
import type { TurnEvent } from "../turn/turnEvents";
import type { TurnRecord } from "../turn/turnRecord";
import type { ChargeRecord, SpendFace, TurnRecordEntry } from "../spend/spendRecord";
import { chargeEntry, turnEntry, type SpendTurn } from "../spend/spendEntries";

/** Whose turn it is, as the spend journal names it. */
export interface TurnOwner {
  face: SpendFace;
  /** The teacher's origin: scheme, host and port of its base URL. */
  origin: string;
  mode: Mode;
}

export interface TurnCharged {
  usd: number | null;
  entry: ChargeRecord;
}

export interface TurnFinished {
  record: TurnRecord;
  /** Whether a charge for this turn came first, so it is not counted twice. */
  teacherCharged: boolean;
  error?: Extract<TurnEvent, { type: "error" }>;
  entry: TurnRecordEntry;
}

/** Where a turn's spend goes; each is awaited before the turn goes on, so no charge is lost to a quick exit. */
export interface TurnSpendFollower {
  charged(charge: TurnCharged): void | Promise<void>;
  finished(end: TurnFinished): void | Promise<void>;
}

/** Runs one turn of `conversation`, telling `follower` of each charge and of the end as journal entries. */
export async function* composeTurn(
  conversation: Conversation,
  options: TurnOptions,
  deps: TurnDeps,
  owner: TurnOwner,
  follower: TurnSpendFollower,
  date: () => Date = () => new Date(),
): AsyncGenerator<TurnEvent> {
  // The teacher model is the one the turn names as it starts (none when its plan has no teacher).
  let spendTurn: SpendTurn = { turn: crypto.randomUUID(), face: owner.face, conversationId: conversation.id, origin: owner.origin, mode: owner.mode, model: undefined };
  let teacherCharged = false;
  let error: TurnFinished["error"];
  for await (const event of runTurn(conversation, options, deps)) {
    if (event.type === "start") spendTurn = { ...spendTurn, model: event.teacherModel };
    else if (event.type === "teacher-charged") {
      teacherCharged = true;
      await follower.charged({ usd: event.usd, entry: chargeEntry(spendTurn, event, date()) });
    } else if (event.type === "error") error = event;
    else if (event.type === "done") await follower.finished({ record: event.record, teacherCharged, ...(error ? { error } : {}), entry: turnEntry(spendTurn, event.record, date()) });
    yield event;
  }
}
