import { test } from "node:test";
import assert from "node:assert/strict";
import { removedSpan } from "../../../src/common/util/removedSpan";

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

test("a cache that the new prompt continues needs no cut", () => {
  const cached = range(0, 50);
  assert.equal(removedSpan(cached, [...cached, 90, 91], 4), undefined);
  assert.equal(removedSpan(cached, cached.slice(0, 30), 4), undefined, "a shorter prompt: the tail is for the chat session to drop");
});

test("an exchange left out after the system prompt is the span to cut", () => {
  const system = range(0, 20);
  const [dropped, kept] = [range(100, 140), range(200, 260)];
  const cached = [...system, ...dropped, ...kept];
  const wanted = [...system, ...kept, 300, 301];
  const span = removedSpan(cached, wanted, 16)!;
  assert.deepEqual(span, { start: 20, end: 60 });
  const left = [...cached.slice(0, span.start), ...cached.slice(span.end)];
  assert.deepEqual(left, wanted.slice(0, left.length), "what is left starts the new prompt");
});

test("messages that start alike: the cut begins where they differ, and keeps the whole later one", () => {
  // Two questions with the same opening ("Tell me story number ...") share their first tokens.
  const system = range(0, 10);
  const opening = [50, 51, 52];
  const cached = [...system, ...opening, 7, ...range(100, 130), ...opening, 8, ...range(200, 240)];
  const wanted = [...system, ...opening, 8, ...range(200, 240), 9];
  const span = removedSpan(cached, wanted, 16)!;
  assert.deepEqual(span, { start: 13, end: 47 });
  const left = [...cached.slice(0, span.start), ...cached.slice(span.end)];
  assert.deepEqual(left, wanted.slice(0, left.length));
});

test("the longest run wins over an earlier chance match", () => {
  const cached = [1, 2, 3, 9, 5, 6, 9, 5, 6, 7, 8, 9, 10];
  const wanted = [1, 2, 3, 5, 6, 7, 8, 9, 10, 99];
  // After the shared 1, 2, 3, the cache has 5, 6 twice: once for two tokens, then for six.
  assert.deepEqual(removedSpan(cached, wanted, 2), { start: 3, end: 7 });
});

test("a match shorter than the least worth keeping is no cut", () => {
  const cached = [1, 2, 3, 70, 71, 72, 10, 11, 12];
  const wanted = [1, 2, 3, 10, 11, 12, 80];
  assert.deepEqual(removedSpan(cached, wanted, 3), { start: 3, end: 6 });
  assert.equal(removedSpan(cached, wanted, 4), undefined);
});

test("a prompt edited rather than shortened is no cut", () => {
  const cached = [...range(0, 10), ...range(100, 140)];
  const wanted = [...range(0, 10), 7, ...range(100, 140)];
  assert.equal(removedSpan(cached, wanted, 4), undefined);
});
