// Auto mode's probe on the real stories260K model: a confidence, and a prompt left cached.
import { describe, test } from "node:test";
import type { TestContext } from "node:test";
import assert from "node:assert/strict";
import type { ModelRequest, PromptMessage } from "../../src/common/conversation/conversation";
import type { StudentChunk, StudentNote, StudentStats } from "../../src/common/models/student";
import { LlamaStudent } from "../../src/node/student/llamaStudent";
import type { LlamaStudentOptions } from "../../src/node/student/llamaStudent";
import { findStoriesModel, noModelMessage } from "../support/testModels";

// Generous limits so that a hang fails the test instead of the whole run; never a speed check.
const LIMIT = { timeout: 60_000 };
const never = new AbortController().signal;
const ASK = "Tell me a story about a big red ball and a small dog who lived in a house.";

/**
 * A student on stories260K with a small context on the CPU, or `undefined` after a loud skip.
 * The thread count is the product's default unless a test pins it.
 */
async function probeStudent(t: TestContext, options: Partial<LlamaStudentOptions> = {}): Promise<LlamaStudent | undefined> {
  const modelPath = await findStoriesModel();
  if (modelPath === undefined) {
    console.warn(noModelMessage());
    t.skip(noModelMessage());
    return undefined;
  }
  const student = new LlamaStudent({ modelPath, contextSize: 512, gpu: false, maxConversations: 4, maxAnswerTokens: 48, ...options });
  t.after(() => student.dispose());
  return student;
}

function request(conversationId: string, ...texts: string[]): ModelRequest {
  const messages: PromptMessage[] = texts.map((content, i) => ({ role: i % 2 === 0 ? "user" : "assistant", content }));
  return { conversationId, system: "You are a teller of short stories for children.", messages };
}

async function answer(chunks: AsyncIterable<StudentChunk>): Promise<{ text: string; notes: StudentNote[]; stats: StudentStats }> {
  let text = "";
  const notes: StudentNote[] = [];
  let stats: StudentStats | undefined;
  for await (const chunk of chunks) {
    if (chunk.type === "text") text += chunk.text;
    else if (chunk.type === "note") notes.push(chunk.note);
    else if (chunk.type === "end") stats = chunk.stats;
  }
  assert.ok(stats, "the answer ends with an end chunk");
  return { text, notes, stats };
}

