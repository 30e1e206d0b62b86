// The panel's side of the protocol: `ready` first, `init` drawing the status and a stored
// conversation, chips and problems near the composer, and UI state surviving a rebuilt page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { answer, conversation, init, record, status, STUDENT, TEACHER, userMessage } from "./support/fixtures";
import { startPanelTestHost, type PanelPage, type PanelTestHost } from "./support/panelTestHost";

let host: PanelTestHost;
before(async () => {
  host = await startPanelTestHost();
});
after(async () => {
  await host?.close();
});

async function openPage(t: { after(fn: () => Promise<void>): void }, theme: "dark" | "light" = "dark"): Promise<PanelPage> {
  const p = await host.open({ theme });
  t.after(() => p.close());
  return p;
}

const stored = conversation("c1", "Memoize a function", [
  userMessage("u1", "How do I memoize a function in TypeScript?", {
    context: [
      { fileName: "src/cache.ts", language: "typescript", kind: "selection", text: "export function slow(n: number) {}" },
      { fileName: "fizzbuzz.py", language: "python", kind: "selection", text: "for i in range(1, 101):\n    print(i)\n", focus: { start: 2, end: 4 } },
    ],
  }),
  answer("a1", "Wrap it in a function that keeps a `Map` from arguments to results:\n\n```ts\nconst memo = new Map<number, number>();\n```\n\nThen look results up before computing them.", 40),
  userMessage("u2", "And for async functions?"),
  answer("a2", "Store the promise itself, so concurrent calls share one computation, and", 30, { partial: true, record: undefined }),
  userMessage("u3", "Thanks"),
  answer("a3", "You're welcome.", 0, { partial: true, record: record({ stopped: true }) }),
]);

test("the panel posts ready first, and loading it breaks no CSP rule", async (t) => {
  const p = await openPage(t);
  await p.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  assert.deepEqual(await p.posted(), [{ type: "ready" }]);
  assert.equal(await p.page.locator("#app").getAttribute("aria-busy"), "true", "busy until the host's init");
  await p.deliver(init({ active: stored, conversations: [{ id: "c1", title: stored.title, updatedAt: stored.updatedAt, messageCount: 6 }] }));
  assert.equal(await p.page.locator("#app").getAttribute("aria-busy"), null);
  assert.deepEqual(await p.posted(), [{ type: "ready" }], "init needs no answer");
  assert.deepEqual(await p.problems(), []);
});

test("init shows the status and the stored conversation; unfinished answers are marked", async (t) => {
  const p = await openPage(t);
  await p.deliver(init({ active: stored, status: status({}, { state: "loading", progress: 0.42 }) }));
  const header = await p.page.locator(".status-line").textContent();
  assert.ok(header!.includes(`${STUDENT} · loading 42%`), header!);
  assert.ok(header!.includes(TEACHER) && header!.includes("today $0.001840") && header!.includes("month $0.0412"), header!);
  assert.equal(await p.page.locator(".status-progress").evaluate((el) => (el as HTMLProgressElement).value), 0.42);
  assert.equal(await p.page.locator(".mode-switch [aria-checked=true]").textContent(), "Guided");
  assert.equal(await p.page.locator("article.msg").count(), 6);
  // A sent selection keeps the name its chip had ("fizzbuzz.py:3-5"); one stored before lines were kept keeps its file's.
  assert.deepEqual(await p.page.locator('[data-message-id="u1"] .chip').allTextContents(), ["src/cache.ts", "fizzbuzz.py:3-5"]);
  assert.equal(await p.page.locator('[data-message-id="a2"] .msg-state').textContent(), "interrupted");
  assert.equal(await p.page.locator('[data-message-id="a3"] .msg-state').textContent(), "stopped");
  assert.equal(await p.page.locator('[data-message-id="a1"] .msg-state').isVisible(), false);
  assert.equal(await p.page.locator('[data-message-id="a2"] .msg-footer').count(), 0, "no record, no footer");
  assert.equal(await p.page.locator('[data-message-id="a1"] mark.hs-teacher').first().getAttribute("title"), `Opening written by ${TEACHER}`);

  await p.deliver({ type: "status", status: status({ mode: "local", busy: true }, { state: "ready" }) });
  assert.equal(await p.page.locator(".mode-switch [aria-checked=true]").textContent(), "Local");
  assert.equal(await p.page.locator(".status-progress").isVisible(), false);
  await p.page.locator('[data-message-id="a1"]').scrollIntoViewIfNeeded();
  await p.screenshot("stored-conversation-dark");
});

