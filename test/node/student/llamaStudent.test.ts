import { describe, test } from "node:test";
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import type { Token } from "node-llama-cpp";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { ModelRequest, PromptMessage } from "../../../src/common/conversation/conversation";
import { StudentError } from "../../../src/common/models/errors";
import type { StudentChunk, StudentNote, StudentStats } from "../../../src/common/models/student";
import { ContinuationText } from "../../../src/node/student/continuationText";
import { LlamaStudent } from "../../../src/node/student/llamaStudent";
import type { LlamaStudentOptions } from "../../../src/node/student/llamaStudent";
import { findLargeVocabModel, findStoriesModel, noModelMessage } from "../../support/testModels";

// Generous limits so that a hang fails the test instead of the whole run; never a speed check.
const LIMIT = { timeout: 60_000 };
const STORY = "Once upon a time, there was";
const never = new AbortController().signal;

/** The stories model, or `undefined` after marking the test skipped, loudly. */
async function storiesModel(t: TestContext): Promise<string | undefined> {
  const path = await findStoriesModel();
  if (path === undefined) {
    console.warn(noModelMessage());
    t.skip(noModelMessage());
  }
  return path;
}

/** A student for the tests: one thread (see MODELS.md), a small context, CPU only. */
function student(modelPath: string, options: Partial<LlamaStudentOptions> = {}): LlamaStudent {
  return new LlamaStudent({ modelPath, contextSize: 512, threads: 1, gpu: false, maxConversations: 4, maxAnswerTokens: 48, ...options });
}

function request(conversationId: string, ...texts: string[]): ModelRequest {
  const messages: PromptMessage[] = texts.map((content, i) => ({ role: i % 2 === 0 ? "user" : "assistant", content }));
  return { conversationId, system: "You are a teller of short stories for children.", messages };
}

interface Answer {
  text: string;
  chunks: string[];
  notes: StudentNote[];
  stats: StudentStats;
}

async function answer(chunks: AsyncIterable<StudentChunk>): Promise<Answer> {
  const texts: string[] = [];
  const notes: StudentNote[] = [];
  let stats: StudentStats | undefined;
  for await (const chunk of chunks) {
    assert.equal(stats, undefined, "nothing comes after the end chunk");
    if (chunk.type === "text") texts.push(chunk.text);
    else if (chunk.type === "note") notes.push(chunk.note);
    else if (chunk.type === "end") stats = chunk.stats;
  }
  assert.ok(stats, "the answer ends with an end chunk");
  return { text: texts.join(""), chunks: texts, notes, stats };
}

/** A sensible continuation of STORY: words, starting with the space the prefix left out. */
function assertStoryGoesOn(text: string): void {
  assert.match(text, /^\s/, JSON.stringify(STORY + text));
  assert.match(text, /[a-z]{3}/, JSON.stringify(text));
}

async function rejectsWith(promise: Promise<unknown>, reason: StudentError["reason"], file: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof StudentError, `a StudentError, not ${String(error)}`);
    assert.equal(error.reason, reason, error.message);
    assert.equal(error.file, file);
    assert.ok(error.message.includes(file), `the message names the file: ${error.message}`);
    assert.doesNotMatch(error.message, /\n/, "the message is one line");
    return true;
  });
}

describe("ContinuationText (no model)", () => {
  // A stand-in tokenizer: one token per character, and detokenizing after context adds nothing.
  const model = {
    tokenize: (text: string) => Array.from(text, (c) => c.charCodeAt(0)),
    detokenize: (tokens: readonly number[]) => String.fromCharCode(...tokens),
  } as unknown as ConstructorParameters<typeof ContinuationText>[0];

  test("strips a forced prefix echoed in pieces, or run into the new text", () => {
    const split = new ContinuationText(model, "Hello there");
    assert.deepEqual(["Hel", "lo", " there", " friend", "!"].map((c) => split.accept(c, [])), ["", "", "", " friend", "!"]);
    const merged = new ContinuationText(model, "Hello");
    assert.equal(merged.accept("Hello world", []), " world");
    const none = new ContinuationText(model, "");
    assert.equal(none.forcedPrefix, "");
    assert.equal(none.accept("Hello", []), "Hello");
  });

  test("does not force spaces after a word, and drops them from the new text instead", () => {
    const text = new ContinuationText(model, "there was ");
    assert.equal(text.forcedPrefix, "there was");
    assert.equal(text.accept("there was", []), "");
    assert.equal(text.accept(" a", [32, 97] as unknown as Token[]), "a");
    assert.equal(text.accept(" dog", []), " dog");
    // Indentation on its own line is code, and is forced as it is.
    assert.equal(new ContinuationText(model, "if (x) {\n    ").forcedPrefix, "if (x) {\n    ");
  });
});

