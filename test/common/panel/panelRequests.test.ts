// The panel's protocol: every request from the panel has an id and gets exactly one reply with it,
// done or refused, whatever its handler does (returns, refuses, throws, replies itself, or replies
// twice). A send handled by the real chat controller is checked in chatController.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PanelRequests } from "../../../src/common/panel/panelRequests";
import type { HostMessage, WebviewMessage, WebviewRequest } from "../../../src/common/panel/protocol";

/** One request of every type the panel can make: the compiler fails here when a type is added without one. */
const EVERY_REQUEST: { [K in WebviewRequest["type"]]: Extract<WebviewRequest, { type: K }> } = {
  ready: { type: "ready" },
  send: { type: "send", text: "How?" },
  stop: { type: "stop" },
  "set-mode": { type: "set-mode", mode: "local" },
  "new-chat": { type: "new-chat" },
  "open-conversation": { type: "open-conversation", conversationId: "c1" },
  "delete-conversation": { type: "delete-conversation", conversationId: "c1" },
  action: { type: "action", action: "retry" },
  "download-model": { type: "download-model", uri: "hf:user/repo/model.gguf" },
  "remove-chip": { type: "remove-chip", chipId: "k1" },
  copy: { type: "copy", text: "x" },
  insert: { type: "insert", text: "x" },
  apply: { type: "apply", conversationId: "c1", messageId: "m1", code: "x" },
  "show-request": { type: "show-request", conversationId: "c1", messageId: "m1" },
  rate: { type: "rate", conversationId: "c1", messageId: "m1", value: "up" },
};

type Reply = Extract<HostMessage, { type: "reply" }>;
const repliesTo = (posted: HostMessage[], id: string): Reply[] => posted.filter((m): m is Reply => m.type === "reply" && m.id === id);

/** What a handler does with a request, as the host's handlers can. */
const BEHAVIOURS: Record<string, (requests: PanelRequests, m: WebviewMessage) => Promise<string | undefined | void>> = {
  "does it": () => Promise.resolve(),
  "refuses with a line": () => Promise.resolve("That conversation no longer exists."),
  throws: () => Promise.reject(new Error("The disk is full.")),
  "replies itself": (requests, m) => {
    requests.post({ type: "reply", id: m.id, accepted: true });
    return Promise.resolve("Refused after it was taken.");
  },
  "replies itself twice, then throws": (requests, m) => {
    requests.post({ type: "reply", id: m.id, refused: "Too long." });
    requests.post({ type: "reply", id: m.id, accepted: true });
    return Promise.reject(new Error("late"));
  },
};

test("every request gets exactly one reply with its id, whatever its handler does", async () => {
  for (const [behaviour, handle] of Object.entries(BEHAVIOURS)) {
    const posted: HostMessage[] = [];
    const failures: string[] = [];
    const requests = new PanelRequests((m) => posted.push(m), (m, e) => failures.push(`${m.type}: ${String(e)}`));
    const sent = Object.values(EVERY_REQUEST).map((r, i): WebviewMessage => ({ ...r, id: `r${i}` }));
    await Promise.all(sent.map((m) => requests.answer(m, (x) => handle(requests, x))));
    for (const m of sent) {
      const replies = repliesTo(posted, m.id);
      assert.equal(replies.length, 1, `${behaviour}: ${m.type} got ${replies.length} replies`);
      const [reply] = replies;
      if (behaviour === "does it") assert.ok("accepted" in reply, `${behaviour}: ${m.type}`);
      if (behaviour === "refuses with a line") assert.deepEqual(reply, { type: "reply", id: m.id, refused: "That conversation no longer exists." });
      if (behaviour === "throws") assert.deepEqual(reply, { type: "reply", id: m.id, refused: "The disk is full." }, "the error's own words, not silence");
      if (behaviour === "replies itself") assert.ok("accepted" in reply, "the handler's own reply stands");
      if (behaviour === "replies itself twice, then throws") assert.ok("refused" in reply && reply.refused === "Too long.", "the first reply stands");
    }
    assert.equal(posted.length, sent.length, `${behaviour}: nothing but the replies`);
    assert.equal(failures.length, behaviour.endsWith("throws") ? sent.length : 0, `${behaviour}: each error is reported`);
  }
});

test("a reply to no request of the panel's is not posted; other messages pass as they are", async () => {
  const posted: HostMessage[] = [];
  const requests = new PanelRequests((m) => posted.push(m), () => undefined);
  requests.post({ type: "reply", id: "from-the-light-bulb", accepted: true });
  requests.post({ type: "problem", message: "Open a file first." });
  await requests.answer({ type: "stop", id: "s1" }, () => Promise.resolve());
  requests.post({ type: "reply", id: "s1", refused: "again" });
  assert.deepEqual(posted, [
    { type: "problem", message: "Open a file first." },
    { type: "reply", id: "s1", accepted: true },
  ]);
});
