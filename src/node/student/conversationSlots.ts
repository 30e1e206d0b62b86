import type { LlamaChatSession, LlamaContextSequence, Token, TokenPredictor } from "node-llama-cpp";
import type { OpenModel } from "./llamaRuntime";

/** One conversation's share of the context: its cache, its chat session, and its queue of work. */
interface Slot {
  sequence: LlamaContextSequence;
  session?: LlamaChatSession;
  /** Settles when the last operation queued on this sequence has finished; never rejects. */
  tail: Promise<void>;
}

/**
 * Gives each conversation its own context sequence and chat session, so that its history stays
 * in the KV cache between turns, and runs the work on each sequence one operation at a time
 * (a preload may still be running when the answer starts). When every sequence is taken, the
 * least recently used conversation hands its sequence over once its queued work is done.
 */
export class ConversationSlots {
  /** By conversation id, least recently used first. */
  private readonly slots = new Map<string, Slot>();

  /** `predictor` makes each new sequence's token predictor (never shared between sequences). */
  constructor(
    private readonly open: OpenModel,
    private readonly predictor?: () => TokenPredictor,
  ) {}

  /** Runs `work` with the conversation's session, after all work queued before it on that sequence. */
  run<T>(conversationId: string, work: (session: LlamaChatSession) => Promise<T>): Promise<T> {
    const slot = this.slotFor(conversationId);
    const result = slot.tail.then(() => {
      slot.session ??= new this.open.nlc.LlamaChatSession({ contextSequence: slot.sequence, chatWrapper: this.open.chatWrapper });
      return work(slot.session);
    });
    slot.tail = result.then(ignore, ignore);
    return result;
  }

  /**
   * The tokens in the conversation's sequence once the work queued on it is done; empty when it
   * has none. Not a use: the conversation keeps its place among the least recently used.
   */
  async cachedTokens(conversationId: string): Promise<Token[]> {
    const slot = this.slots.get(conversationId);
    if (slot === undefined) return [];
    await slot.tail;
    return slot.sequence.contextTokens;
  }

  /** Waits for the queued work (stop it first), then frees the sessions; the context stays. */
  async dispose(): Promise<void> {
    const slots = [...this.slots.values()];
    this.slots.clear();
    await Promise.all(slots.map((slot) => slot.tail));
    for (const slot of slots) slot.session?.dispose();
  }

  private slotFor(conversationId: string): Slot {
    let slot = this.slots.get(conversationId);
    if (slot !== undefined) {
      this.slots.delete(conversationId); // re-inserted below, as the most recently used
    } else if (this.open.context.sequencesLeft > 0) {
      slot = { sequence: this.open.context.getSequence({ tokenPredictor: this.predictor?.() }), tail: Promise.resolve() };
    } else {
      const [oldestId, oldest] = this.slots.entries().next().value ?? [];
      if (oldestId === undefined || oldest === undefined) throw new Error("The context has no sequences.");
      this.slots.delete(oldestId);
      // The cache is handed over as it is: the system prompt at its start is shared, so it is reused.
      slot = { sequence: oldest.sequence, tail: oldest.tail.then(() => oldest.session?.dispose()) };
    }
    this.slots.set(conversationId, slot);
    return slot;
  }
}

function ignore(): void {}
