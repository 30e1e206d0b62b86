import { test } from "node:test";
import assert from "node:assert/strict";
import { ContextTray } from "../../../src/common/panel/contextTray";

let n = 0;
const tray = (max: number) => new ContextTray(() => max, () => `id${++n}`);
const ctx = (text: string) => ({ fileName: "a.ts", language: "typescript", kind: "selection" as const, text });

test("attached context shows as chips and goes with the next message once", () => {
  const t = tray(100);
  assert.deepEqual(t.add(ctx("let x = 1;"), "a.ts:1"), { ok: true });
  assert.equal(t.chips().length, 1);
  assert.equal(t.chips()[0].chars, 10);
  assert.deepEqual(t.take(), [ctx("let x = 1;")]);
  assert.deepEqual(t.take(), []);
});

test("too much context is refused with the sizes and the setting to change", () => {
  const t = tray(15);
  t.add(ctx("0123456789"), "a.ts:1");
  const r = t.add(ctx("0123456789"), "b.ts:1");
  assert.equal(r.ok, false);
  assert.match((r as { message: string }).message, /10 characters and 10 are already attached; the limit is 15 .*headstart\.context\.maxChars/);
  assert.equal(t.chips().length, 1);
});

test("chips can be removed; the same place attached twice is replaced", () => {
  const t = tray(100);
  t.add(ctx("one"), "a.ts:1");
  t.add(ctx("two"), "a.ts:1");
  assert.equal(t.chips().length, 1);
  t.remove(t.chips()[0].id);
  assert.deepEqual(t.take(), []);
  assert.equal(t.add(ctx("   "), "empty").ok, false);
});

test("re-attaching the same file replaces it without counting it twice against the limit", () => {
  const t = tray(1_000);
  assert.deepEqual(t.add({ ...ctx("x".repeat(600)), kind: "file" }, "a.ts"), { ok: true });
  assert.deepEqual(t.add({ ...ctx("y".repeat(700)), kind: "file" }, "a.ts"), { ok: true }, "600 + 700 > 1,000, but the 600 are replaced");
  assert.deepEqual(t.chips().map((c) => c.chars), [700]);
  const refused = t.add({ ...ctx("z".repeat(400)), fileName: "b.ts", kind: "file" }, "b.ts");
  assert.equal(refused.ok, false, "a different file still counts what is attached");
});
