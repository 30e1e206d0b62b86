// A deterministic long markdown answer, and streaming it into the panel in small chunks: shared by
// the render-cost test (which counts DOM work) and the benchmark (which times it).
import type { PanelPage } from "./panelTestHost";
import { TEACHER } from "./fixtures";

/** Characters per token, roughly, for English prose and code. */
const CHARS_PER_TOKEN = 4;

/** A deterministic answer of about `tokens` tokens: headings, paragraphs, lists and code fences. */
export function longAnswer(tokens: number, seed: number): string {
  let s = seed;
  const rand = (n: number): number => ((s = (s * 1103515245 + 12345) % 2147483648), s % n);
  const words = ["the", "cache", "returns", "a", "value", "when", "key", "is", "present", "otherwise", "we", "compute", "it", "and", "store", "result", "for", "next", "call", "map"];
  const sentence = (): string => {
    const w = Array.from({ length: 8 + rand(10) }, () => words[rand(words.length)]);
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

/** What streaming one answer cost the page: milliseconds, and DOM nodes touched per chunk. */
export interface StreamCost {
  ms: number;
  /** Nodes added, removed or changed in text, for each chunk delivered. */
  touchedPerChunk: number[];
}

/** Streams `text` in chunks of 2 to 5 characters (the first 120 as guidance) inside the page. */
export async function streamAnswer(p: PanelPage, conversationId: string, text: string): Promise<StreamCost> {
  await p.deliver({ type: "open", conversation: null });
  return p.page.evaluate(
    ([cid, full, teacher]) =>
      new Promise<StreamCost>((resolve) => {
        const messageId = `${cid}-a`;
        const messages: unknown[] = [
          {
            type: "turn-start",
            conversationId: cid,
            user: { id: `${cid}-u`, role: "user", text: "Explain memoization" },
            assistant: { id: messageId, role: "assistant", mode: "guided", plan: { teacher: "opening", student: true }, teacherModel: teacher, text: "", guidanceLength: 0, streaming: true },
          },
        ];
        for (let i = 0, n = 0; i < full.length; n++) {
          const size = 2 + (n % 4);
          const type = i < 120 ? "guidance" : "student";
          messages.push({ type: "turn", conversationId: cid, messageId, event: { type, text: full.slice(i, i + size) } });
          i += size;
        }
        // The observer's callback runs at the microtask checkpoint after the panel's own listener;
        // ours, registered after it, then takes exactly the DOM changes that one message caused.
        const count = (records: MutationRecord[]): number =>
          records.reduce((n, r) => n + (r.type === "characterData" ? 1 : r.addedNodes.length + r.removedNodes.length), 0);
        let touched = 0;
        const observer = new MutationObserver((records) => (touched += count(records)));
        observer.observe(document.body, { childList: true, characterData: true, subtree: true });
        const touchedPerChunk: number[] = [];
        const marker = `done-${cid}`;
        const started = performance.now();
        window.addEventListener("message", function onMessage(e) {
          if (e.data !== marker) {
            touchedPerChunk.push(touched + count(observer.takeRecords()));
            touched = 0;
            return;
          }
          window.removeEventListener("message", onMessage);
          observer.disconnect();
          resolve({ ms: performance.now() - started, touchedPerChunk: touchedPerChunk.slice(1) });
        });
        for (const m of messages) window.postMessage(m, "*");
        window.postMessage(marker, "*");
      }),
    [conversationId, text, TEACHER] as const,
  );
}

/** Where the guidance stopped: the student's first chunk starts at the first chunk boundary at or past 120. */
export function guidanceEnd(text: string): number {
  let i = 0;
  for (let n = 0; i < Math.min(120, text.length); n++) i += 2 + (n % 4);
  return Math.min(i, text.length);
}
