// What reaches the panel around a hidden or rebuilt page: nothing the `init` does not carry is lost.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PanelOutbox } from "../../../src/common/panel/panelOutbox";
import type { HostMessage } from "../../../src/common/panel/protocol";

const status = { type: "conversations", list: [] } as const satisfies HostMessage;
const init = { type: "conversations", list: [{ id: "init", title: "init", updatedAt: 0, messageCount: 0 }] } as const satisfies HostMessage;

test("replies, problems and the latest focus request posted before the page is ready follow its init; state is left to the init", () => {
  const delivered: HostMessage[] = [];
  const outbox = new PanelOutbox((m) => delivered.push(m));
  outbox.post(status);
  outbox.post({ type: "focus-input", prefill: "old" });
  outbox.post({ type: "reply", id: "s1", refused: "Too long." });
  outbox.post({ type: "problem", message: "That conversation no longer exists." });
  outbox.post({ type: "focus-input", prefill: "Explain this" });
  assert.deepEqual(delivered, [], "nothing goes to a page that is not ready");
  outbox.opened(init);
  assert.deepEqual(delivered, [
    init,
    { type: "reply", id: "s1", refused: "Too long." },
    { type: "problem", message: "That conversation no longer exists." },
    { type: "focus-input", prefill: "Explain this" },
  ]);
  outbox.post(status);
  assert.deepEqual(delivered.at(-1), status, "a ready page gets everything at once");
  outbox.closed();
  outbox.post(status);
  outbox.post({ type: "reply", id: "s2", accepted: true });
  outbox.opened(init);
  assert.deepEqual(delivered.slice(-2), [init, { type: "reply", id: "s2", accepted: true }]);
});
