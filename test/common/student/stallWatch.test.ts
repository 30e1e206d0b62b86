// The watch runs on timers the tests fire by hand, and on a source the tests feed by hand: what
// counts as a stall is decided here, never by how busy the machine running the suite is.
import { test } from "node:test";
import assert from "node:assert/strict";
import { STALLED, watchForStall } from "../../../src/common/student/stallWatch";
import { handTimers } from "../../support/engineDoubles";

/** A source that yields each item once the test releases it, and logs when it is closed. */
function handSource<T>(items: T[]) {
  const opens: (() => void)[] = [];
  const gates = items.map(() => new Promise<void>((open) => opens.push(open)));
  const log: string[] = [];
  async function* source(): AsyncGenerator<T> {
    try {
      for (const [i, item] of items.entries()) {
        await gates[i];
        yield item;
      }
    } finally {
      log.push("closed");
    }
  }
  return { source: source(), log, release: (i: number) => opens[i]() };
}

/** Lets every pending promise and immediate run, so the watch reaches its next wait. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

test("a gap after the first item yields STALLED once, then the rest", async () => {
  const timers = handTimers();
  const feed = handSource(["a", "b", "c", "d"]);
  const out: unknown[] = [];
  const reading = (async () => {
    for await (const x of watchForStall(feed.source, 40, timers.setTimer)) out.push(x);
  })();
  feed.release(0);
  feed.release(1);
  await settle();
  assert.deepEqual(out, ["a", "b"]);
  assert.equal(timers.armed, 1, "waiting for c, the watch has a timer running");
  timers.fire();
  await settle();
  assert.deepEqual(out, ["a", "b", STALLED]);
  feed.release(2);
  await settle();
  assert.equal(timers.armed, 0, "once stalled, the rest of the answer is not timed again");
  feed.release(3);
  await reading;
  assert.deepEqual(out, ["a", "b", STALLED, "c", "d"]);
});

test("a slow start is not a stall: the watch begins with the first item", async () => {
  const timers = handTimers();
  const feed = handSource(["a", "b"]);
  const out: unknown[] = [];
  const reading = (async () => {
    for await (const x of watchForStall(feed.source, 40, timers.setTimer)) out.push(x);
  })();
  await settle();
  assert.equal(timers.armed, 0, "no timer before the first item");
  feed.release(0);
  await settle();
  assert.equal(timers.armed, 1, "after the first item the watch times the next");
  feed.release(1);
  await reading;
  assert.equal(timers.armed, 0, "the timer is cancelled when the item comes");
  assert.deepEqual(out, ["a", "b"]);
});

test("a consumer that stops reading closes the source, also right at the STALLED marker", async () => {
  const timers = handTimers();
  const plain = handSource(["a", "b", "c"]);
  [0, 1, 2].forEach((i) => plain.release(i));
  for await (const x of watchForStall(plain.source, 40, timers.setTimer)) if (x === "b") break;
  assert.deepEqual(plain.log, ["closed"]);

  const stalled = handSource(["a", "b", "c"]);
  stalled.release(0);
  const reading = (async () => {
    for await (const x of watchForStall(stalled.source, 20, timers.setTimer)) if (x === STALLED) break;
  })();
  await settle();
  timers.fire();
  // The consumer is not held up by the source's unanswered read...
  await reading;
  assert.deepEqual(stalled.log, [], "the source is still in its read");
  // ...and the source is closed as soon as that read ends.
  stalled.release(1);
  await settle();
  assert.deepEqual(stalled.log, ["closed"]);
});