test("the light theme uses the theme's colours", async (t) => {
  const p = await openPage(t, "light");
  await p.deliver(init({ active: stored }));
  const bg = await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(248, 248, 248)", "the side bar's background");
  await p.page.locator('[data-message-id="a1"]').scrollIntoViewIfNeeded();
  await p.screenshot("stored-conversation-light");
});

test("the mode switch and New chat post their messages", async (t) => {
  const p = await openPage(t);
  await p.deliver(init());
  await p.clearPosted();
  await p.page.getByRole("radio", { name: "Cloud" }).click();
  await p.page.getByRole("radio", { name: "Cloud" }).press("ArrowLeft");
  await p.page.getByRole("button", { name: "New chat" }).click();
  assert.deepEqual(await p.posted(), [{ type: "set-mode", mode: "cloud" }, { type: "set-mode", mode: "local" }, { type: "new-chat" }]);
  assert.equal(await p.page.getByRole("radio", { name: "Local" }).getAttribute("tabindex"), "0", "the chosen mode is the group's tab stop");
});

test("the draft and the open conversation survive the page being rebuilt", async (t) => {
  const p = await openPage(t);
  const summaries = [{ id: "c1", title: stored.title, updatedAt: stored.updatedAt, messageCount: 6 }, { id: "c2", title: "Other", updatedAt: 0, messageCount: 2 }];
  await p.deliver(init({ conversations: summaries, active: null }));
  await p.deliver({ type: "open", conversation: stored });
  await p.page.getByRole("textbox", { name: "Message to Headstart" }).fill("half-written question\nsecond line");
  await p.page.reload();
  await p.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  // The host reopens with no conversation open: the panel asks for the one it showed.
  await p.deliver(init({ conversations: summaries, active: null }));
  assert.equal(await p.page.getByRole("textbox", { name: "Message to Headstart" }).inputValue(), "half-written question\nsecond line");
  assert.deepEqual(await p.posted(), [{ type: "ready" }, { type: "open-conversation", conversationId: "c1" }]);
});

test("a New Chat made while the panel was hidden stays: the rebuilt page does not reopen what it showed", async (t) => {
  const p = await openPage(t);
  const summaries = [{ id: "c1", title: stored.title, updatedAt: stored.updatedAt, messageCount: 6 }];
  await p.deliver(init({ conversations: summaries, active: stored, activeChosen: true }));
  await p.page.reload();
  await p.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  // "Headstart: New Chat" from the command palette while the page was gone: the host chose no conversation.
  await p.deliver(init({ conversations: summaries, active: null, activeChosen: true }));
  assert.deepEqual(await p.posted(), [{ type: "ready" }], "no request to reopen c1");
  assert.equal(await p.page.locator(".message.user").count(), 0, "the new, empty chat is on screen");
});

test("the scroll position comes back with the same conversation", async (t) => {
  const p = await openPage(t);
  const long = conversation("long", "Long", Array.from({ length: 30 }, (_, i) => (i % 2 ? answer(`a${i}`, `Answer ${i}.\n\n${"Some text. ".repeat(30)}`, 10) : userMessage(`u${i}`, `Question ${i}`))));
  await p.deliver(init({ active: long, conversations: [{ id: "long", title: "Long", updatedAt: 0, messageCount: 30 }] }));
  await p.page.locator(".conversation").evaluate((el) => (el.scrollTop = 700));
  await p.page.waitForFunction(() => (JSON.parse(sessionStorage.getItem("vscodeState") ?? "{}") as { scrollTop?: number }).scrollTop === 700);
  await p.page.reload();
  await p.deliver(init({ active: long, conversations: [{ id: "long", title: "Long", updatedAt: 0, messageCount: 30 }] }));
  assert.equal(await p.page.locator(".conversation").evaluate((el) => el.scrollTop), 700);
});

