import { errorMessage } from "../util/errorMessage";
import type { HostMessage, WebviewMessage } from "./protocol";

/**
 * Every request from the panel gets exactly one reply under its id. A handler may reply itself,
 * when the moment matters (a `send` is taken when its turn starts, long before it ends); else the
 * reply follows from what it returned: nothing is done, a line is why not, and so is an error it
 * threw. A reply to no open request (a second one, or one to a request the panel did not make,
 * such as a task from the light bulb) is not posted.
 */
export class PanelRequests {
  private readonly open = new Set<string>();

  constructor(
    private readonly deliver: (message: HostMessage) => void,
    private readonly failed: (request: WebviewMessage, error: unknown) => void,
  ) {}

  /** Posts to the panel; a reply closes its request. */
  post(message: HostMessage): void {
    if (message.type === "reply" && !this.open.delete(message.id)) return;
    this.deliver(message);
  }

  /** Runs `handle` for the request and sees that it is answered once. */
  async answer(request: WebviewMessage, handle: (request: WebviewMessage) => Promise<string | undefined | void>): Promise<void> {
    this.open.add(request.id);
    let refused: string | undefined;
    try {
      refused = (await handle(request)) ?? undefined;
    } catch (e) {
      this.failed(request, e);
      refused = errorMessage(e);
    }
    this.post(refused === undefined ? { type: "reply", id: request.id, accepted: true } : { type: "reply", id: request.id, refused });
  }
}