describe("LlamaStudent on stories260K", () => {
  test("loads nothing until first used, then loads once for concurrent callers", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const progress: number[] = [];
    const lazy = new LlamaStudent({ modelPath: path, threads: 1, contextSize: 512, maxAnswerTokens: 48, onLoadProgress: (p) => progress.push(p) });
    t.after(() => lazy.dispose());
    assert.equal(lazy.isLoaded, false);
    assert.deepEqual(progress, []);
    // Default GPU choice ("auto"): uses a GPU where one works, and falls back to the CPU here.
    const [a, b] = await Promise.all([lazy.countTokens("Once upon a time"), lazy.countTokens("Once upon a time")]);
    assert.equal(lazy.isLoaded, true);
    assert.equal(a, b);
    assert.ok(a > 0 && a < 16, `a short phrase is a few tokens, got ${a}`);
    assert.equal(progress.filter((p) => p === 1).length, 1, `one load, progress ${progress.join(", ")}`);
    const { stats } = await answer(lazy.continue(request("c", "Tell me a story."), STORY, never));
    assert.ok(stats.outputTokens > 0);
  });

  test("continues a prefix without repeating it, and counts what it wrote", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path);
    t.after(() => s.dispose());
    const { text, chunks, stats } = await answer(s.continue(request("c", "Tell me a story."), STORY, never));
    assert.ok(chunks.length > 0 && chunks.every((c) => c !== ""));
    assert.ok(!text.startsWith(STORY.slice(0, 4)), `new text only: ${JSON.stringify(text)}`);
    assert.match(text, /[a-z]{3}/, "the model writes words");
    // The first word keeps its space: "there was a", not "there wasa".
    assert.match(text, /^\s/, JSON.stringify(STORY + text));
    assert.ok(stats.inputTokens > 0 && stats.outputTokens > 0 && stats.tokensPerSecond > 0, JSON.stringify(stats));
    assert.ok(stats.outputTokens <= 48);
    const counted = await s.countTokens(text);
    assert.ok(Math.abs(counted - stats.outputTokens) <= 2, `${counted} tokens in the text, ${stats.outputTokens} reported`);
  });

  test("a prefix that ends in a space reads the same as one that does not", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path);
    t.after(() => s.dispose());
    const plain = await answer(s.continue(request("a", "Tell me a story."), STORY, never));
    const spaced = await answer(s.continue(request("b", "Tell me a story."), STORY + " ", never));
    assert.equal(STORY + " " + spaced.text, STORY + plain.text);
    assert.doesNotMatch(spaced.text, /^\s/);
  });

  test("answers with no prefix at all", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path);
    t.after(() => s.dispose());
    const { text, stats } = await answer(s.continue(request("c", "Tell me a story."), "", never));
    assert.match(text, /[a-z]{3}/);
    assert.ok(stats.outputTokens > 0);
  });

  test("a preload evaluates the prompt, so the answer after it evaluates less", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path);
    t.after(() => s.dispose());
    const ask = "Tell me a story about a big red ball and a small dog who lived in a house.";
    const cold = await answer(s.continue(request("cold", ask), STORY, never));
    await s.preload(request("warm", ask), never);
    const warm = await answer(s.continue(request("warm", ask), STORY, never));
    assert.ok(warm.stats.inputTokens < cold.stats.inputTokens - 10, `${warm.stats.inputTokens} vs ${cold.stats.inputTokens}`);
    // Greedy answers may differ between a cold and a preloaded cache (floating-point sums split
    // into different batches): what a preload promises is less to evaluate and a sensible answer.
    assertStoryGoesOn(cold.text);
    assertStoryGoesOn(warm.text);
    // A continue that arrives while its preload still runs waits for it and still gains from it.
    const preloading = s.preload(request("racing", ask), never);
    const racing = await answer(s.continue(request("racing", ask), STORY, never));
    await preloading;
    assert.equal(racing.stats.inputTokens, warm.stats.inputTokens);
    assertStoryGoesOn(racing.text);
  });

  test("a second turn reuses the cache of the first", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path);
    t.after(() => s.dispose());
    const first = await answer(s.continue(request("c", "Tell me a story."), STORY, never));
    const turn2 = request("c", "Tell me a story.", STORY + first.text, "What happened next?");
    const second = await answer(s.continue(turn2, "Then", never));
    const fresh = await answer(s.continue({ ...turn2, conversationId: "fresh" }, "Then", never));
    assert.ok(second.stats.inputTokens < fresh.stats.inputTokens / 2, `${second.stats.inputTokens} vs ${fresh.stats.inputTokens}`);
    assert.match(second.text, /[a-z]{3}/);
  });

  test("the least recently used conversation gives up its cache, and still works after", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path, { maxConversations: 2 });
    t.after(() => s.dispose());
    const ask = "Tell me a story.";
    const a1 = await answer(s.continue(request("a", ask), STORY, never));
    const a2 = await answer(s.continue(request("a", ask, STORY + a1.text, "More."), "Then", never));
    // Other questions, so that the cache a gets back holds nothing of its own history.
    await answer(s.continue(request("b", "Tell me about a cat."), STORY, never));
    await answer(s.continue(request("c", "Tell me about a bird."), STORY, never)); // takes a's sequence
    const again = await answer(s.continue(request("a", ask, STORY + a1.text, "More."), "Then", never));
    // Its history is evaluated again, and the answer is still a sensible one.
    assert.ok(again.stats.inputTokens > a2.stats.inputTokens, `${again.stats.inputTokens} vs ${a2.stats.inputTokens}`);
    assert.match(again.text, /[a-z]{3}/, JSON.stringify(again.text));
  });

  test("stopping keeps the partial text and still ends with stats", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path, { maxAnswerTokens: 300 });
    t.after(() => s.dispose());
    const full = await answer(s.continue(request("full", "Tell me a story."), STORY, never));
    const stop = new AbortController();
    const texts: string[] = [];
    let stats: StudentStats | undefined;
    for await (const chunk of s.continue(request("stopped", "Tell me a story."), STORY, stop.signal)) {
      if (chunk.type === "end") stats = chunk.stats;
      else if (chunk.type === "text") {
        texts.push(chunk.text);
        stop.abort();
      }
    }
    assert.ok(stats, "an end chunk after stopping");
    const partial = texts.join("");
    assert.ok(partial.length > 0 && full.text.startsWith(partial), `${JSON.stringify(partial)} begins ${JSON.stringify(full.text)}`);
    assert.ok(stats.outputTokens < full.stats.outputTokens, `${stats.outputTokens} of ${full.stats.outputTokens}`);
    // Stopped before it began: no text, and still an end chunk.
    const none = await answer(s.continue(request("none", "Tell me a story."), STORY, AbortSignal.abort()));
    assert.equal(none.text, "");
    assert.equal(none.stats.outputTokens, 0);
  });

  test("a stopped preload resolves and leaves the conversation usable", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path);
    t.after(() => s.dispose());
    const ask = "Tell me a long story. ".repeat(20);
    const duringLoad = new AbortController();
    const first = s.preload(request("c", ask), duringLoad.signal);
    duringLoad.abort();
    await first;
    const duringEvaluation = new AbortController();
    const second = s.preload(request("c", ask), duringEvaluation.signal);
    setImmediate(() => duringEvaluation.abort());
    await second;
    const after = await answer(s.continue(request("c", ask), STORY, never));
    assert.match(after.text, /[a-z]{3}/);
  });

  test("a consumer that stops reading early does not block the conversation", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    // This model never stops on its own: were the first answer not stopped when its reader left,
    // it would fill its 64k-token context, and the second would wait minutes for it.
    const s = student(path, { maxAnswerTokens: 32_768, contextSize: 65_536, maxConversations: 1 });
    t.after(() => s.dispose());
    for await (const chunk of s.continue(request("c", "Tell me a story."), STORY, never)) {
      assert.equal(chunk.type, "text");
      break;
    }
    const stop = new AbortController();
    let stats: StudentStats | undefined;
    for await (const chunk of s.continue(request("c", "Tell me a story."), STORY, stop.signal)) {
      if (chunk.type === "text") stop.abort();
      else if (chunk.type === "end") stats = chunk.stats;
    }
    assert.ok(stats !== undefined && stats.outputTokens > 0);
  });

  test("two conversations can be written at the same time", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path);
    t.after(() => s.dispose());
    const prefixes = { a: STORY, b: "One day, a little dog" };
    const streams = {
      a: s.continue(request("a", "Tell me a story."), prefixes.a, never)[Symbol.asyncIterator](),
      b: s.continue(request("b", "Tell me about a dog."), prefixes.b, never)[Symbol.asyncIterator](),
    };
    const texts = { a: "", b: "" };
    const ended = { a: false, b: false };
    while (!ended.a || !ended.b) {
      for (const id of ["a", "b"] as const) {
        if (ended[id]) continue;
        const next = await streams[id].next();
        if (next.done === true) ended[id] = true;
        else if (next.value.type === "text") texts[id] += next.value.text;
      }
    }
    for (const id of ["a", "b"] as const) {
      assert.match(texts[id], /[a-z]{3}/, id);
      assert.ok(!texts[id].includes(prefixes[id]), `${id} does not repeat its prefix: ${texts[id]}`);
    }
  });
});

