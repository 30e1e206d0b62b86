import type { ToolCall } from "../../common/models/teacher";
import type { ToolCallDelta } from "./teacherChunk";

/**
 * Tool calls put together from their deltas, as OpenAI streams them: `index` says which call, `id`
 * and `function.name` come once (a later copy replaces them, as the SDK's own reader does), and
 * `function.arguments` comes in fragments, joined exactly as they came.
 */
export class ToolCallParts {
  readonly #calls = new Map<number, { id: string; name: string; arguments: string }>();
  #last: number | undefined;

  /** Whether any call has begun. */
  get begun(): boolean {
    return this.#calls.size > 0;
  }

  add(delta: ToolCallDelta): void {
    const index = delta.index ?? this.#unnumbered(delta);
    const call = this.#calls.get(index) ?? { id: "", name: "", arguments: "" };
    if (delta.id) call.id = delta.id;
    if (delta.name) call.name = delta.name;
    if (delta.arguments) call.arguments += delta.arguments;
    this.#calls.set(index, call);
    this.#last = index;
  }

  /**
   * Where a delta without an index goes (some servers send each call whole, unnumbered): a new id,
   * or a name when the last call has one already, begins a new call; anything else goes on the last.
   */
  #unnumbered(delta: ToolCallDelta): number {
    const last = this.#last === undefined ? undefined : this.#calls.get(this.#last);
    const newId = delta.id !== undefined && ![...this.#calls.values()].some((c) => c.id === delta.id);
    const newName = delta.name !== undefined && last !== undefined && last.name !== "";
    if (this.#last === undefined || newId || newName) return Math.max(-1, ...this.#calls.keys()) + 1;
    return this.#last;
  }

  /**
   * The calls in index order, or `undefined` when there are none or one has no name. A call sent
   * without an id gets `call_<index>`, so that its result can still name it.
   */
  whole(): ToolCall[] | undefined {
    const calls = [...this.#calls.entries()].sort(([a], [b]) => a - b);
    if (calls.length === 0 || calls.some(([, c]) => c.name === "")) return undefined;
    return calls.map(([index, c]) => ({ id: c.id || `call_${index}`, name: c.name, arguments: c.arguments }));
  }
}
