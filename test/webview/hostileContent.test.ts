// Model output and stored conversations are untrusted: whatever HTML or markdown they hold must
// render inert, whether it arrives as the teacher's guidance, the student's text, or from storage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { answer, conversation, init, streamedTurn, userMessage } from "./support/fixtures";
import { usePanelTestHost, type PageGlobals, type PanelPage } from "./support/panelTestHost";

/** Each entry is one markdown block of hostile output. */
const CORPUS = [
  "<script>window.__pwned=1</script>",
  '<img src=x onerror="window.__pwned=1">',
  "[click me](javascript:window.__pwned=1)",
  "<svg onload=window.__pwned=1><circle r=5 /></svg>",
  '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
  '<a href="data:text/html,<script>window.__pwned=1</script>">data link</a>',
  '<div><b>unclosed <i>tags <p onclick="window.__pwned=1">click',
  '[quote"injection](https://example.com/" onmouseover="window.__pwned=1)',
  '[ref link][r]\n\n[r]: javascript:window.__pwned=1',
  "```html\n</code></pre><script>window.__pwned=1</script><img src=x onerror=window.__pwned=1>\n```",
  "&lt;script&gt;window.__pwned=1&lt;/script&gt; &amp; &#60;b&#62;entity&#60;/b&#62;",
  '<details open ontoggle="window.__pwned=1"><summary>more</summary>hidden</details>',
  '<form action="javascript:window.__pwned=1"><button formaction="javascript:window.__pwned=1">Submit</button></form>',
  '<a href="https://evil.example/">plain https link</a> and <https://evil.example/auto>',
  '<style>body{display:none}</style><span style="color:red" class="composer primary">styled</span>',
  '<object data="javascript:window.__pwned=1"></object><embed src="javascript:window.__pwned=1">',
  "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
  "`<img src=x onerror=window.__pwned=1>` in inline code",
  "![alt text](javascript:window.__pwned=1) ![beacon](https://evil.example/beacon.png)",
  '<input autofocus onfocus="window.__pwned=1"><textarea>x</textarea>',
  '<button class="primary send" onclick="window.__pwned=1">Send</button>',
  '<a id="__posted" name="acquireVsCodeApi">clobber</a><form id="app"></form>',
];
const HOSTILE = CORPUS.join("\n\n");

const openForTest = usePanelTestHost();
const openPanel = (t: { after(fn: () => Promise<void>): void }): Promise<PanelPage> => openForTest(t, { deliver: init() });

/** Hovers, focuses and clicks everything in the message, then reports what dangerous DOM is there. */
async function poke(p: PanelPage, messageId: string): Promise<{ pwned: unknown; bad: string[]; text: string }> {
  const selector = `[data-message-id="${messageId}"]`;
  for (const link of await p.page.locator(`${selector} .md-link, ${selector} .md-image`).all()) await link.click();
  return p.page.evaluate(async (sel) => {
    const root = document.querySelector(sel)!;
    for (const el of Array.from(root.querySelectorAll("*"))) {
      el.dispatchEvent(new MouseEvent("mouseover", { bubbles: true }));
      el.dispatchEvent(new FocusEvent("focus"));
      el.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true }));
    }
    // Let anything asynchronous (image errors, toggles) happen.
    await new Promise((r) => setTimeout(r, 300));
    const bad: string[] = [];
    for (const el of Array.from(root.querySelectorAll("*"))) {
      const tag = el.tagName.toLowerCase();
      // The panel's own rating controls (thumbs and the reason box) sit outside the answer's body.
      const panelMade = el.closest(".code-toolbar, .notice-line, .msg-footer, .rating:not(.msg-body .rating)");
      const panelInput = tag === "input" && panelMade?.matches(".rating");
      if (!panelInput && ["script", "iframe", "object", "embed", "form", "input", "textarea", "img", "style", "a", "math", "noscript", "frame"].includes(tag)) bad.push(`<${tag}>`);
      if (tag === "svg" && !panelMade) bad.push("<svg> in content");
      if (tag === "button" && !panelMade) bad.push(`model-made <button>${el.textContent}`);
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name) || ["style", "href", "src", "srcdoc", "action", "formaction"].includes(attr.name)) bad.push(`${tag}[${attr.name}=${attr.value}]`);
        // Ids and names could clobber globals; the panel's own (the legend's id) sit outside the answer's body.
        if (["id", "name"].includes(attr.name) && el.closest(".msg-body")) bad.push(`${tag}[${attr.name}=${attr.value}] in the answer`);
        if (/javascript:|data:text/i.test(attr.value)) bad.push(`${tag}[${attr.name}] has a script URL`);
      }
    }
    return { pwned: (window as unknown as PageGlobals).__pwned, bad, text: root.querySelector(".msg-body")!.textContent ?? "" };
  }, selector);
}

