// What package.json puts into VS Code's own UI, checked where a test can see it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface Manifest {
  contributes: { commands: { command: string; title: string }[]; menus: Record<string, { command: string }[]> };
}
const manifest = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as Manifest;

test("one New chat button: the panel's own, none in the view's title bar beside it", () => {
  const inTitle = (manifest.contributes.menus["view/title"] ?? []).map((m) => m.command);
  assert.ok(!inTitle.includes("headstart.newChat"), `view/title holds ${inTitle.join(", ")}`);
  assert.ok(manifest.contributes.commands.some((c) => c.command === "headstart.newChat"), "still in the command palette");
});

test("Test Teacher Connection is a command", () => {
  assert.ok(manifest.contributes.commands.some((c) => c.command === "headstart.testTeacher" && c.title === "Test Teacher Connection"));
});
