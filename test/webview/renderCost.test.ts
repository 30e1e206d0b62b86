// Streaming render cost must grow with the text, not with the text times the number of chunks:
// a 20,000-token answer streamed in small chunks may take no more than ~2.5x a 10,000-token one
// (a ratio measured side by side in one run, the one timing check in these tests). The streamed
// result must also equal a one-shot render of the same text.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { HostMessage } from "../../src/common/protocol";
import { answer, conversation, init, TEACHER } from "./support/fixtures";
import { startPanelTestHost, type PanelPage, type PanelTestHost } from "./support/panelTestHost";

/** Characters per token, roughly, for English prose and code. */
const CHARS_PER_TOKEN = 4;
const MAX_RATIO = 2.5;
const ROUNDS = 2;

/** A deterministic answer of about `tokens` tokens: headings, paragraphs, lists and code fences. */
function longAnswer(tokens: number, seed: number): string {
  let s = seed;
  const rand = (n: number): number => ((s = (s * 1103515245 + 12345) % 2147483648), s % n);
  const words = ["the", "cache", "returns", "a", "value", "when", "key", "is", "present", "otherwise", "we", "compute", "it", "and", "store", "result", "for", "next", "call", "map"];
  const sentence = (): string => {
    const w = Array.from({ length: 8 + rand(10) }, () => words[rand(words.length)]!);
    if (rand(4) === 0) w[rand(w.length)] = "`memo.get(key)`";
    if (rand(5) === 0) w[rand(w.length)] = "**always**";
    return `${w.join(" ").replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const code = (): string => {
    const lines = Array.from({ length: 5 + rand(10) }, (_, i) => `  const v${i} = memo.get(key${i}) ?? compute(${i}, "${words[rand(words.length)]}");`);
    return ["```ts", "function lookup(key: string): number {", ...lines, "  return v0;", "}", "```"].join("\n");
  };
  const blocks: string[] = [];
  let length = 0;
  while (length < tokens * CHARS_PER_TOKEN) {
    const kind = rand(10);
    const block =
      kind < 5
        ? Array.from({ length: 2 + rand(4) }, sentence).join(" ")
        : kind < 7
          ? Array.from({ length: 3 + rand(3) }, () => `- ${sentence()}`).join("\n")
          : kind < 9
            ? code()
            : `### Step ${blocks.length}`;
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.join("\n\n");
}

let host: PanelTestHost;
before(async () => {
  host = await startPanelTestHost();
});
after(async () => {
  await host?.close();
});

/** Streams `text` in chunks of 2 to 5 characters (the first 120 as guidance) inside the page; returns milliseconds. */
async function stream(p: PanelPage, conversationId: string, text: string): Promise<number> {
  await p.deliver({ type: "open", conversation: null });
  return p.page.evaluate(
    ([cid, full, teacher]) =>
      new Promise<number>((resolve) => {
        const messageId = `${cid}-a`;
        const messages: unknown[] = [
          {
            type: "turn-start",
            conversationId: cid,
            user: { id: `${cid}-u`, role: "user", text: "Explain memoization" },
            assistant: { id: messageId, role: "assistant", mode: "guided", teacherModel: teacher, text: "", guidanceLength: 0, streaming: true },
          },
        ];
        for (let i = 0, n = 0; i < full.length; n++) {
          const size = 2 + (n % 4);
          const type = i < 120 ? "guidance" : "student";
          messages.push({ type: "turn", conversationId: cid, messageId, event: { type, text: full.slice(i, i + size) } });
          i += size;
        }
        const marker = `done-${cid}`;
        const started = performance.now();
        window.addEventListener("message", function onMessage(e) {
          if (e.data !== marker) return;
          window.removeEventListener("message", onMessage);
          resolve(performance.now() - started);
        });
        for (const m of messages) window.postMessage(m, "*");
        window.postMessage(marker, "*");
      }),
    [conversationId, text, TEACHER] as const,
  );
}

/** Text, code block count and block structure of one answer's body. */
function snapshot(p: PanelPage, messageId: string): Promise<{ text: string; codeBlocks: number; structure: string }> {
  return p.page.evaluate((id) => {
    const body = document.querySelector(`[data-message-id="${id}"] .msg-body`)!;
    return {
      text: body.textContent ?? "",
      codeBlocks: body.querySelectorAll("pre").length,
      structure: Array.from(body.querySelectorAll(".md-block > *"), (el) => el.tagName + el.childElementCount).join(" "),
    };
  }, messageId);
}

/** Where the guidance stopped: the student's first chunk starts at the first chunk boundary at or past 120. */
function guidanceEnd(text: string): number {
  let i = 0;
  for (let n = 0; i < Math.min(120, text.length); n++) i += 2 + (n % 4);
  return Math.min(i, text.length);
}

test("streaming render cost grows with the text: 20k tokens take at most ~2.5x 10k tokens, and match a one-shot render", async (t) => {
  const p = await host.open();
  t.after(() => p.close());
  await p.deliver(init());
  await stream(p, "warmup", longAnswer(2_000, 7));

  const ten = longAnswer(10_000, 1);
  const twenty = longAnswer(20_000, 2);
  // Interleaved rounds, the fastest of each size: the machine is shared, and a pause elsewhere
  // should not decide the ratio.
  const times = { ten: [] as number[], twenty: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    times.ten.push(await stream(p, `ten${round}`, ten));
    times.twenty.push(await stream(p, `twenty${round}`, twenty));
  }
  const ms10 = Math.min(...times.ten);
  const ms20 = Math.min(...times.twenty);
  const ratio = ms20 / ms10;
  t.diagnostic(
    `10k tokens (${ten.length} chars): ${ms10.toFixed(0)} ms; 20k tokens (${twenty.length} chars): ${ms20.toFixed(0)} ms; ratio ${ratio.toFixed(2)} ` +
      `(all runs: ${times.ten.map((x) => x.toFixed(0)).join("/")} vs ${times.twenty.map((x) => x.toFixed(0)).join("/")} ms)`,
  );
  assert.ok(ratio <= MAX_RATIO, `20k/10k ratio ${ratio.toFixed(2)} > ${MAX_RATIO}`);

  // The streamed answer, finished, equals the same stored text rendered in one go.
  const last = `twenty${ROUNDS - 1}`;
  const done: HostMessage = { type: "turn", conversationId: last, messageId: `${last}-a`, event: { type: "done", message: answer(`${last}-a`, twenty, guidanceEnd(twenty)) } };
  await p.deliver(done);
  const streamed = await snapshot(p, `${last}-a`);
  await p.deliver({ type: "open", conversation: conversation("stored", "Stored", [answer("stored-a", twenty, guidanceEnd(twenty))]) });
  const oneShot = await snapshot(p, "stored-a");
  assert.equal(streamed.text.length, oneShot.text.length);
  assert.ok(streamed.text === oneShot.text, "same text");
  assert.equal(streamed.codeBlocks, oneShot.codeBlocks);
  assert.ok(streamed.codeBlocks > 50, `a realistic mix (${streamed.codeBlocks} code blocks)`);
  assert.ok(streamed.structure === oneShot.structure, "same block structure");
});
