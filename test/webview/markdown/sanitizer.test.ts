// The sanitizer on its own, in the real browser: model HTML that got past the markdown renderer's
// escaping would still come out without scripts, handlers, styles, frames, forms, SVG, MathML or
// script URLs. And the renderer's own output keeps what it needs (highlighting classes).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { init } from "../support/fixtures";
import { startPanelTestHost, type PanelPage, type PanelTestHost } from "../support/panelTestHost";
import type { SanitizerProbe } from "../support/sanitizerProbe";

let host: PanelTestHost;
let probe: string;
before(async () => {
  host = await startPanelTestHost();
  const out = buildSync({ entryPoints: [join(__dirname, "..", "support", "sanitizerProbe.ts")], bundle: true, write: false, format: "iife", platform: "browser", target: "es2022" });
  probe = out.outputFiles[0].text;
});
after(async () => {
  await host?.close();
});

async function openProbe(t: { after(fn: () => Promise<void>): void }): Promise<PanelPage> {
  const p = await host.open({ probe });
  t.after(() => p.close());
  await p.deliver(init());
  return p;
}

const sanitize = (p: PanelPage, html: string): Promise<string> => p.page.evaluate((h) => (window as unknown as { __probe: SanitizerProbe }).__probe.sanitize(h), html);
const render = (p: PanelPage, md: string): Promise<string> => p.page.evaluate((m) => (window as unknown as { __probe: SanitizerProbe }).__probe.render(m), md);

const CASES: [string, RegExp][] = [
  ["<script>window.__pwned=1</script>ok", /<script/i],
  ['<img src=x onerror="window.__pwned=1">', /<img|onerror/i],
  ["<svg onload=window.__pwned=1><circle r=5 /></svg>", /<svg|onload/i],
  ["<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>", /<math|<img|onerror|<style/i],
  ['<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>', /<iframe|srcdoc/i],
  ['<a href="javascript:window.__pwned=1">x</a><a href="data:text/html,x">y</a>', /<a|href|javascript:|data:/i],
  ['<form action="javascript:1"><input autofocus onfocus="window.__pwned=1"><button>Go</button></form>', /<form|<input|<button|onfocus/i],
  ['<p style="position:fixed;inset:0" class="composer primary" id="app" name="x" tabindex="1">styled</p>', /style=|class=|id=|name=|tabindex/i],
  ["<style>body{display:none}</style><link rel=stylesheet href=//x>", /<style|<link/i],
  ['<object data="javascript:1"></object><embed src="javascript:1"><base href="//evil/">', /<object|<embed|<base/i],
  ['<details open ontoggle="window.__pwned=1"><summary>s</summary>t</details>', /ontoggle/i],
  ['<span aria-label="Send" data-x="1" title="fine">t</span>', /aria-label|data-x/i],
];

test("DOMPurify strips every active or restyling part of hostile HTML", async (t) => {
  const p = await openProbe(t);
  for (const [html, forbidden] of CASES) {
    const clean = await sanitize(p, html);
    assert.doesNotMatch(clean, forbidden, `${html}\n  => ${clean}`);
  }
  assert.equal(await sanitize(p, '<span title="fine">t</span>'), '<span title="fine">t</span>', "harmless markup stays");
  assert.equal(await p.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
});

test("the renderer escapes raw HTML but keeps bare formatting tags, highlighting classes and inert links", async (t) => {
  const p = await openProbe(t);
  assert.equal(await render(p, '<img src=x onerror="window.__pwned=1">'), '<p class="md-raw">&lt;img src=x onerror="window.__pwned=1"&gt;</p>');
  assert.equal(await render(p, "Press <kbd>Ctrl</kbd>+<b>C</b>"), "<p>Press <kbd>Ctrl</kbd>+<b>C</b></p>");
  assert.equal(await render(p, "[docs](https://example.com/a?b=1) and [bad](javascript:alert(1))"), '<p><span class="md-link" title="https://example.com/a?b=1">docs</span> and <span class="md-link">bad</span></p>');
  assert.match(await render(p, "```ts\nconst x: number = 1;\n```"), /<pre><code class="hljs language-ts"><span class="hljs-keyword">const<\/span>/);
  assert.equal(await render(p, "```nosuchlang\n<b>x</b>\n```"), '<pre><code class="hljs language-nosuchlang">&lt;b&gt;x&lt;/b&gt;</code></pre>');
  assert.equal(await render(p, "- [x] done\n- [ ] todo"), '<ul>\n<li><span class="md-task">☑</span> done</li>\n<li><span class="md-task">☐</span> todo</li>\n</ul>');
});
