// Model output and stored conversations are untrusted HTML sources: everything rendered from them
// passes through DOMPurify with this configuration before it reaches the page.
import DOMPurify from "dompurify";

/**
 * Tags that could act (forms, frames, media, buttons that look like ours), load something, or
 * restyle the panel. Links and images are rendered as inert text by the markdown renderer, so raw
 * `<a>`/`<img>` from the model are dropped too (their text content stays).
 */
const FORBID_TAGS = [
  "a", "img", "picture", "source", "video", "audio", "track", "canvas", "map", "area",
  "style", "link", "meta", "base", "form", "input", "button", "textarea", "select", "option",
  "label", "fieldset", "iframe", "frame", "frameset", "object", "embed", "dialog", "template",
  "slot", "noscript", "svg", "math",
];
/** Attributes that style, navigate, steal focus, clobber globals (id/name) or reach for ARIA. */
const FORBID_ATTR = [
  "style", "id", "name", "target", "href", "src", "srcset", "action", "formaction", "tabindex",
  "accesskey", "autofocus", "contenteditable", "draggable", "popover", "xlink:href",
];

/** Classes our own renderers put on model content; anything else could impersonate panel UI. */
const ALLOWED_CLASS = /^(?:hljs(?:-[\w-]+)?|[a-z]+_|language-[\w+#.-]{1,32}|md-(?:link|image|task|raw))$/;

const CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
  SANITIZE_NAMED_PROPS: true,
  RETURN_DOM_FRAGMENT: true,
};

// Our own instance, configured once: passing the configuration to every call would parse it again
// each time, which costs more than the sanitizing itself for a streamed paragraph.
const purifier = DOMPurify(window);
purifier.setConfig(CONFIG);
purifier.addHook("uponSanitizeAttribute", (_node, data) => {
  if (data.attrName === "class") data.keepAttr = data.attrValue.split(/\s+/).every((c) => c === "" || ALLOWED_CLASS.test(c));
});

/** Untrusted HTML as an inert fragment of this document. */
export function sanitizeToFragment(html: string): DocumentFragment {
  // With RETURN_DOM_FRAGMENT set above, sanitize returns a fragment; its typing only knows per-call options.
  return purifier.sanitize(html) as unknown as DocumentFragment;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe to place inside HTML text or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}
