// The spend in the panel's status line: turns with no known price are counted beside the dollars.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init, status } from "./support/fixtures";
import { usePanelTestHost } from "./support/panelTestHost";

const openForTest = usePanelTestHost();

test("the status line shows unpriced answers beside the spend, never folded into it as $0", async (t) => {
  const spend = { todayUsd: 0.42, todayUnknownTurns: 2, monthUsd: 1.5, monthSavingUsd: 3, monthUnknownTurns: 3 };
  const p = await openForTest(t, { deliver: init({ status: status({ spend }) }) });
  const line = p.page.locator(".status-spend");
  assert.equal(await line.textContent(), "today $0.4200 + 2 unpriced · month $1.50 + 3 unpriced");
  assert.match((await line.getAttribute("title")) ?? "", /3 answers this month had no known price/);
  await p.deliver({ type: "status", status: status({ spend: { ...spend, todayUnknownTurns: 0, monthUnknownTurns: 0 } }) });
  assert.equal(await line.textContent(), "today $0.4200 · month $1.50");
});