describe("LlamaStudent's defaults and limits", () => {
  test("with default threads it uses one core fewer than the machine has, never more than it has", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const cores = availableParallelism();
    // The product's default: no thread count given, as the extension and the CLI create it.
    const auto = new LlamaStudent({ modelPath: path, gpu: false, contextSize: 512, maxAnswerTokens: 48 });
    t.after(() => auto.dispose());
    assert.equal(auto.threads, undefined, "nothing is loaded yet");
    assertStoryGoesOn((await answer(auto.continue(request("c", "Tell me a story."), STORY, never))).text);
    assert.equal(auto.threads, Math.max(1, cores - 1), `${auto.threads} threads on ${cores} cores`);
    // Asking for far more threads than there are cores gets the cores, no more.
    const greedy = student(path, { threads: 64 });
    t.after(() => greedy.dispose());
    await answer(greedy.continue(request("c", "Tell me a story."), STORY, never));
    assert.ok(greedy.threads !== undefined && greedy.threads <= cores, `${greedy.threads} threads on ${cores} cores`);
  });

  test("a stalled student can go on with fewer threads, down to one", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path, { threads: 2 });
    t.after(() => s.dispose());
    assert.equal(s.useFewerThreads(), undefined, "nothing to ease before the model is loaded");
    await answer(s.continue(request("c", "Tell me a story."), STORY, never));
    const eased = s.useFewerThreads();
    assert.equal(eased, 1);
    assert.equal(s.useFewerThreads(), undefined, "one thread is the floor");
    const after = await answer(s.continue(request("d", "Tell me a story."), STORY, never));
    assertStoryGoesOn(after.text);
    assert.equal(s.threads, 1);
  });

  test("an answer that reaches its limit says so, naming the setting", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path, { maxAnswerTokens: 24 });
    t.after(() => s.dispose());
    const cut = await answer(s.continue(request("c", "Tell me a story."), STORY, never));
    assert.equal(cut.stats.outputTokens, 24);
    assert.deepEqual(cut.notes.map((n) => n.reason), ["length-limit"]);
    assert.match(cut.notes[0].message, /24 tokens.*headstart\.student\.maxAnswerTokens/);
  });

  test("a conversation longer than the context leaves out its oldest exchanges, says so once, and reads only each new question", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path, { contextSize: 1024, maxAnswerTokens: 64 });
    t.after(() => s.dispose());
    const turns: string[] = [];
    const results: Answer[] = [];
    // Each exchange is about 150 tokens in this model's small vocabulary; 1,024 hold six of them.
    for (let i = 0; i < 12; i++) {
      turns.push(`Tell me story number ${i + 1} about a dog and a cat who played in the park.`);
      const a = await answer(s.continue(request("long", ...turns), STORY, never));
      results.push(a);
      turns.push(STORY + a.text);
    }
    const trimmed = results.flatMap((r, i) => r.notes.filter((n) => n.reason === "history-trimmed").map(() => i));
    assert.equal(trimmed.length, 1, `one note about older messages, at turns ${trimmed.join(", ")}`);
    assert.ok(trimmed[0] < 11, `older messages are left out by turn ${trimmed[0] + 1}`);
    assert.match(results[trimmed[0]].notes.find((n) => n.reason === "history-trimmed")!.message, /oldest \d+ messages.*headstart\.student\.contextSize/);
    for (const r of results) {
      assertStoryGoesOn(r.text);
      assert.ok(r.stats.outputTokens <= 64);
    }
    // Every turn after the first reads its own question and the template around it, and nothing
    // more: the turns that leave an exchange out keep the ones after it in the cache, and no turn
    // reads an answer again.
    const evaluated = results.map((r) => r.stats.inputTokens);
    const why = `turns read ${evaluated.join(", ")}`;
    for (const n of evaluated.slice(2)) assert.ok(Math.abs(n - evaluated[1]) <= 2, why);
    turns.pop();
    const fresh = (await answer(s.continue(request("fresh", ...turns), STORY, never))).stats.inputTokens;
    assert.ok(evaluated[11] < fresh / 3, `${why}; the last request from an empty cache: ${fresh}`);
  });

  test("each turn begins with every token the turn before left in the cache, and reads only what follows them", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    // Long answers deep in a conversation: there this model writes some words in other pieces than
    // their text reads back in (here in the answers of turns 4 and 5), which the next turn must
    // find in the cache as it reads them.
    const s = student(path, { contextSize: 4096, maxAnswerTokens: 256 });
    t.after(() => s.dispose());
    const turns: string[] = [];
    const read: number[] = [];
    let before: readonly Token[] = [];
    for (let i = 0; i < 6; i++) {
      turns.push(`Tell me story number ${i + 1} about a dog and a cat who played in the park.`);
      const a = await answer(s.continue(request("c", ...turns), "", never));
      assert.deepEqual(a.notes.map((n) => n.reason).filter((r) => r === "history-trimmed"), [], "nothing is left out");
      const after = await s.cachedTokens("c");
      assert.deepEqual(after.slice(0, before.length), before, `turn ${i + 1} begins with the ${before.length} tokens turn ${i} left`);
      before = after;
      read.push(a.stats.inputTokens);
      turns.push(a.text);
    }
    // And it reads only its own question with the template around it: as much at every turn
    // (the questions differ only in their number), none of the earlier answers again.
    for (const n of read.slice(2)) assert.ok(Math.abs(n - read[1]) <= 2, `turns read ${read.join(", ")}`);
    assert.ok(read[1] < read[0], `turns read ${read.join(", ")}`);
  });

  test("with input lookup, the guesses are reported and only the answer's own tokens are counted", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path, { maxAnswerTokens: 40, inputLookup: true });
    t.after(() => s.dispose());
    // The question carries a story, so the lookup finds the words the answer writes and guesses on.
    const told = await answer(s.continue(request("lookup", `${STORY} a little girl named Lily. She loved to play outside in the park.`), "", never));
    const predictions = told.stats.predictions;
    assert.ok(predictions !== undefined && predictions.validated + predictions.refuted > 0, JSON.stringify(told.stats));
    // Wrong guesses are evaluated too: they must not count as tokens the student wrote.
    assert.equal(told.stats.outputTokens, 40, JSON.stringify(told.stats));
    assert.deepEqual(told.notes.map((n) => n.reason), ["length-limit"]);
    const counted = await s.countTokens(told.text);
    assert.ok(Math.abs(counted - told.stats.outputTokens) <= 2, `${counted} tokens in the text, ${told.stats.outputTokens} reported`);
    const plain = student(path, { maxAnswerTokens: 40 });
    t.after(() => plain.dispose());
    const without = await answer(plain.continue(request("plain", "Tell me a story."), "", never));
    assert.equal(without.stats.predictions, undefined, "no lookup, no guesses to report");
  });

  test("a message too long for the context is refused with the sizes and the setting", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path, { contextSize: 256 });
    t.after(() => s.dispose());
    const huge = "Tell me about the big red ball and the little dog. ".repeat(40);
    await assert.rejects(answer(s.continue(request("c", huge), STORY, never)), (e: unknown) => {
      assert.ok(e instanceof StudentError && e.reason === "too-long", String(e));
      assert.match(e.message, /256 tokens.*headstart\.student\.contextSize/);
      return true;
    });
  });
});

