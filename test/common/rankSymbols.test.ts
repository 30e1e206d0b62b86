import { test } from "node:test";
import assert from "node:assert/strict";
import type { FileSymbol } from "../../src/common/conversation";
import { guessSymbols } from "../../src/common/guessSymbols";
import { identifierWords, mentions } from "../../src/common/identifierWords";
import { rankSymbols } from "../../src/common/rankSymbols";

const PY = [
  "def super_len(o):",
  "    return len(o)",
  "",
  "class Session:",
  "    def fetch(self, url):",
  "        return get(url)",
  "",
  "    def close(self):",
  "        pass",
  "",
  "class Ky:",
  "    def fetch(self, url):",
  "        return retry(url)",
  "",
  "def rebuild_auth(prepared, response):",
  "    headers = prepared.headers",
  "    if should_strip(response):",
  "        del headers['Authorization']",
].join("\n");
const symbols = guessSymbols(PY, "python");
const first = (question: string, focus?: { start: number; end: number }) =>
  rankSymbols([{ text: PY, symbols, ...(focus ? { focus } : {}) }], { question }).map((p) => `${p.reason}:${p.parents[0] ? `${p.parents[0].name}.` : ""}${p.symbol.name}`);

test("a name is found in every naming style", () => {
  for (const q of ["Why is super_len slow?", "Why is superLen slow?", "Why is SuperLen slow?", "What does `super_len()` return?", "Is #superLen private?"]) {
    assert.equal(first(q)[0], "named:super_len", q);
  }
});

test("a qualified name prefers the symbol inside the one it names; self. and this. qualify nothing", () => {
  assert.deepEqual(first("Does Ky.fetch retry?").slice(0, 1), ["named:Ky.fetch"]);
  assert.deepEqual(first("Does Session.fetch retry?").slice(0, 1), ["named:Session.fetch"]);
  assert.deepEqual(first("Why does self.fetch retry?").filter((p) => p.startsWith("named")), ["named:Session.fetch", "named:Ky.fetch"]);
});

test("then the symbol around the cursor, then the most similar ones; English words name nothing", () => {
  const picks = first("Where is the authorization header removed when super_len is called?", { start: 7, end: 7 });
  assert.deepEqual(picks.slice(0, 3), ["named:super_len", "cursor:Session.close", "similar:rebuild_auth"]);
  assert.deepEqual(first("What is this for and how does it work?"), [], "nothing named, nothing similar enough");
});

test("code-aware words: identifiers split, plurals folded, keywords and stop words left out", () => {
  assert.deepEqual(identifierWords("def rebuildAuth(self, HTTPHeaders): return headers"), ["rebuild", "auth", "http", "header", "header"]);
  assert.deepEqual(
    mentions("Why does `fetch` call self.retry and Ky.get() but not the Session?").map((m) => `${m.qualifier ?? ""}.${m.key}${m.code ? "!" : ""}`),
    [".fetch!", ".call", ".retry!", "ky.get!", ".session"],
  );
});

test("the ranking is the same for the same input", () => {
  const files = [{ text: PY, symbols: symbols as readonly FileSymbol[], focus: { start: 12, end: 12 } }];
  const q = { question: "How does fetch rebuild auth headers?", before: "Earlier: super_len" };
  assert.deepEqual(rankSymbols(files, q), rankSymbols(files, q));
});

test("a plain word names a function or a class, never a function's local, and locals are not ranked at all", () => {
  // As VS Code's TypeScript provider lists them: methods, and the constants inside them.
  const text = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n");
  const provided: FileSymbol[] = [
    { name: "Core", kind: "class", line: 0, start: 0, end: 20, depth: 0 },
    { name: "encode", kind: "method", line: 1, start: 1, end: 10, depth: 1 },
    { name: "result", kind: "constant", line: 3, start: 3, end: 3, depth: 2 },
    { name: "merge", kind: "function", line: 22, start: 22, end: 28, depth: 0 },
  ];
  const picks = (question: string) => rankSymbols([{ text, symbols: provided }], { question }).map((p) => `${p.reason}:${p.symbol.name}`);
  assert.deepEqual(picks("Why does encode keep its result?").filter((p) => p.startsWith("named")), ["named:encode"]);
  assert.deepEqual(picks("How does the merge work?").filter((p) => p.startsWith("named")), ["named:merge"]);
  assert.ok(!rankSymbols([{ text, symbols: provided }], { question: "`result`", all: true }).some((p) => p.symbol.name === "result"), "a local goes with its function");
});

test("similar means a block: a one-line field or alias is already its outline line", () => {
  const text = Array.from({ length: 12 }, (_, i) => `line ${i}`).join("\n");
  const provided: FileSymbol[] = [
    { name: "cacheSize", kind: "property", line: 1, start: 1, end: 1, depth: 0 },
    { name: "resizeCache", kind: "method", line: 3, start: 3, end: 8, depth: 0 },
  ];
  const lines = text.split("\n");
  lines[1] = "cacheSize = 10 // the cache size";
  lines[4] = "this.cacheSize = size; // resize the cache";
  const picks = rankSymbols([{ text: lines.join("\n"), symbols: provided }], { question: "How big can the cache size grow when resized?" });
  assert.deepEqual(picks.map((p) => `${p.reason}:${p.symbol.name}`), ["similar:resizeCache"]);
});