async function assertInert(p: PanelPage, messageId: string): Promise<void> {
  const r = await poke(p, messageId);
  assert.equal(r.pwned, undefined, "no script ran");
  assert.deepEqual(r.bad, []);
  // Escaped and code text stays visible as text.
  assert.ok(r.text.includes("<script>window.__pwned=1</script> & <b>entity</b>"), "entities show as the characters they stand for");
  assert.ok(r.text.includes("</code></pre><script>window.__pwned=1</script>"), "code shows its text");
  assert.ok(r.text.includes("click me") && r.text.includes("plain https link"), "link text stays");
  assert.equal(await p.page.evaluate(() => typeof (window as unknown as PageGlobals).__posted), "object", "no global was clobbered");
  assert.deepEqual(await p.problems(), [], "nothing was blocked by the CSP: the sanitizer removed it first");
}

test("hostile teacher guidance renders inert", async (t) => {
  const p = await openPanel(t);
  await p.deliver(...streamedTurn("c1", userMessage("g", HOSTILE), HOSTILE, "", "\n\nThe rest.", 7));
  await assertInert(p, "g-a");
  const userText = await p.page.locator('[data-message-id="g"] .msg-text').textContent();
  assert.equal(userText, HOSTILE, "the user's own text is shown as typed");
});

test("hostile student text renders inert", async (t) => {
  const p = await openPanel(t);
  await p.deliver(...streamedTurn("c1", userMessage("s", "hi"), "Sure, here", "", ` it is:\n\n${HOSTILE}`, 5));
  await assertInert(p, "s-a");
});

test("a hostile stored conversation renders inert, with the boundary in the middle of it", async (t) => {
  const p = await openPanel(t);
  const stored = answer("st", HOSTILE, Math.floor(HOSTILE.length / 2));
  const live = answer("lv", HOSTILE, 200, { streaming: true, record: undefined });
  await p.deliver({ type: "open", conversation: conversation("c2", "<img src=x onerror=window.__pwned=1>", [userMessage("u", HOSTILE), stored, userMessage("u2", "again"), live]) });
  await assertInert(p, "st");
  await assertInert(p, "lv");
});

test("the page's CSP blocks inline script even if something got past the sanitizer, and our own code causes no violation", async (t) => {
  const p = await openPanel(t);
  assert.deepEqual(await p.problems(), [], "loading the panel breaks no CSP rule");
  await p.page.evaluate(async () => {
    const div = document.createElement("div");
    div.innerHTML = '<img src="data:," onerror="window.__pwned=1">';
    const script = document.createElement("script");
    script.textContent = "window.__pwned = 2";
    document.body.append(div, script);
    await new Promise((r) => setTimeout(r, 300));
  });
  assert.equal(await p.page.evaluate(() => (window as unknown as PageGlobals).__pwned), undefined);
  const problems = await p.problems();
  assert.ok(problems.some((x) => x.startsWith("csp: script-src")), problems.join("\n"));
});
