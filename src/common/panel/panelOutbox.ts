import type { HostMessage } from "./protocol";

/** Messages whose news `init` does not carry: held for the next page rather than dropped. */
const HELD: ReadonlySet<HostMessage["type"]> = new Set(["reply", "problem", "focus-input"]);

/**
 * What the host posts to the panel, in order. VS Code drops a hidden panel's page; until the next
 * page says `ready`, state (status, conversations, turns) is not sent, since the `init` that
 * answers `ready` carries all of it, and the rest (replies, problems, a focus request) is held and
 * delivered right after that `init`.
 */
export class PanelOutbox {
  private ready = false;
  private held: HostMessage[] = [];

  constructor(private readonly deliver: (message: HostMessage) => void) {}

  post(message: HostMessage): void {
    if (this.ready) return this.deliver(message);
    if (!HELD.has(message.type)) return;
    // Only the latest focus request matters.
    if (message.type === "focus-input") this.held = this.held.filter((m) => m.type !== "focus-input");
    this.held.push(message);
  }

  /** The page is hidden or gone: what is posted now waits for the next one. */
  closed(): void {
    this.ready = false;
  }

  /** The page said `ready`: its `init` first, then what was held. */
  opened(init: HostMessage): void {
    this.deliver(init);
    this.ready = true;
    const held = this.held;
    this.held = [];
    for (const message of held) this.deliver(message);
  }
}
