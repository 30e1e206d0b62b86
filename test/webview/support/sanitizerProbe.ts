// Bundled into the test page only: exposes the panel's sanitizer and markdown renderer so a test
// can check the second line of defence (DOMPurify) on its own, behind the first (raw HTML escaped).
import { renderTokens, lexBlocks } from "../../../src/webview/markdown/markdownRenderer";
import { sanitizeToFragment } from "../../../src/webview/markdown/sanitizer";

export interface SanitizerProbe {
  /** Sanitized HTML, serialized. */
  sanitize(html: string): string;
  /** Markdown rendered as the panel renders it, serialized. */
  render(markdown: string): string;
}

const serialize = (fragment: DocumentFragment): string => {
  const div = document.createElement("div");
  div.append(fragment);
  return div.innerHTML;
};

(window as unknown as { __probe: SanitizerProbe }).__probe = {
  sanitize: (html) => serialize(sanitizeToFragment(html)),
  render: (markdown) => serialize(renderTokens(lexBlocks(markdown))),
};
