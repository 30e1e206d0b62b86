import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSlashCommands, SLASH_COMMANDS } from "../../../src/common/tasks/slashCommand";

test("one parser for every face: a task, a mode, both, or neither, and the words after them", () => {
  assert.deepEqual(parseSlashCommands("/fix why is this null?"), { task: "fix", rest: "why is this null?" });
  assert.deepEqual(parseSlashCommands("/cloud /explain"), { mode: "cloud", task: "explain", rest: "" });
  assert.deepEqual(parseSlashCommands("  /local\nhow does it work"), { mode: "local", rest: "how does it work" });
  assert.deepEqual(parseSlashCommands("/usr/bin is missing"), { rest: "/usr/bin is missing" }, "a path is not a command");
  assert.deepEqual(parseSlashCommands("/fixes are welcome"), { rest: "/fixes are welcome" });
  assert.deepEqual(parseSlashCommands("/fix /doc this"), { task: "fix", rest: "/doc this" }, "one task a message: a second is text");
  assert.deepEqual(parseSlashCommands("the loop", "tests"), { task: "tests", rest: "the loop" }, "the Chat view's command, taken apart already");
  assert.deepEqual(parseSlashCommands("/explain it", "auto"), { mode: "auto", task: "explain", rest: "it" });
});

test("the Chat view's participant commands in package.json say what the shared list says", () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { contributes: { chatParticipants: { commands: { name: string; description: string }[] }[] } };
  for (const c of manifest.contributes.chatParticipants[0].commands) {
    assert.deepEqual(SLASH_COMMANDS.find((s) => s.name === c.name), c, `/${c.name}`);
  }
});
