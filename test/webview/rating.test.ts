// Rating an answer in the panel: thumbs reached and pressed with the keyboard, the optional
// reason, the host's confirmation, taking a rating back, and a stored rating shown on reopen.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { answer, conversation, init, status, userMessage } from "./support/fixtures";
import { startPanelTestHost, type PanelTestHost } from "./support/panelTestHost";

let host: PanelTestHost;
before(async () => {
  host = await startPanelTestHost();
});
after(async () => {
  await host?.close();
});

const chat = conversation("c1", "Reverse a list", [
  userMessage("u1", "How do I reverse a list in Python?"),
  answer("a1", "Use `items[::-1]` for a copy, or `items.reverse()` in place.", 20),
  userMessage("u2", "And a string?"),
  answer("a2", "Half an ans", 4, { partial: true, streaming: true, record: undefined }),
]);

test("thumbs up by keyboard, a reason typed and kept, the host's rating shown, and pressing it again takes it back", async (t) => {
  const p = await host.open();
  t.after(() => p.close());
  await p.deliver(init({ active: chat }));
  const up = p.page.locator('[data-message-id="a1"] .rate-button[data-value="up"]');
  assert.equal(await up.getAttribute("aria-label"), "Good answer");
  assert.equal(await up.getAttribute("aria-pressed"), "false");
  assert.equal(await p.page.locator('[data-message-id="a2"] .rating').isVisible(), false, "an answer still being written cannot be rated");

  await up.focus();
  await p.page.keyboard.press("Enter");
  const reason = p.page.locator('[data-message-id="a1"] .rating-input');
  assert.equal(await reason.evaluate((el) => el === document.activeElement), true, "the reason box takes the focus");
  await p.page.keyboard.type("Short and right");
  await p.page.keyboard.press("Enter");
  assert.equal(await reason.isVisible(), false);
  const rates = (await p.posted()).filter((m) => (m as { type: string }).type === "rate");
  assert.deepEqual(rates, [
    { type: "rate", conversationId: "c1", messageId: "a1", value: "up" },
    { type: "rate", conversationId: "c1", messageId: "a1", value: "up", reason: "Short and right" },
  ]);
  assert.equal(await up.evaluate((el) => el === document.activeElement), true, "focus goes back to the thumb");

  const fill = (value: "up" | "down") => p.page.locator(`[data-message-id="a1"] .rate-button[data-value="${value}"] .icon`).evaluate((el) => getComputedStyle(el).fill);
  assert.equal(await fill("up"), "none", "an outline before it is chosen");
  await p.deliver({ type: "rated", conversationId: "c1", messageId: "a1", rating: { value: "up", reason: "Short and right", at: "2026-12-02T10:00:00.000Z" } });
  assert.equal(await up.getAttribute("aria-pressed"), "true");
  // Chosen, the thumb is filled, not only recoloured: it looks rated, hovered or not.
  assert.notEqual(await fill("up"), "none");
  assert.equal(await fill("down"), "none");
  assert.equal(await p.page.locator('[data-message-id="a1"] .rating-reason').textContent(), "“Short and right”");

  await p.page.keyboard.press("Space");
  const last = (await p.posted()).at(-1);
  assert.deepEqual(last, { type: "rate", conversationId: "c1", messageId: "a1", value: null });
  await p.deliver({ type: "rated", conversationId: "c1", messageId: "a1" });
  assert.equal(await up.getAttribute("aria-pressed"), "false");
  assert.equal(await p.page.locator('[data-message-id="a1"] .rating-reason').isVisible(), false);
});

test("Escape in the reason box keeps the thumb and closes the box without stopping the answer being written", async (t) => {
  const p = await host.open();
  t.after(() => p.close());
  // Busy: on the page, Escape stops a running answer.
  await p.deliver(init({ active: chat, status: status({ busy: true }) }));
  await p.page.locator('[data-message-id="a1"] .rate-button[data-value="down"]').click();
  await p.page.keyboard.press("Escape");
  const types = (await p.posted()).map((m) => (m as { type: string }).type);
  assert.ok(types.includes("rate") && !types.includes("stop"), JSON.stringify(types));
  assert.equal(await p.page.locator('[data-message-id="a1"] .rating-input').isVisible(), false);
});

test("a stored rating is shown when the conversation is opened again", async (t) => {
  const p = await host.open();
  t.after(() => p.close());
  const rated = conversation("c2", "Rated", [userMessage("u1", "Q"), answer("a1", "A wrong answer.", 3, { rating: { value: "down", reason: "Wrong function", at: "2026-12-02T10:00:00.000Z" } })]);
  await p.deliver(init({ active: rated }));
  assert.equal(await p.page.locator('[data-message-id="a1"] .rate-button[data-value="down"]').getAttribute("aria-pressed"), "true");
  assert.equal(await p.page.locator('[data-message-id="a1"] .rate-button[data-value="up"]').getAttribute("aria-pressed"), "false");
  assert.equal(await p.page.locator('[data-message-id="a1"] .rating-reason').textContent(), "“Wrong function”");
});
