// The first-run screen (choose or download a model, set the key) and the history list (reopen,
// or delete after confirming inside the panel).
import { test } from "node:test";
import assert from "node:assert/strict";
import { conversation, init, RECOMMENDED, status, userMessage } from "./support/fixtures";
import { usePanelTestHost, type PanelPage } from "./support/panelTestHost";

const openForTest = usePanelTestHost();
const openPage = (t: { after(fn: () => Promise<void>): void }): Promise<PanelPage> => openForTest(t);

const noModel = status({}, { model: null, state: "none" });

test("without a model the first-run screen offers a model file, the recommended downloads and the key", async (t) => {
  const p = await openPage(t);
  await p.deliver(init({ status: { ...noModel, teacher: { ...noModel.teacher, hasKey: false } } }));
  assert.equal(await p.page.getByRole("heading", { name: "Welcome to Headstart" }).isVisible(), true);
  assert.equal(await p.page.locator(".conversation").isVisible(), false);
  assert.equal(await p.page.locator(".composer").isVisible(), false, "nothing can answer yet");
  const rows = p.page.locator(".model-row");
  assert.equal(await rows.count(), 2);
  assert.ok((await rows.nth(0).textContent())!.includes("1.1 GB download · needs 3 GB RAM"));
  assert.ok((await p.page.locator(".first-run").textContent())!.includes("Without a key, Headstart works fully locally."));
  await p.screenshot("first-run");
  await p.clearPosted();
  await p.page.getByRole("button", { name: "Choose a model file…" }).click();
  await p.page.getByRole("button", { name: `Download ${RECOMMENDED[1].name} (4.7 GB)` }).click();
  await p.page.getByRole("button", { name: "Set teacher API key" }).click();
  assert.deepEqual(await p.posted(), [
    { type: "action", action: "choose-model-file" },
    { type: "download-model", uri: RECOMMENDED[1].uri },
    { type: "action", action: "set-key" },
  ]);
});

test("while a model downloads its progress shows and downloads wait; once chosen the conversation appears", async (t) => {
  const p = await openPage(t);
  await p.deliver(init({ status: status({}, { model: null, state: "downloading", progress: 0.3 }) }));
  assert.equal(await p.page.getByRole("button", { name: `Download ${RECOMMENDED[0].name} (1.1 GB)` }).isDisabled(), true);
  assert.equal(await p.page.getByRole("progressbar", { name: "Download progress" }).evaluate((el) => (el as HTMLProgressElement).value), 0.3);
  assert.equal(await p.page.getByRole("button", { name: "Set teacher API key" }).count(), 0, "the key is already set");
  await p.screenshot("first-run-downloading");
  await p.deliver({ type: "status", status: status() });
  assert.equal(await p.page.locator(".first-run").count(), 0);
  assert.equal(await p.page.locator(".conversation").isVisible(), true);
  assert.equal(await p.page.locator(".composer").isVisible(), true);
});

test("the history list reopens a conversation, and deletes one only after a confirm inside the panel", async (t) => {
  const p = await openPage(t);
  const now = Date.now();
  const list = [
    { id: "c1", title: "Memoize a function", updatedAt: now - 5 * 60_000, messageCount: 4 },
    { id: "c2", title: "Flaky test in CI", updatedAt: now - 3 * 3_600_000, messageCount: 6 },
    { id: "c3", title: "<b>Regex</b> for emails", updatedAt: now - 30 * 3_600_000, messageCount: 1 },
  ];
  await p.deliver(init({ conversations: list, active: conversation("c1", "Memoize a function", [userMessage("u", "memoize?")]) }));
  await p.clearPosted();
  const toggle = p.page.getByRole("button", { name: "History", exact: true });
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const items = p.page.locator(".history-item");
  assert.deepEqual(await p.page.locator(".history-title").allTextContents(), ["Memoize a function", "Flaky test in CI", "<b>Regex</b> for emails"]);
  assert.deepEqual(await p.page.locator(".history-meta").allTextContents(), ["5 min ago · 4 messages", "3 h ago · 6 messages", "yesterday · 1 message"]);
  assert.equal(await items.nth(0).locator(".history-open").getAttribute("aria-current"), "true");

  await p.page.getByRole("button", { name: "Delete “Flaky test in CI”" }).click();
  assert.deepEqual(await p.posted(), [], "the first click only asks");
  assert.equal(await items.nth(1).textContent(), "Delete “Flaky test in CI”?DeleteCancel");
  assert.equal(await p.page.evaluate(() => document.activeElement?.textContent), "Cancel", "focus goes to the safe choice");
  await p.screenshot("history-confirm-delete");
  await p.page.keyboard.press("Escape");
  assert.equal(await items.nth(1).locator(".history-open").count(), 1, "Escape backs out of the delete");
  assert.equal(await p.page.locator(".history").isVisible(), true, "and leaves the list open");
  await p.page.getByRole("button", { name: "Delete “Flaky test in CI”" }).click();
  await p.page.getByRole("button", { name: "Delete", exact: true }).click();
  assert.deepEqual(await p.posted(), [{ type: "delete-conversation", conversationId: "c2" }]);
  await p.deliver({ type: "conversations", list: [list[0], list[2]] });
  assert.equal(await items.count(), 2);

  await p.clearPosted();
  await p.page.locator(".history-open", { hasText: "Regex" }).click();
  assert.deepEqual(await p.posted(), [{ type: "open-conversation", conversationId: "c3" }]);
  assert.equal(await p.page.locator(".history").isVisible(), false, "opening closes the list");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
});
