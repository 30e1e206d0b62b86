// The incremental renderer must end where a one-shot render of the same text ends, whatever the
// markdown and however the text was cut into chunks; and the teacher's mark, wherever the
// boundary falls, must never change the text and must cover exactly a leading part of it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { HostMessage } from "../../src/common/panel/protocol";
import { answer, conversation, init, TEACHER } from "./support/fixtures";
import { startPanelTestHost, type PanelPage, type PanelTestHost } from "./support/panelTestHost";

const DOCS = [
  "Intro paragraph\nwith two lines.\n\nHeading\n=======\n\n- a\n- b\n\n  continued b\n\n- c\n\n1. one\n2. two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote\nlazy line\n\n---\n\nEnd.",
  "Steps:\n\n1. Install:\n\n   ```bash\n   npm i\n   ```\n\n2. Run it.\n\t- tabbed item\n",
  "~~~python\nprint('```')\n~~~\n\n````md\n```js\nx\n```\n````\n\nafter",
  "Text then fence\n```js\nlet a = 1;\n```\nText right after.\n```\nbare\n```",
  "```ts\nunclosed code at the end\nline 2",
  "Windows\r\nline endings\r\n\r\n```js\r\nx\r\n```\r\n",
  "    indented code\n    more\n\npara <kbd>Ctrl</kbd> and <div onclick=x>raw</div>",
  "Link [ref][1] and an ![img](https://x/y.png).\n\n[1]: https://example.com",
  "`inline` **bold *nested*** ~~del~~ and a\\\nhard break\n\n- [x] done\n- [ ] todo",
  "  ```\n  indented fence\n  ```\n\n# Title #\n\nLast",
];

let host: PanelTestHost;
let p: PanelPage;
before(async () => {
  host = await startPanelTestHost();
  p = await host.open();
  await p.deliver(init());
});
after(async () => {
  await host?.close();
});

/** The body's HTML, which includes the teacher's marks and every block's structure. */
const bodyHtml = (id: string): Promise<string> => p.page.evaluate((mid) => document.querySelector(`[data-message-id="${mid}"] .msg-body`)!.innerHTML, id);

function streamed(id: string, text: string, guidance: number, chunk: number): HostMessage[] {
  const turn = (event: Extract<HostMessage, { type: "turn" }>["event"]): HostMessage => ({ type: "turn", conversationId: id, messageId: id, event });
  const out: HostMessage[] = [
    { type: "turn-start", conversationId: id, user: { id: `${id}-u`, role: "user", text: "q" }, assistant: { id, role: "assistant", mode: "guided", plan: { teacher: "opening", student: true }, teacherModel: TEACHER, text: "", guidanceLength: 0, streaming: true } },
  ];
  for (let i = 0; i < text.length; i += chunk) {
    const end = Math.min(i + chunk, text.length);
    if (i < guidance) out.push(turn({ type: "guidance", text: text.slice(i, Math.min(end, guidance)) }));
    if (end > guidance) out.push(turn({ type: "student", text: text.slice(Math.max(i, guidance), end) }));
  }
  out.push(turn({ type: "done", message: answer(id, text, guidance) }));
  return out;
}

test("streamed in chunks of any size, tricky markdown ends exactly as a one-shot render", async () => {
  for (const [d, doc] of DOCS.entries()) {
    await p.deliver({ type: "open", conversation: conversation(`one${d}`, "t", [answer(`one${d}`, doc, 12)]) });
    const oneShot = await bodyHtml(`one${d}`);
    assert.ok(oneShot.length > 0);
    for (const chunk of [1, 3, 7, 64]) {
      const id = `s${d}-${chunk}`;
      await p.deliver({ type: "open", conversation: null }, ...streamed(id, doc, 12, chunk));
      assert.equal(await bodyHtml(id), oneShot, `doc ${d} in chunks of ${chunk}: ${JSON.stringify(doc)}`);
    }
  }
});

const MARKED = [
  "# Plan\n\nFirst, **measure** the `slow` path with a profiler, then cache it:",
  "",
  "- keep a `Map` of results",
  "- evict the *oldest* entry when full",
  "",
  "```ts",
  "const cache = new Map<string, number>();",
  "function get(key: string): number {",
  "  return cache.get(key) ?? compute(key);",
  "}",
  "```",
  "",
  "| step | cost |",
  "|------|------|",
  "| miss | high |",
  "",
  "> Measure again [after](https://example.com/docs) the change.",
].join("\n");

test("wherever the boundary falls, the mark keeps the text and covers a growing leading part of it", async () => {
  // Where the engine can cut: before whitespace (never mid-word), or right after a newline.
  const cuts = [...MARKED].flatMap((ch, i) => (i > 0 && (/\s/.test(ch) || MARKED[i - 1] === "\n") && MARKED[i - 1] !== " " ? [i] : []));
  await p.deliver({ type: "open", conversation: conversation("plain", "t", [answer("plain", MARKED, 0)]) });
  // The answer's own text, without the code toolbars' labels.
  const textOf = (id: string): Promise<{ text: string; marked: string }> =>
    p.page.evaluate((mid) => {
      const body = document.querySelector(`[data-message-id="${mid}"] .msg-body`)!.cloneNode(true) as HTMLElement;
      for (const bar of Array.from(body.querySelectorAll(".code-toolbar"))) bar.remove();
      return { text: body.textContent ?? "", marked: Array.from(body.querySelectorAll("mark"), (m) => m.textContent).join("") };
    }, id);
  const plain = (await textOf("plain")).text;
  const squash = (s: string): string => s.replace(/\s+/g, "");
  let previous = 0;
  for (const g of cuts) {
    await p.deliver({ type: "open", conversation: conversation(`g${g}`, "t", [answer(`g${g}`, MARKED, g)]) });
    const r = await textOf(`g${g}`);
    const where = JSON.stringify(MARKED.slice(Math.max(0, g - 15), g) + "|" + MARKED.slice(g, g + 10));
    assert.equal(r.text, plain, `marking at ${where} changed the text`);
    assert.ok(squash(plain).startsWith(squash(r.marked)), `marked text at ${where} is not a leading part: ${JSON.stringify(r.marked)}`);
    assert.ok(squash(r.marked).length >= previous, `the mark shrank at ${where}`);
    previous = squash(r.marked).length;
  }
  assert.equal(previous, squash(plain).length - "change.".length, "the last cut marks all but the last word");
});
