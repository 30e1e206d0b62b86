// Streaming render work must grow with the text, not with the text times the number of chunks,
// and the streamed result must equal a one-shot render of the same text. Work is counted (DOM
// nodes each chunk touches), never timed: the timed ratio is `npm run bench`'s.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { HostMessage } from "../../src/common/panel/protocol";
import { answer, conversation, init } from "./support/fixtures";
import { guidanceEnd, longAnswer, streamAnswer } from "./support/longAnswer";
import { startPanelTestHost, type PanelPage, type PanelTestHost } from "./support/panelTestHost";

let host: PanelTestHost;
before(async () => {
  host = await startPanelTestHost();
});
after(async () => {
  await host?.close();
});

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

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

test("streaming touches the DOM in proportion to the text, and ends equal to a one-shot render", async (t) => {
  const p = await host.open();
  t.after(() => p.close());
  await p.deliver(init());

  const ten = await streamAnswer(p, "ten", longAnswer(10_000, 1));
  const twentyText = longAnswer(20_000, 2);
  const twenty = await streamAnswer(p, "twenty", twentyText);
  const [total10, total20] = [sum(ten.touchedPerChunk), sum(twenty.touchedPerChunk)];
  const [worst10, worst20] = [Math.max(...ten.touchedPerChunk), Math.max(...twenty.touchedPerChunk)];
  t.diagnostic(`nodes touched: 10k tokens ${total10} (at most ${worst10} in a chunk), 20k tokens ${total20} (at most ${worst20})`);
  // Twice the text, about twice the work; re-rendering the whole answer per chunk would be ~4x.
  assert.ok(total20 <= 2.5 * total10, `20k/10k nodes touched: ${(total20 / total10).toFixed(2)}`);
  // No chunk does work that grows with the answer: the worst one is bounded by its block.
  assert.ok(worst20 <= 2 * worst10 + 50, `worst chunk: ${worst20} vs ${worst10}`);

  // The streamed answer, finished, equals the same stored text rendered in one go.
  const done: HostMessage = { type: "turn", conversationId: "twenty", messageId: "twenty-a", event: { type: "done", message: answer("twenty-a", twentyText, guidanceEnd(twentyText)) } };
  await p.deliver(done);
  const streamed = await snapshot(p, "twenty-a");
  await p.deliver({ type: "open", conversation: conversation("stored", "Stored", [answer("stored-a", twentyText, guidanceEnd(twentyText))]) });
  const oneShot = await snapshot(p, "stored-a");
  assert.equal(streamed.text.length, oneShot.text.length);
  assert.ok(streamed.text === oneShot.text, "same text");
  assert.equal(streamed.codeBlocks, oneShot.codeBlocks);
  assert.ok(streamed.codeBlocks > 50, `a realistic mix (${streamed.codeBlocks} code blocks)`);
  assert.ok(streamed.structure === oneShot.structure, "same block structure");
});
