import { test } from "node:test";
import assert from "node:assert/strict";
import { searchCode } from "../../../src/common/teacherView/codeSearch";
import { identifierWords } from "../../../src/common/util/identifierWords";

const docs = [
  { body: "def evict(self, now):\n    del self.entries[key]" },
  { body: "def schedule(self, retries):\n    return self.backoff * retries" },
  { body: "def is_expired(self, entry):\n    return entry.deadline < now" },
  { body: "def render(self, page):\n    return template.format(page)" },
];
const best = (question: string, within: readonly { body: string }[] = docs): number =>
  [...searchCode(within, { body: 1 }, { question })].sort((a, b) => b[1].score - a[1].score)[0]?.[0] ?? -1;

test("the stemmer meets the word forms a question uses: evicted and evict, retrying and retries, expiry and expired", () => {
  assert.deepEqual(identifierWords("evicted evicts evict"), ["evict", "evict", "evict"]);
  assert.deepEqual(identifierWords("retrying retries"), ["retri", "retri"]);
  assert.equal(best("Where are stale entries evicted?"), 0);
  assert.equal(best("When does it stop retrying?"), 1);
  // Porter gives `expiri` and `expir`: near forms, one beginning the other, meet too.
  assert.notEqual(identifierWords("expiry")[0], identifierWords("expired")[0]);
  assert.equal(best("What is the expiry rule?"), 2);
  assert.equal(best("Why is the page blank?"), 3);
  assert.equal(searchCode(docs, { body: 1 }, { question: "What about the weather?" }).size, 0, "nothing in common, nothing found");
});

test("an abbreviation in code meets the words it stands for: error output and stderr, the context and ctx", () => {
  assert.deepEqual(identifierWords("captured_stderr_"), ["captur", "stderr", "standard", "error", "output"]);
  assert.deepEqual(identifierWords("ctx"), ["ctx", "context"]);
  assert.deepEqual(identifierWords("constructor"), ["constructor"], "a word that names something on every object expands to nothing");
  const blocks = [
    { body: "status = socket.read(&captured_stderr_[0], size)" },
    { body: "exit_code = wait_for(child, deadline)" },
  ];
  assert.equal(best("How is the child's error output collected?", blocks), 0);
});

test("a field weighs as its boost says: the same words count more in a doc comment than in code", () => {
  const fields = [
    { name: "sweep", doc: "", body: "// drop stale entries\nfor e in entries: check(e)" },
    { name: "tick", doc: "Drops stale entries.", body: "for e in entries: check(e)" },
  ];
  const order = [...searchCode(fields, { name: 3, doc: 2, body: 1 }, { question: "Where are stale entries dropped?" })].sort((a, b) => b[1].score - a[1].score).map(([i]) => i);
  assert.deepEqual(order, [1, 0]);
  assert.equal(searchCode(fields, { name: 3, doc: 2, body: 1 }, { question: "Where are stale entries dropped?" }).get(1)?.matched, 3, "stale, entries and dropped: each query word counted once");
});

test("the previous exchange adds its identifiers, names written as code, not its prose", () => {
  const fields = [
    { body: "def flush(self):\n    self.log.write(self.buffer)" },
    { body: "def compact(self):\n    for s in self.segments: merge(s)" },
  ];
  const found = (before?: string) => [...searchCode(fields, { body: 1 }, { question: "Why is it slow?", ...(before ? { before } : {}) }).keys()];
  assert.deepEqual(found(), []);
  assert.deepEqual(found("It calls `merge` on each of the segments, then the buffer."), [1]);
});
