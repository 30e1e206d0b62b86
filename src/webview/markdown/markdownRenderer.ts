// Markdown to sanitized DOM. `marked` parses; our renderer overrides make links, images and task
// boxes inert text and highlight code; DOMPurify then cleans whatever HTML the model wrote itself.
import { Marked, type Token } from "marked";
import { highlightCode } from "./highlighter";
import { escapeHtml, sanitizeToFragment } from "./sanitizer";

const markdown = new Marked({ gfm: true, breaks: false, async: false });

/** The language named on a fence, reduced to characters safe in a class name. */
export function fenceLanguage(info: string | undefined): string {
  const word = (info ?? "").trim().split(/\s+/, 1)[0] ?? "";
  return word.replace(/[^\w+#.-]/g, "").slice(0, 32).toLowerCase();
}

/** The address shown on hover: only web and mail addresses; anything else is not even shown. */
function addressTitle(href: string): string {
  return /^(?:https?:|mailto:)/i.test(href) ? ` title="${escapeHtml(href)}"` : "";
}

/**
 * Bare formatting tags a model may write in prose. Any other raw HTML is shown as the text it is,
 * so what the model writes never reaches the HTML parser as markup with attributes (DOMPurify
 * still cleans everything after this, as a second line).
 */
const BARE_TAG = /^<\/?(?:b|i|em|strong|kbd|sub|sup|br|del|s|u|small)\s*\/?>$/i;

markdown.use({
  renderer: {
    code({ text, lang }) {
      const language = fenceLanguage(lang);
      const body = highlightCode(text, language) ?? escapeHtml(text);
      return `<pre><code class="hljs${language ? ` language-${language}` : ""}">${body}</code></pre>\n`;
    },
    // Links open nothing from the panel: the text stays, the address is shown on hover.
    link({ href, tokens }) {
      return `<span class="md-link"${addressTitle(href)}>${this.parser.parseInline(tokens)}</span>`;
    },
    // No remote images (the CSP would block them anyway): the alt text stands in.
    image({ href, text }) {
      return `<span class="md-image"${addressTitle(href)}>${escapeHtml(text || "image")}</span>`;
    },
    html({ text, block }) {
      if (BARE_TAG.test(text.trim())) return text.trim();
      return block ? `<p class="md-raw">${escapeHtml(text.replace(/\n+$/, ""))}</p>\n` : escapeHtml(text);
    },
    checkbox({ checked }) {
      return `<span class="md-task">${checked ? "\u2611" : "\u2610"}</span> `;
    },
  },
});

/** Top-level block tokens; their `raw` strings concatenate back to `source`. */
export function lexBlocks(source: string): Token[] {
  return markdown.lexer(source);
}

/** The structure of some tokens (their kinds, not their text), to tell whether an edit changed it. */
export function shapeOf(tokens: Token[]): string {
  const kinds: string[] = [];
  markdown.walkTokens(tokens, (t) => {
    if (t.type !== "text" && t.type !== "escape") kinds.push(t.type);
  });
  return kinds.join(",");
}

/** Renders block tokens to an inert fragment. */
export function renderTokens(tokens: Token[]): DocumentFragment {
  const list = Object.assign(tokens.slice(), { links: Object.create(null) as Record<string, never> });
  const fragment = sanitizeToFragment(markdown.parser(list));
  // marked puts a newline after each block; between blocks it is only noise in the text.
  for (const node of Array.from(fragment.childNodes)) if (node.nodeType === Node.TEXT_NODE && !/\S/.test(node.textContent ?? "")) node.remove();
  return fragment;
}