describe("LlamaStudent when things go wrong while writing", () => {
  test("a failure mid-answer keeps the text so far, then throws a generation-failed StudentError", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path);
    t.after(() => s.dispose());
    const { LlamaChatSession } = await import("node-llama-cpp");
    // The method as it is, to be put back as it was.
    const original = Object.getOwnPropertyDescriptor(LlamaChatSession.prototype, "promptWithMeta")!;
    const restore = (): void => void Object.defineProperty(LlamaChatSession.prototype, "promptWithMeta", original);
    t.after(restore);
    // Stand in for a native failure after a few chunks: echo the prefix, write a little, then throw.
    LlamaChatSession.prototype.promptWithMeta = function (_text, options) {
      options?.onResponseChunk?.({ type: undefined, segmentType: undefined, text: options.responsePrefix ?? "", tokens: [] });
      options?.onResponseChunk?.({ type: undefined, segmentType: undefined, text: " and then", tokens: [] });
      return Promise.reject(new Error("ggml_abort: something broke\nat native code"));
    };
    const texts: string[] = [];
    await rejectsWith(
      (async () => {
        for await (const chunk of s.continue(request("c", "Tell me a story."), STORY, never)) if (chunk.type === "text") texts.push(chunk.text);
      })(),
      "generation-failed",
      path,
    );
    assert.deepEqual(texts, [" and then"]);
    restore();
    const after = await answer(s.continue(request("c", "Tell me a story."), STORY, never));
    assert.match(after.text, /[a-z]{3}/, "the conversation works again");
  });

  test("disposing mid-answer ends the answer, and later calls say the model was closed", LIMIT, async (t) => {
    const path = await storiesModel(t);
    if (path === undefined) return;
    const s = student(path, { maxAnswerTokens: 100_000 });
    let stats: StudentStats | undefined;
    let disposing: Promise<void> | undefined;
    for await (const chunk of s.continue(request("c", "Tell me a story."), STORY, never)) {
      if (chunk.type === "end") stats = chunk.stats;
      else disposing ??= s.dispose();
    }
    await disposing;
    assert.ok(stats !== undefined && stats.outputTokens > 0);
    await rejectsWith(s.preload(request("c", "Hi."), never), "load-failed", path);
  });
});

