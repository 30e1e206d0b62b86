import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { findAbortWiring, findImportCycles, findLayerViolations, type SourceFile } from "./support/layerRules";

const root = join(__dirname, "..");
function sources(dir: string): SourceFile[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(name) ? [{ path: relative(root, path), text: readFileSync(path, "utf8") }] : [];
  });
}

test("the source tree keeps the import layers of docs/ARCHITECTURE.md", () => {
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

test("no source file imports itself round a cycle", () => {
  assert.deepEqual(findImportCycles(sources(join(root, "src"))), []);
  const cycle: SourceFile[] = [
    { path: "src/vscode/a.ts", text: `import { b } from "./b";` },
    { path: "src/vscode/b.ts", text: `import type { C } from "../vscode/c";` },
    { path: "src/vscode/c.ts", text: `import { a } from "./a";\nimport { d } from "./d";` },
    { path: "src/vscode/d.ts", text: `export const d = 1;` },
  ];
  assert.deepEqual(findImportCycles(cycle), ["src/vscode/a.ts → src/vscode/b.ts → src/vscode/c.ts → src/vscode/a.ts"]);
  assert.deepEqual(findImportCycles(cycle.slice(1)), []);
});

test("aborts are forwarded by the one abort module, and cancellation tokens by the one helper", () => {
  assert.deepEqual(findAbortWiring(sources(join(root, "src"))), []);
  const byHand: SourceFile[] = [
    { path: "src/node/t.ts", text: `signal.addEventListener("abort", stop, { once: true });` },
    { path: "src/vscode/p.ts", text: `token.onCancellationRequested(() => stop.abort());` },
  ];
  assert.equal(findAbortWiring(byHand).length, 2);
});
