// Text from a server is data on every surface. This lists the VS Code APIs that render links,
// icons or markdown, finds every call of them in src/, and checks that each caller's text is
// made inert (or escaped) on the way, or is the extension's own words: a new caller fails here
// until it is one or the other.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { inertLines, inertText, serverSnippet } from "../src/common/util/inertText";

const root = join(__dirname, "..");

function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") ? [{ path: relative(root, path), text: readFileSync(path, "utf8") }] : [];
  });
}

/** The notification's own link syntax: `[label](href)` with an http(s), command or file href. */
function notificationLinks(text: string): string[] {
  return [...text.matchAll(/\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)\)/gi)].map((m) => m[2]);
}

const HOSTILE = [
  "[Apply the fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%20-rf%20~%5Cn%22%7D)",
  "gpt-4o [docs](https://evil.example/x) and [open](file:///etc/passwd)",
  "[two\nlines](command:x)",
  "[spaced]\t(command:x)",
  "$(warning) $(loading~spin) icons",
  "line one\n2026-12-06 [info] Key sent to https://evil.example\u001b[31m red\u202e",
];

test("inert text shows what the server sent, with no link, icon, line break or control character left", () => {
  for (const sent of HOSTILE) {
    for (const shown of [inertText(sent), serverSnippet(sent)]) {
      assert.deepEqual(notificationLinks(shown), [], shown);
      assert.doesNotMatch(shown, /\$\(/, shown);
      // eslint-disable-next-line no-control-regex
      assert.doesNotMatch(shown, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/, JSON.stringify(shown));
    }
  }
  assert.equal(inertText("[Apply the fix](command:x)"), "[Apply the fix] (command:x)", "still readable");
  assert.equal(inertText("gpt-4o-mini (2024-07-18)"), "gpt-4o-mini (2024-07-18)", "ordinary text is left alone");
  assert.equal(inertLines("first [a](command:x)\nsecond"), "first [a] (command:x)\nsecond", "a dialog's detail keeps its lines");
  assert.equal(serverSnippet("x".repeat(1000), 50).length, 50);
  // Without it, VS Code's notification would have made links of these.
  assert.ok(notificationLinks(HOSTILE[0]).length === 1 && notificationLinks(HOSTILE[1]).length === 2);
});

/** Where each rendering API may be called, and how the call's text is made safe. */
const RULES: { api: RegExp; allowed: Record<string, string> }[] = [
  {
    api: /window\.show(?:Information|Warning|Error)Message\s*\(|window\.withProgress\s*\(/,
    allowed: { "src/vscode/util/notify.ts": "makes every message, detail, title and progress line inert" },
  },
  {
    api: /new vscode\.MarkdownString\s*\(\s*[^)]/,
    allowed: {},
  },
  {
    api: /showQuickPick\s*\(|createQuickPick\s*\(|showInputBox\s*\(/,
    allowed: {
      "src/vscode/app/commands.ts": "the modes and their descriptions, Headstart's own",
      "src/vscode/settings/walkthrough.ts": "the built-in provider presets; the base URL the user typed",
      "src/vscode/export/exportCommand.ts": "the export formats, filters and ranges, Headstart's own",
      "src/vscode/student/modelPickers.ts": "the recommended models, Headstart's own; the URI the user typed",
      "src/vscode/chatView/chatViewRatings.ts": "good / poor, Headstart's own",
      "src/vscode/settings/apiKeyStore.ts": "the key prompt names the origin of the user's own setting",
    },
  },
];

test("every call of an API that renders links or icons makes its text inert, or shows only the extension's own words", () => {
  const files = sources(join(root, "src"));
  const found: string[] = [];
  for (const { path, text } of files) {
    for (const rule of RULES) {
      if (rule.api.test(text) && !(path in rule.allowed)) found.push(`${path}: ${rule.api.source}`);
    }
    // A tooltip or hover written as markdown takes Headstart's own literal markdown only; names and figures go in as text.
    for (const m of text.matchAll(/appendMarkdown\(([^)]*)\)/g)) {
      if (!/^"[^"$`]*"$/.test(m[1].trim())) found.push(`${path}: appendMarkdown(${m[1]}) is not a literal`);
    }
    // The Chat view renders markdown: what is put into it from a variable is escaped first.
    for (const m of text.matchAll(/stream\.markdown\(`((?:[^`\\]|\\.)*)`\)/g)) {
      for (const hole of m[1].matchAll(/\$\{([^}]*)\}/g)) {
        if (!/^(escapeMarkdown|openingLine)\(/.test(hole[1])) found.push(`${path}: stream.markdown takes \${${hole[1]}} unescaped`);
      }
    }
  }
  assert.deepEqual(found, []);
  // The checks look where the calls are.
  assert.ok(files.some((f) => f.path === "src/vscode/util/notify.ts" && RULES[0].api.test(f.text)));
  assert.ok(files.some((f) => /stream\.markdown\(`/.test(f.text)));
});

test("the check above catches a notification built from a server's text outside notify.ts", () => {
  const text = 'void vscode.window.showWarningMessage(`Headstart: ${report.model}`);';
  assert.ok(RULES[0].api.test(text));
  assert.ok(!("src/vscode/teacher/teacherFactory.ts" in RULES[0].allowed));
});
