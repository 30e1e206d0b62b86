import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { findLayerViolations, type SourceFile } from "./support/layerRules";

const root = join(__dirname, "..");
function sources(dir: string): SourceFile[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(name) ? [{ path: relative(root, path), text: readFileSync(path, "utf8") }] : [];
  });
}

test("the source tree keeps DESIGN.md's import layers", () => {
  const files = sources(join(root, "src"));
  assert.ok(files.some((f) => f.path.startsWith("src/common/")), "found the sources");
  assert.deepEqual(findLayerViolations(files), []);
});

test("the check catches each kind of break", () => {
  const cases: [SourceFile, RegExp][] = [
    [{ path: "src/common/a.ts", text: `import * as vscode from "vscode";` }, /vscode/],
    [{ path: "src/common/a.ts", text: `import { readFile } from "node:fs";` }, /node:fs/],
    [{ path: "src/common/a.ts", text: `import { x } from "fs";` }, /"fs"/],
    [{ path: "src/common/a.ts", text: `const m = await import("node-llama-cpp");` }, /node-llama-cpp/],
    [{ path: "src/common/a.ts", text: `import OpenAI from "openai";` }, /openai/],
    [{ path: "src/common/a.ts", text: `import { T } from "../node/teacher";` }, /layer node/],
    [{ path: "src/node/a.ts", text: `import type { X } from "vscode";` }, /vscode/],
    [{ path: "src/node/a.ts", text: `export { y } from "../vscode/y";` }, /layer vscode/],
    [{ path: "src/webview/a.ts", text: `import { s } from "../vscode/s";` }, /layer vscode/],
    [{ path: "src/webview/a.ts", text: `const fs = require("fs");` }, /"fs"/],
    [{ path: "src/vscode/a.ts", text: `import { w } from "../webview/main";` }, /layer webview/],
  ];
  for (const [file, expected] of cases) {
    const found = findLayerViolations([file]);
    assert.equal(found.length, 1, `${file.path}: ${file.text}`);
    assert.match(found[0], expected);
  }
  const fine: SourceFile[] = [
    { path: "src/common/a.ts", text: `import { b } from "./b";\nimport type { C } from "./sub/c";` },
    { path: "src/common/r.ts", text: `import MiniSearch from "minisearch";` },
    { path: "src/webview/a.ts", text: `import type { Msg } from "../common/protocol";\nimport DOMPurify from "dompurify";` },
    { path: "src/vscode/a.ts", text: `import * as vscode from "vscode";\nimport { S } from "../node/s";` },
    { path: "src/extension.ts", text: `import { x } from "./vscode/x";` },
  ];
  assert.deepEqual(findLayerViolations(fine), []);
});
