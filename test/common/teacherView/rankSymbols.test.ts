import { test } from "node:test";
import assert from "node:assert/strict";
import type { FileSymbol } from "../../../src/common/conversation/conversation";
import { guessSymbols } from "../../../src/common/teacherView/guessSymbols";
import { identifierWords, mentions } from "../../../src/common/util/identifierWords";
import { rankSymbols } from "../../../src/common/teacherView/rankSymbols";

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

test("a name written as code names a symbol, a plain word does not (it may be prose), and locals are not ranked at all", () => {
  // As VS Code's TypeScript provider lists them: methods, and the constants inside them.
  const text = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\n");
  const provided: FileSymbol[] = [
    { name: "Core", kind: "class", line: 0, start: 0, end: 20, depth: 0 },
    { name: "encode", kind: "method", line: 1, start: 1, end: 10, depth: 1 },
    { name: "result", kind: "constant", line: 3, start: 3, end: 3, depth: 2 },
    { name: "merge", kind: "function", line: 22, start: 22, end: 28, depth: 0 },
  ];
  const picks = (question: string) => rankSymbols([{ text, symbols: provided }], { question }).map((p) => `${p.reason}:${p.symbol.name}`);
  assert.deepEqual(picks("Why does `encode` keep its result?").filter((p) => p.startsWith("named")), ["named:encode"]);
  assert.deepEqual(picks("How does the merge work?"), ["similar:merge"], "a plain word counts through the symbol's name");
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

const GO = [
  "// Limiter holds the bucket.",
  "type Limiter struct {",
  "\ttokens float64",
  "}",
  "",
  "// refill puts the tokens earned since last back in the bucket, up to the burst.",
  "func (l *Limiter) refill(now time.Time) {",
  "\tl.tokens = math.Min(l.burst, l.tokens+now.Sub(l.last).Seconds()*l.rate)",
  "}",
  "",
  "// String formats the limiter for logs.",
  "func (l *Limiter) String() string {",
  '\treturn fmt.Sprintf("%v/%v", l.tokens, l.burst)',
  "}",
  "",
  "// drain takes tokens out of the bucket.",
  "func (l *Limiter) drain(n float64) {",
  "\tl.tokens -= n",
  "}",
].join("\n");
const goPicks = (question: string, cursorLine?: number) =>
  rankSymbols([{ text: GO, symbols: guessSymbols(GO, "go"), ...(cursorLine !== undefined ? { focus: { start: cursorLine, end: cursorLine } } : {}) }], { question }).map(
    (p) => `${p.reason}:${p.symbol.name}${p.close ? " close" : ""}${p.aside ? " aside" : ""}`,
  );

test("a question that describes instead of naming finds its function by stems and doc comment, before an unrelated cursor", () => {
  assert.deepEqual(goPicks("How are earned tokens refilled, up to the burst?", 12).slice(0, 2), ["similar:refill", "cursor:String aside"]);
  assert.deepEqual(goPicks("How are earned tokens refilled, up to the burst?", 7).slice(0, 1), ["cursor:refill"], "the cursor's function, when the question is about it");
  assert.ok(!goPicks("What does this print?", 12).some((p) => p.includes("aside")), "a question that matches nothing elsewhere leaves the cursor first");
});

test("two parts that match about as well are both marked close: the footer says it is not sure which", () => {
  const picks = goPicks("Which code moves tokens into or out of the bucket?");
  assert.deepEqual(picks.filter((p) => p.includes("close")).length, 2, picks.join(", "));
  assert.ok(!goPicks("How are earned tokens refilled, up to the burst?").some((p) => p.includes("close")), "a clear best match is sure");
});

test("as VS Code's providers list them (DocumentSymbol children): the cursor's symbol is the innermost declaration, a method of an impl or a class, with its parents", () => {
  const text = Array.from({ length: 45 }, (_, i) => `line ${i}`).join("\n");
  const provided: FileSymbol[] = [
    { name: "impl Cache", kind: "object", line: 0, start: 0, end: 40, depth: 0 },
    { name: "new", kind: "method", line: 1, start: 1, end: 5, depth: 1 },
    { name: "evict", kind: "method", line: 7, start: 7, end: 20, depth: 1 },
    { name: "before", kind: "variable", line: 8, start: 8, end: 8, depth: 2 },
    { name: "stale", kind: "function", line: 10, start: 10, end: 12, depth: 2 },
    { name: "Entry", kind: "struct", line: 42, start: 42, end: 44, depth: 0 },
  ];
  const at = (line: number) => rankSymbols([{ text, symbols: provided, focus: { start: line, end: line } }], { question: "Why?" }).map((p) => `${p.reason}:${p.parents.map((x) => x.name).join("/")}>${p.symbol.name}`);
  assert.deepEqual(at(15), ["cursor:impl Cache>evict"]);
  assert.deepEqual(at(11), ["cursor:impl Cache>evict"], "a closure inside a method goes with the method");
  assert.deepEqual(at(8), ["cursor:impl Cache>evict"], "a local too");
  assert.deepEqual(at(30), ["cursor:>impl Cache"], "between methods, the impl");
});

/** A Go file where public wrappers document private functions that do the work. */
function wrapperFile(reportLines: number): string {
  return [
    "// WaitN blocks until n tokens are free; when the context is cancelled first, it gives back what it reserved.",
    "func (l *Limiter) WaitN(ctx context.Context, n int) error {",
    "\treturn l.wait(ctx, n, time.Now())",
    "}",
    "",
    "func (l *Limiter) wait(ctx context.Context, n int, now time.Time) error {",
    "\tr := l.reserve(n, now)",
    "\tselect {",
    "\tcase <-ctx.Done():",
    "\t\tr.undo()",
    "\t\treturn ctx.Err()",
    "\tcase <-r.ready:",
    "\t\treturn nil",
    "\t}",
    "}",
    "",
    "// Summary says how often callers were refused a burst, in a line for the logs.",
    "func (l *Limiter) Summary() string {",
    ...Array.from({ length: reportLines }, (_, i) => `\tl.line${i} = l.count(${i})`),
    "\treturn l.text()",
    "}",
    "",
    "func (l *Limiter) count(i int) int {",
    "\treturn l.seen[i]",
    "}",
  ].join("\n");
}
const wrapperPicks = (text: string, question: string): string[] =>
  rankSymbols([{ text, symbols: guessSymbols(text, "go") }], { question }).map((p) => `${p.reason}:${p.symbol.name}`);

test("a thin wrapper's doc comment describes the function it calls: the question finds the one that does the work", () => {
  const picks = wrapperPicks(wrapperFile(2), "What is given back when the context is cancelled while it blocks?");
  assert.deepEqual(picks.slice(0, 2), ["similar:wait", "similar:WaitN"], picks.join(", "));
  // Summary is short too: count, whose own lines share no word with the question, is found by Summary's doc.
  assert.deepEqual(wrapperPicks(wrapperFile(2), "How often were callers refused a burst?").slice(0, 2).sort(), ["similar:Summary", "similar:count"]);
});

test("a long caller's doc comment is its own, and a name several symbols share gets no caller's", () => {
  assert.ok(!wrapperPicks(wrapperFile(30), "How often were callers refused a burst?").includes("similar:count"), "a 32-line caller is not a wrapper");
  const twice = `${wrapperFile(2)}\n\nfunc (b *Bucket) wait(n int) {\n\tb.n -= n\n\tb.log()\n}`;
  const picks = wrapperPicks(twice, "What is given back when the context is cancelled while it blocks?");
  assert.equal(picks[0], "similar:WaitN", `either wait may be the one WaitN calls: ${picks.join(", ")}`);
});