describe("LlamaStudent.probe on stories260K", () => {
  test("reports a confidence between 0 and 1 over at most the tokens asked (default threads)", LIMIT, async (t) => {
    const s = await probeStudent(t);
    if (s === undefined) return;
    const found = await s.probe(request("c", ASK), 8, never);
    assert.ok(found, "a probe that is not stopped reports");
    assert.ok(Number.isFinite(found.confidence) && found.confidence >= 0 && found.confidence <= 1, JSON.stringify(found));
    assert.ok(Number.isInteger(found.tokens) && found.tokens >= 0 && found.tokens <= 8, JSON.stringify(found));
    // This model writes on rather than ending a story at once.
    assert.ok(found.tokens > 0, JSON.stringify(found));
    const one = await s.probe(request("d", ASK), 1, never);
    assert.ok(one && one.tokens <= 1 && one.confidence >= 0 && one.confidence <= 1, JSON.stringify(one));
  });

  test("leaves the prompt cached: the answer after it evaluates far less, and is an answer", LIMIT, async (t) => {
    const s = await probeStudent(t, { threads: 1 });
    if (s === undefined) return;
    const cold = await answer(s.continue(request("cold", ASK), "", never));
    const found = await s.probe(request("warm", ASK), 16, never);
    assert.ok(found);
    const warm = await answer(s.continue(request("warm", ASK), "", never));
    console.log(`inputTokens for the same prompt: ${warm.stats.inputTokens} after a probe, ${cold.stats.inputTokens} without`);
    assert.ok(warm.stats.inputTokens < cold.stats.inputTokens / 2, `${warm.stats.inputTokens} vs ${cold.stats.inputTokens}`);
    // The probe's own tokens, left at the end of the cache, do not leak into the answer.
    assert.ok(warm.stats.outputTokens > 0, JSON.stringify(warm.stats));
    assert.match(warm.text, /[a-z]{3}/, JSON.stringify(warm.text));

    // With the teacher's opening as the prefix, only the opening is left to evaluate.
    const opening = "Once upon a time";
    const coldPrefixed = await answer(s.continue(request("cold-prefixed", ASK), opening, never));
    assert.ok(await s.probe(request("warm-prefixed", ASK), 16, never));
    const warmPrefixed = await answer(s.continue(request("warm-prefixed", ASK), opening, never));
    console.log(`inputTokens with the prefix ${JSON.stringify(opening)}: ${warmPrefixed.stats.inputTokens} after a probe, ${coldPrefixed.stats.inputTokens} without`);
    assert.ok(warmPrefixed.stats.inputTokens < coldPrefixed.stats.inputTokens / 2, `${warmPrefixed.stats.inputTokens} vs ${coldPrefixed.stats.inputTokens}`);
    assert.match(warmPrefixed.text, /[a-z]{3}/, JSON.stringify(warmPrefixed.text));
  });

  test("a probe on a later turn reuses the turns before it and leaves the new prompt cached", LIMIT, async (t) => {
    const s = await probeStudent(t, { threads: 1 });
    if (s === undefined) return;
    // Two conversations with the same first turn; only the first probes before its second answer.
    const first = await answer(s.continue(request("probed", "Tell me a story."), "", never));
    await answer(s.continue(request("plain", "Tell me a story."), "", never));
    const turn2 = (id: string) => request(id, "Tell me a story.", first.text, "What happened next?");
    assert.ok(await s.probe(turn2("probed"), 16, never));
    const probed = await answer(s.continue(turn2("probed"), "", never));
    const plain = await answer(s.continue(turn2("plain"), "", never));
    const fresh = await answer(s.continue(turn2("fresh"), "", never));
    const why = `after a probe ${probed.stats.inputTokens}, after the first turn only ${plain.stats.inputTokens}, from nothing ${fresh.stats.inputTokens}`;
    console.log(`inputTokens for a second turn: ${why}`);
    assert.ok(plain.stats.inputTokens < fresh.stats.inputTokens / 2, why);
    assert.ok(probed.stats.inputTokens < plain.stats.inputTokens, why);
    assert.match(probed.text, /[a-z]{3}/, JSON.stringify(probed.text));
  });

  test("does not keep the answer from saying that old messages were left out", LIMIT, async (t) => {
    const s = await probeStudent(t, { threads: 1 });
    if (s === undefined) return;
    const story = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her dog.";
    const texts: string[] = [];
    for (let i = 0; i < 10; i++) texts.push(`Tell me story number ${i + 1} about a dog and a cat.`, story);
    texts.push("Tell me one more.");
    const long = request("long", ...texts);
    assert.ok(await s.probe(long, 8, never));
    const after = await answer(s.continue(long, "", never));
    assert.deepEqual(
      after.notes.filter((n) => n.reason === "history-trimmed").length,
      1,
      JSON.stringify(after.notes),
    );
  });

  test("an already-stopped probe resolves undefined without loading the model", LIMIT, async (t) => {
    const s = await probeStudent(t, { threads: 1 });
    if (s === undefined) return;
    assert.equal(await s.probe(request("c", ASK), 8, AbortSignal.abort()), undefined);
    assert.equal(s.isLoaded, false);
    // Loaded, and stopped before it starts: still nothing, and no error.
    await s.countTokens("Once");
    assert.equal(await s.probe(request("c", ASK), 8, AbortSignal.abort()), undefined);
  });

  test("a probe stopped while it runs resolves undefined and leaves the conversation usable", LIMIT, async (t) => {
    const s = await probeStudent(t, { threads: 1, maxAnswerTokens: 400 });
    if (s === undefined) return;
    await s.countTokens("Once"); // loaded, so that the stop lands in the evaluation
    const ask = "Tell me a long story. ".repeat(10);
    const stop = new AbortController();
    const probing = s.probe(request("c", ask), 400, stop.signal);
    setImmediate(() => stop.abort());
    assert.equal(await probing, undefined);
    // Stopped a moment later, once it has written a little (whichever part it is in by then).
    const later = new AbortController();
    const probingLater = s.probe(request("c", ask), 400, later.signal);
    setTimeout(() => later.abort(), 5);
    assert.equal(await probingLater, undefined);
    // Disposing stops it the same way.
    const other = await probeStudent(t, { threads: 1, maxAnswerTokens: 400 });
    assert.ok(other);
    await other.countTokens("Once");
    const disposed = other.probe(request("c", ask), 400, never);
    setImmediate(() => {
      other.dispose().catch(() => undefined);
    });
    assert.equal(await disposed, undefined);
    const after = await answer(s.continue(request("c", ask), "", never));
    assert.match(after.text, /[a-z]{3}/, JSON.stringify(after.text));
    assert.ok(await s.probe(request("c", ask), 4, never), "a probe after a stopped one reports");
  });
});
