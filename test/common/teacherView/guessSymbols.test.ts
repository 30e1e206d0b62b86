import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { guessSymbols } from "../../../src/common/teacherView/guessSymbols";
import { symbolAt } from "../../../src/common/tasks/symbolAt";

const brief = (text: string, language: string) => guessSymbols(text, language).map((s) => `${s.depth} ${s.kind} ${s.name} ${s.start + 1}-${s.line + 1}-${s.end + 1}`);

test("Python: blocks by indentation, with decorators and comments above, docstrings and blank lines inside", () => {
  const text = [
    "import os",
    "",
    "# Areas of shapes.",
    "@cache",
    "def area(r,",
    "         scale=1):",
    '    """Area of a circle.',
    "",
    "Text at the margin inside a docstring.",
    '    """',
    "",
    "    return 3.14 * r * r",
    "",
    "class Shape:",
    "    def size(self):",
    "        pass",
    "",
    "    async def grow(self, by):",
    "        self.by = by",
    "x = area(2)",
  ].join("\n");
  assert.deepEqual(brief(text, "python"), ["0 function area 3-5-12", "0 class Shape 14-14-19", "1 function size 15-15-16", "1 function grow 18-18-19"]);
});

test("TypeScript: blocks by brackets, past braces in strings, comments and template literals", () => {
  const text = [
    "/** Adds. */",
    "export function add(a: number, b = { x: 1 }): number {",
    '  const s = "}";',
    "  // } not this one",
    "  const t = `${a} }`;",
    "  return a + b.x;",
    "}",
    "export type Pair = [number, number];",
    "import { type Foo, type Bar } from './x';",
    "export class Box {",
    "  private async open(",
    "    force: boolean,",
    "  ): Promise<void> {",
    "    if (force) {",
    "      return;",
    "    }",
    "  }",
    "  close(): void {",
    "  }",
    "}",
    "const twice = (n: number) => n * 2;",
    "setTimeout(() => {",
    "}, 10)",
  ].join("\n");
  assert.deepEqual(brief(text, "typescript"), [
    "0 function add 1-2-7",
    "0 type Pair 8-8-8",
    "0 class Box 10-10-20",
    "1 method open 11-11-17",
    "1 method close 18-18-19",
    "0 function twice 21-21-21",
  ]);
});

test("without semicolons, a declaration that opens no body ends where the statement does", () => {
  const text = ["export type Ranks = readonly (string | number)[]", "export type Union =", "  | 'a'", "  | 'b'", "export interface Config {", "  ranks: Ranks", "}"].join("\n");
  assert.deepEqual(brief(text, "typescript"), ["0 type Ranks 1-1-1", "0 type Union 2-2-4", "0 interface Config 5-5-7"]);
});