test("chips show their size against the limit; remove and attach post their messages", async (t) => {
  const p = await openPage(t);
  await p.deliver(init({ maxContextChars: 24_000 }), {
    type: "chips",
    chips: [
      { id: "k1", label: "cache.ts:10-42", kind: "selection", language: "typescript", chars: 1_240 },
      { id: "k2", label: "store.ts", kind: "file", language: "typescript", chars: 9_800 },
    ],
  });
  assert.deepEqual(await p.page.locator(".composer .chip-label").allTextContents(), ["cache.ts:10-42", "store.ts"]);
  assert.equal(await p.page.locator(".context-size").textContent(), "11k / 24k chars");
  await p.clearPosted();
  await p.page.getByRole("button", { name: "Remove store.ts" }).click();
  await p.page.getByRole("button", { name: "Attach the editor's selection" }).click();
  await p.page.getByRole("button", { name: "Attach the current file" }).click();
  assert.deepEqual(await p.posted(), [
    { type: "remove-chip", chipId: "k2" },
    { type: "action", action: "attach-selection" },
    { type: "action", action: "attach-file" },
  ]);
  await p.deliver({ type: "chips", chips: [{ id: "k3", label: "huge.ts", kind: "file", language: "typescript", chars: 30_000 }] });
  assert.equal(await p.page.locator(".context-size.over").textContent(), "30k / 24k chars");
  await p.screenshot("composer-chips");
});

test("focus-input focuses and prefills; a send refused by reply gives its text back with the reason, in a dismissible line", async (t) => {
  const p = await openPage(t);
  await p.deliver(init(), { type: "focus-input", prefill: "Explain this code" });
  const input = p.page.getByRole("textbox", { name: "Message to Headstart" });
  assert.equal(await input.inputValue(), "Explain this code");
  assert.equal(await p.page.evaluate(() => document.activeElement?.getAttribute("aria-label")), "Message to Headstart");
  await p.clearPosted();
  await input.press("Enter");
  assert.equal(await input.inputValue(), "");
  const [sent] = await p.postedWithIds();
  assert.ok(sent?.type === "send" && sent.text === "Explain this code" && sent.id !== "", "the send carries its own id");
  // A reply to a request this page never made changes nothing.
  await p.deliver({ type: "reply", id: "someone-else", refused: "Not yours." });
  assert.equal(await p.page.getByRole("alert").count(), 0);
  const reason = "The message is 100,001 characters; the limit is 100,000. Shorten it or attach less.";
  await p.deliver({ type: "reply", id: sent.id, refused: reason });
  assert.equal(await p.page.getByRole("alert").textContent(), reason);
  assert.equal(await input.inputValue(), "Explain this code", "the refused text is back in the input");
  await p.page.getByRole("button", { name: "Dismiss" }).click();
  assert.equal(await p.page.getByRole("alert").count(), 0);
  // Taken: the input stays empty, and a later problem gives nothing back.
  await p.clearPosted();
  await input.press("Enter");
  const [again] = await p.postedWithIds();
  assert.ok(again?.type === "send");
  await p.deliver({ type: "reply", id: again.id, accepted: true }, { type: "problem", message: "Open a file first." });
  assert.equal(await p.page.getByRole("alert").textContent(), "Open a file first.");
  assert.equal(await input.inputValue(), "");
  // Another request refused: its reason is shown, and nothing comes back into the input.
  await p.page.getByRole("button", { name: "Dismiss" }).click();
  await p.clearPosted();
  await p.page.getByRole("button", { name: "Attach the current file" }).click();
  const [attach] = await p.postedWithIds();
  assert.ok(attach?.type === "action" && attach.id !== "" && attach.id !== again.id, "every request has an id of its own");
  await p.deliver({ type: "reply", id: attach.id, refused: "Open a file first." });
  assert.equal(await p.page.getByRole("alert").textContent(), "Open a file first.");
  assert.equal(await input.inputValue(), "");
  // A second reply to the same request is not the page's any more.
  await p.page.getByRole("button", { name: "Dismiss" }).click();
  await p.deliver({ type: "reply", id: attach.id, refused: "Again." });
  assert.equal(await p.page.getByRole("alert").count(), 0);
});
