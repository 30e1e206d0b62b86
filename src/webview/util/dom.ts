// Small helpers to build the panel's DOM. Text always goes in through text nodes, never as HTML.

export type Child = Node | string | null | undefined | false;
export type Attrs = Record<string, string | boolean | undefined>;

/** An element with attributes (`true` = present, `false`/`undefined` = absent) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) el.setAttribute(name, "");
    else if (typeof value === "string") el.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) el.append(child);
  return el;
}

export interface ButtonOptions {
  /** Visible text; icon-only buttons leave it out and must give `label`. */
  text?: string;
  /** Accessible name (and tooltip), needed when the text alone does not say what the button does. */
  label?: string;
  icon?: SVGElement;
  class?: string;
  onClick: (event: MouseEvent) => void;
}

/** A real <button type="button">: focusable, activates on Enter and Space. */
export function button(options: ButtonOptions): HTMLButtonElement {
  const b = h("button", {
    type: "button",
    class: options.class,
    title: options.label,
    "aria-label": options.label,
  });
  if (options.icon) b.append(options.icon);
  if (options.text) b.append(h("span", { class: "btn-text" }, options.text));
  b.addEventListener("click", options.onClick);
  return b;
}

/** Shows or hides an element without touching inline styles (the page's CSP forbids them). */
export function setShown(el: HTMLElement, shown: boolean): void {
  el.hidden = !shown;
}
