// What package.json puts into VS Code's own UI, checked where a test can see it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MODES } from "../src/common/conversation/mode";

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command?: string; submenu?: string }[]>;
    submenus?: { id: string; label: string }[];
  };
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

test("a command's palette name does not say Headstart twice, and one that lists the modes lists them all", () => {
  for (const c of manifest.contributes.commands) {
    assert.doesNotMatch(`${c.category ?? ""}: ${c.title}`, /Headstart.*Headstart/, `“${c.category}: ${c.title}”`);
  }
  const switchMode = manifest.contributes.commands.find((c) => c.command === "headstart.setMode");
  assert.ok(switchMode);
  for (const mode of MODES) assert.ok(switchMode.title.toLowerCase().includes(mode), `“${switchMode.title}” names ${mode}`);
});

test("in the editor's context menu, Ask about Selection sits under Headstart, so it still says whose it is", () => {
  const entry = manifest.contributes.menus["editor/context"].find((m) => m.submenu !== undefined);
  assert.ok(entry?.submenu, "a Headstart submenu in the editor's context menu");
  assert.equal(manifest.contributes.submenus?.find((s) => s.id === entry.submenu)?.label, "Headstart");
  assert.deepEqual(manifest.contributes.menus[entry.submenu].map((m) => m.command), ["headstart.askAboutSelection"]);
});
