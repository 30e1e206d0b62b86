// Writing and sending from the keyboard: Enter sends, Shift+Enter is a newline, and while an
// answer runs Stop (or Escape) ends it and the input stays usable for the next question.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init, status, streamedTurn, userMessage } from "../support/fixtures";
import { usePanelTestHost, type PanelPage } from "../support/panelTestHost";

const openForTest = usePanelTestHost();
const openPanel = (t: { after(fn: () => Promise<void>): void }): Promise<PanelPage> => openForTest(t, { deliver: init(), clearPosted: true });

test("typing and Enter posts send with the text; Shift+Enter inserts a newline; Send is disabled while empty", async (t) => {
  const p = await openPanel(t);
  const input = p.page.getByRole("textbox", { name: "Message to Headstart" });
  const send = p.page.getByRole("button", { name: "Send (Enter)" });
  assert.equal(await send.isDisabled(), true);
  await input.press("Enter");
  await input.pressSequentially("   ");
  assert.equal(await send.isDisabled(), true, "blank text is not a message");
  await input.fill("");
  await input.pressSequentially("First line");
  assert.equal(await send.isDisabled(), false);
  const heightBefore = await input.evaluate((el) => el.getBoundingClientRect().height);
  await input.press("Shift+Enter");
  await input.pressSequentially("second line");
  await input.press("Shift+Enter");
  await input.pressSequentially("third line");
  assert.equal(await input.inputValue(), "First line\nsecond line\nthird line");
  assert.ok((await input.evaluate((el) => el.getBoundingClientRect().height)) > heightBefore, "the input grows with its text");
  await p.screenshot("composer-multiline");
  await input.press("Enter");
  assert.deepEqual(await p.posted(), [{ type: "send", text: "First line\nsecond line\nthird line" }]);
  assert.equal(await input.inputValue(), "", "sent text leaves the input");
  assert.equal(await send.isDisabled(), true);
});

test("the Send button sends too, reachable with Tab", async (t) => {
  const p = await openPanel(t);
  const input = p.page.getByRole("textbox", { name: "Message to Headstart" });
  await input.focus();
  await input.pressSequentially("Why is my test flaky?");
  // Past the attach buttons, then Send.
  const focused = (): Promise<string | null | undefined> => p.page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
  const seen: (string | null | undefined)[] = [];
  for (let i = 0; i < 4 && seen.at(-1) !== "Send (Enter)"; i++) {
    await p.page.keyboard.press("Tab");
    seen.push(await focused());
  }
  assert.deepEqual(seen, ["Attach the editor's selection", "Attach the current file", "Send (Enter)"]);
  await p.page.keyboard.press("Space");
  assert.deepEqual(await p.posted(), [{ type: "send", text: "Why is my test flaky?" }]);
});

test("while busy, Stop replaces Send, Stop and Escape post stop, and the next question can be typed", async (t) => {
  const p = await openPanel(t);
  const turn = streamedTurn("c1", userMessage("u1", "Explain the event loop"), "The event loop takes one task at a time", "", " from the queue and runs it to completion.", 4);
  await p.deliver({ type: "status", status: status({ busy: true }) }, ...turn.slice(0, 6));
  const stop = p.page.getByRole("button", { name: "Stop the answer (Escape)" });
  assert.equal(await stop.isVisible(), true);
  assert.equal(await p.page.getByRole("button", { name: "Send (Enter)" }).isVisible(), false);
  await stop.click();
  const input = p.page.getByRole("textbox", { name: "Message to Headstart" });
  await input.pressSequentially("And microtasks?");
  await input.press("Enter");
  assert.equal(await input.inputValue(), "And microtasks?", "Enter does not send while an answer is running");
  await input.press("Escape");
  assert.deepEqual(await p.posted(), [{ type: "stop" }, { type: "stop" }]);
  await p.deliver(...turn.slice(6), { type: "status", status: status({ busy: false }) });
  assert.equal(await p.page.getByRole("button", { name: "Send (Enter)" }).isVisible(), true);
  await p.page.keyboard.press("Escape");
  await input.press("Enter");
  assert.deepEqual((await p.posted()).slice(2), [{ type: "send", text: "And microtasks?" }], "Escape does nothing when idle; Enter sends again");
});