test("a real file: every method of the chat controller with its whole body", () => {
  const text = readFileSync(join(__dirname, "../../../../shared/bench/attached-file.ts"), "utf8");
  const lines = text.split("\n");
  const symbols = guessSymbols(text, "typescript");
  const retry = symbols.find((s) => s.name === "retry");
  assert.ok(retry);
  assert.match(lines[retry.line], /async retry\(\): Promise<void> \{/);
  assert.equal(lines[retry.end], "  }", "ends at its closing brace");
  assert.ok(retry.end - retry.line > 5);
  const controller = symbols.find((s) => s.name === "ChatController");
  assert.ok(controller && controller.start <= retry.start && controller.end >= retry.end && retry.depth === controller.depth + 1);
  assert.ok(!symbols.some((s) => /^\s*(if|for|return|await)\b/.test(lines[s.line])), "no statements");
});

/** The innermost declaration around the line that holds `marker`, as `Parent.name`. */
const innermost = (text: string, language: string, marker: string): string | undefined => {
  const line = text.split("\n").findIndex((l) => l.includes(marker));
  assert.ok(line >= 0, marker);
  return symbolAt(guessSymbols(text, language), { start: line, end: line })?.name;
};

test("the innermost symbol at the cursor, in each language: Rust impl and trait, Go receivers, Java, C# and Kotlin classes, Python nested defs, Ruby, PHP, C++", () => {
  const rust = [
    "pub trait Store {",
    "    fn get(&self, key: &str) -> Option<String>;",
    "    fn evict(&mut self) -> usize {",
    "        0 // trait default",
    "    }",
    "}",
    "",
    "impl<'a, K: Hash + Eq> Store for Cache<'a, K>",
    "where",
    "    K: Clone,",
    "{",
    "    fn get(&self, key: &str) -> Option<String> {",
    "        let found: &'a str = self.map.get(key)?;",
    "        Some(found.to_string())",
    "    }",
    "",
    "    pub(crate) async fn evict(&mut self) -> usize {",
    "        let before = self.map.len();",
    "        self.map.retain(|_, v| !v.stale); // retain",
    "        before - self.map.len()",
    "    }",
    "}",
  ].join("\n");
  assert.equal(innermost(rust, "rust", "// retain"), "Cache.evict");
  assert.equal(innermost(rust, "rust", "Some(found"), "Cache.get", "past a lifetime, which is no open quote");
  assert.equal(innermost(rust, "rust", "// trait default"), "Store.evict");

  const go = [
    "type Cache[K comparable, V any] struct {",
    "\titems map[K]item[V] // fields",
    "}",
    "",
    "func (c *Cache[K, V]) Evict(now time.Time) int {",
    "\tn := 0",
    "\tfor k, it := range c.items {",
    "\t\tif it.expires.Before(now) {",
    "\t\t\tdelete(c.items, k) // delete",
    "\t\t}",
    "\t}",
    "\treturn n",
    "}",
  ].join("\n");
  assert.equal(innermost(go, "go", "// delete"), "Evict");
  assert.equal(innermost(go, "go", "// fields"), "Cache");

  const java = [
    "public final class Cache<K, V> {",
    "    private final Map<K, Entry<V>> entries = new HashMap<>();",
    "",
    "    /**",
    "     * The value, unless it expired.",
    "     */",
    "    @Override",
    "    public synchronized V get(K key) throws IOException {",
    "        Entry<V> e = entries.get(key);",
    "        if (e == null || e.expired()) {",
    "            return null; // expired",
    "        }",
    "        return e.value;",
    "    }",
    "",
    "    static <T extends Comparable<T>> List<T> sorted(Collection<T> items)",
    "    {",
    "        List<T> out = new ArrayList<>(items); // copy",
    "        return out;",
    "    }",
    "",
    "    private static class Entry<V> {",
    "        boolean expired() {",
    "            return false; // never",
    "        }",
    "    }",
    "}",
  ].join("\n");
  assert.equal(innermost(java, "java", "// expired"), "Cache.get");
  assert.equal(innermost(java, "java", "// copy"), "Cache.sorted");
  assert.equal(innermost(java, "java", "// never"), "Entry.expired");
  const get = guessSymbols(java, "java").find((s) => s.name === "get");
  assert.equal(get?.start, 3, "its doc comment and annotation go with it");

  const csharp = [
    "namespace Demo.Caching",
    "{",
    "    public sealed partial class Cache<TKey, TValue> where TKey : notnull",
    "    {",
    "        private readonly Dictionary<TKey, TValue> _items = new();",
    "",
    "        public async Task<int> EvictAsync(CancellationToken token = default)",
    "        {",
    "            var removed = 0;",
    "            foreach (var key in _items.Keys.ToList())",
    "            {",
    "                removed++; // count",
    "            }",
    "            return removed;",
    "        }",
    "    }",
    "}",
  ].join("\n");
  assert.equal(innermost(csharp, "csharp", "// count"), "Cache.EvictAsync");

  const kotlin = [
    "class RetryPolicy(private val maxAttempts: Int) {",
    "    fun shouldRetry(attempt: Int, error: Throwable): Boolean {",
    "        if (attempt >= maxAttempts) return false // give up",
    "        return error is IOException",
    "    }",
    "",
    "    companion object {",
    "        fun default(): RetryPolicy = RetryPolicy(3)",
    "    }",
    "}",
    "",
    "fun <T> List<T>.secondOrNull(): T? {",
    "    return if (size > 1) this[1] else null // second",
    "}",
  ].join("\n");
  assert.equal(innermost(kotlin, "kotlin", "// give up"), "RetryPolicy.shouldRetry");
  assert.equal(innermost(kotlin, "kotlin", "// second"), "secondOrNull");

  const python = [
    "class Loader:",
    "    def load(self, path):",
    "        def parse(line):",
    "            key, _, value = line.partition('=')  # split",
    "            return key.strip(), value.strip()",
    "        with open(path) as f:",
    "            return dict(parse(l) for l in f)",
  ].join("\n");
  assert.equal(innermost(python, "python", "# split"), "load.parse");

  const ruby = [
    "module Store",
    "  class Cache",
    "    def self.build(size)",
    "      new(size)",
    "    end",
    "",
    "    def evict!(now)",
    "      @items.delete_if do |_, item|",
    "        item.expires_at < now # stale",
    "      end",
    "    end",
    "  end",
    "end",
  ].join("\n");
  assert.equal(innermost(ruby, "ruby", "# stale"), "Cache.evict");
  assert.equal(innermost(ruby, "ruby", "new(size)"), "Cache.build");

  const php = [
    "<?php",
    "namespace App;",
    "",
    "final class Cache",
    "{",
    "    public function evict(int $now): int",
    "    {",
    "        foreach ($this->items as $key => $item) {",
    "            unset($this->items[$key]); // drop",
    "        }",
    "        return count($this->items);",
    "    }",
    "}",
  ].join("\n");
  assert.equal(innermost(php, "php", "// drop"), "Cache.evict");

  const cpp = [
    "namespace cache {",
    "",
    "template <typename K>",
    "class Lru : public Base {",
    " public:",
    "  void Evict(size_t keep) {",
    "    while (list_.size() > keep) {",
    "      list_.pop_back();  // oldest",
    "    }",
    "  }",
    "};",
    "",
    "static int Lru::Size() const {",
    "  struct stat st;",
    "  return count_;  // size",
    "}",
    "",
    "}  // namespace cache",
  ].join("\n");
  assert.equal(innermost(cpp, "cpp", "// oldest"), "Lru.Evict");
  assert.equal(innermost(cpp, "cpp", "// size"), "cache.Lru::Size");
  assert.ok(!guessSymbols(cpp, "cpp").some((s) => s.name === "stat"), "a variable of a struct type is no declaration");
});
