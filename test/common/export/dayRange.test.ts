import { test } from "node:test";
import assert from "node:assert/strict";
import { dayFilters, lastDays, parseDay } from "../../../src/common/export/dayRange";

test("a day is read in local time, and a day that does not exist is refused", () => {
  assert.equal(parseDay("2026-11-30")?.getTime(), new Date(2026, 10, 30).getTime());
  for (const bad of ["2026-02-30", "2026-13-01", "30-11-2026", "2026-11-30T10:00", "", "yesterday"]) assert.equal(parseDay(bad), undefined, bad);
});

test("from one day to another takes both days whole, by the calendar", () => {
  const f = dayFilters(parseDay("2026-03-28"), parseDay("2026-03-29"));
  assert.equal(f.since?.getTime(), new Date(2026, 2, 28).getTime());
  assert.equal(f.until?.getTime(), new Date(2026, 2, 30).getTime(), "up to the midnight after the last day, even across a clock change");
  assert.deepEqual(dayFilters(undefined, undefined), {});
});

test("the last N days count today as one of them", () => {
  const now = new Date(2026, 0, 3, 15, 30);
  assert.equal(lastDays(1, now).since?.getTime(), new Date(2026, 0, 3).getTime());
  assert.equal(lastDays(7, now).since?.getTime(), new Date(2025, 11, 28).getTime());
});