test("the answer is announced to screen readers once, when it is done", async (t) => {
  const p = await openPanel(t);
  const live = p.page.locator("[aria-live=polite]");
  const turn = streamedTurn("c1", userMessage("u1", "Define a closure"), "A closure is a function", "", " together with the variables it captured.", 5);
  await p.deliver(...turn.slice(0, -1));
  assert.equal(await live.textContent(), "", "nothing is announced token by token");
  await p.deliver(turn.at(-1)!);
  assert.equal(await live.textContent(), "Answer: A closure is a function together with the variables it captured.");
});

test("Stop freezes the answer on screen at once: text the models still send after it does not show", async (t) => {
  const p = await openPanel(t);
  const turn = streamedTurn("c1", userMessage("u2", "Explain the event loop"), "The event loop takes one task at a time", "", " from the queue and runs it to completion.", 4);
  // turn-start and five guidance chunks, then Stop.
  await p.deliver({ type: "status", status: status({ busy: true }) }, ...turn.slice(0, 6));
  const body = p.page.locator('[data-message-id="u2-a"] .msg-body');
  const before = await body.innerText();
  assert.ok(before.length > 0);
  await p.page.getByRole("button", { name: "Stop the answer (Escape)" }).click();
  // Chunks already on their way when the host heard of the Stop.
  const late = turn.slice(6, -1);
  assert.ok(late.length > 3);
  await p.deliver(...late);
  assert.equal(await body.innerText(), before, "nothing more shows after Stop");
  await p.screenshot("stopped-at-once");
});

test("at a narrow side bar's width, with a chip attached, the size meter never covers Send", async (t) => {
  for (const width of [240, 280, 320]) {
    const p = await openForTest(t, { deliver: init(), clearPosted: true, width });
    await p.deliver({ type: "chips", chips: [{ id: "k1", label: "src/very/long/path/to/fizzbuzz.py:1-4", kind: "selection", language: "python", chars: 101 }] });
    const boxes = await p.page.evaluate(() => {
      const rect = (sel: string) => {
        const r = document.querySelector(sel)!.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      return { size: rect(".context-size"), send: rect(".composer-bar .send"), bar: rect(".composer-box") };
    });
    const overlap = boxes.size.left < boxes.send.right && boxes.send.left < boxes.size.right && boxes.size.top < boxes.send.bottom && boxes.send.top < boxes.size.bottom;
    assert.ok(!overlap, `at ${width}px the meter ${JSON.stringify(boxes.size)} overlaps Send ${JSON.stringify(boxes.send)}`);
    assert.ok(boxes.send.right <= boxes.bar.right + 0.5, `at ${width}px Send stays inside the box`);
    if (width === 280) await p.screenshot("composer-narrow-with-chip");
  }
});

test("typing / lists the commands, narrowed as typed; arrows and Enter take one, and the message goes as typed", async (t) => {
  const p = await openPanel(t);
  const input = p.page.getByRole("textbox", { name: "Message to Headstart" });
  await input.click();
  await p.page.keyboard.type("/");
  const menu = p.page.getByRole("listbox", { name: "Commands" });
  assert.deepEqual(await menu.getByRole("option").allInnerTexts().then((xs) => xs.map((x) => x.split(/\s/)[0])), ["/explain", "/fix", "/tests", "/doc", "/guided", "/auto", "/local", "/cloud"]);
  await p.page.keyboard.type("t");
  assert.deepEqual(await menu.getByRole("option").allInnerTexts().then((xs) => xs.map((x) => x.split(/\s/)[0])), ["/tests"]);
  await p.page.keyboard.press("Backspace");
  await p.page.keyboard.type("f");
  await p.page.keyboard.press("Enter");
  assert.equal(await input.inputValue(), "/fix ", "Enter took the command; it did not send");
  assert.equal(await menu.isVisible(), false);
  await p.clearPosted();
  await p.page.keyboard.type("why is price missing?");
  await p.page.keyboard.press("Enter");
  const sent = (await p.posted()).filter((m) => m.type === "send");
  assert.equal(sent.length, 1);
  assert.equal(sent[0].type === "send" && sent[0].text, "/fix why is price missing?");
  await p.page.keyboard.type("/c");
  await p.page.keyboard.press("Escape");
  assert.equal(await menu.isVisible(), false, "Escape closes the menu");
  assert.equal(await input.inputValue(), "/c");
});