describe("LlamaStudent on a 32,000-token vocabulary", () => {
  test("loads and continues a prefix", LIMIT, async (t) => {
    const path = await findLargeVocabModel();
    if (path === undefined) {
      const message = noModelMessage("llama-2-tiny-random.gguf", "HEADSTART_TEST_MODEL_32K");
      console.warn(message);
      t.skip(message);
      return;
    }
    const s = student(path, { maxAnswerTokens: 16 });
    t.after(() => s.dispose());
    // Llama 2's vocabulary has whole words: far fewer tokens than characters.
    const words = "The quick brown fox jumps over the lazy dog";
    assert.ok((await s.countTokens(words)) <= 12);
    const { text, stats } = await answer(s.continue(request("c", "Say something."), "Sure, here is", never));
    assert.ok(!text.startsWith("Sure"), JSON.stringify(text));
    assert.ok(stats.inputTokens > 0 && stats.outputTokens > 0 && stats.outputTokens <= 16, JSON.stringify(stats));
  });
});

describe("LlamaStudent with bad model files", () => {
  let dir = "";
  test.before(async () => {
    dir = await mkdtemp(join(tmpdir(), "headstart-student-"));
  });
  test.after(() => rm(dir, { recursive: true, force: true }));

  /** Both entry points fail the same way, through a student that was constructed without error. */
  async function assertFails(path: string, reason: StudentError["reason"]): Promise<void> {
    const s = student(path);
    try {
      await rejectsWith(s.preload(request("c", "Hi."), never), reason, path);
      await rejectsWith(answer(s.continue(request("c", "Hi."), STORY, never)), reason, path);
    } finally {
      await s.dispose();
    }
  }

  test("a missing file", LIMIT, async () => {
    const path = join(dir, "nowhere.gguf");
    await assertFails(path, "model-missing");
    await rejectsWith(student(path).countTokens("x"), "model-missing", path);
    await assert.rejects(student(path).countTokens("x"), /Headstart: Choose Student Model/);
    await assertFails(dir, "model-missing"); // a folder is not a model either
  });

  test("a text file named .gguf, and an empty one", LIMIT, async () => {
    const html = join(dir, "page.gguf");
    await writeFile(html, "<!DOCTYPE html><html><body>Sign in to download</body></html>\n");
    await assertFails(html, "model-not-gguf");
    const empty = join(dir, "empty.gguf");
    await writeFile(empty, "");
    await assertFails(empty, "model-not-gguf");
  });

  test("a truncated copy: cut in the data, at the very end, or in the header", LIMIT, async (t) => {
    const good = await storiesModel(t);
    if (good === undefined) return;
    const bytes = await readFile(good);
    for (const [name, length] of [["half", bytes.length / 2], ["end", bytes.length - 100], ["header", 2000]] as const) {
      const path = join(dir, `cut-${name}.gguf`);
      await writeFile(path, bytes.subarray(0, length));
      await assertFails(path, "model-truncated");
    }
  });

  test("an architecture llama.cpp does not know", LIMIT, async (t) => {
    const good = await storiesModel(t);
    if (good === undefined) return;
    const bytes = Buffer.from(await readFile(good));
    // general.architecture is a GGUF string: u32 type 8, u64 length 5, then "llama".
    const key = bytes.indexOf("general.architecture") + "general.architecture".length;
    const value = key + 4 + 8;
    assert.equal(bytes.subarray(value, value + 5).toString("latin1"), "llama");
    bytes.write("zzzzz", value, "latin1");
    const path = join(dir, "unknown-arch.gguf");
    await writeFile(path, bytes);
    await assertFails(path, "model-unsupported");
    await assert.rejects(student(path).countTokens("x"), /zzzzz/);
  });

  test("after a failed load, fixing the file makes the same student work", LIMIT, async (t) => {
    const good = await storiesModel(t);
    if (good === undefined) return;
    const path = join(dir, "later.gguf");
    await writeFile(path, (await readFile(good)).subarray(0, 5000));
    const s = student(path);
    t.after(() => s.dispose());
    await rejectsWith(s.countTokens("x"), "model-truncated", path);
    await copyFile(good, path);
    const { text } = await answer(s.continue(request("c", "Tell me a story."), STORY, never));
    assert.match(text, /[a-z]{3}/);
  });
});
