import { test } from "node:test";
import assert from "node:assert/strict";
import { STALLED, watchForStall } from "../../src/common/stallWatch";

/** Yields `items`, waiting `gaps[i]` ms before item i. */
async function* slow<T>(items: T[], gaps: number[], log: string[] = []): AsyncGenerator<T> {
  try {
    for (const [i, item] of items.entries()) {
      await new Promise((r) => setTimeout(r, gaps[i] ?? 0));
      yield item;
    }
  } finally {
    log.push("closed");
  }
}

test("a gap after the first item yields STALLED once, then the rest", async () => {
  const out: unknown[] = [];
  for await (const x of watchForStall(slow(["a", "b", "c", "d"], [0, 0, 120, 120]), 40)) out.push(x);
  assert.deepEqual(out, ["a", "b", STALLED, "c", "d"]);
});

test("a slow start is not a stall: the watch begins with the first item", async () => {
  const out: unknown[] = [];
  for await (const x of watchForStall(slow(["a", "b"], [120, 0]), 40)) out.push(x);
  assert.deepEqual(out, ["a", "b"]);
});

test("a consumer that stops reading closes the source, also right at the STALLED marker", async () => {
  const log: string[] = [];
  for await (const x of watchForStall(slow(["a", "b", "c"], [0, 0, 0], log), 40)) if (x === "b") break;
  assert.deepEqual(log, ["closed"]);
  const stalled: string[] = [];
  for await (const x of watchForStall(slow(["a", "b", "c"], [0, 100, 0], stalled), 20)) if (x === STALLED) break;
  await new Promise((r) => setTimeout(r, 150));
  assert.deepEqual(stalled, ["closed"]);
});
