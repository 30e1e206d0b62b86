// Line icons drawn here (the page may load no icon font or remote images). 16x16, currentColor.

const PATHS = {
  plus: "M8 3.5v9M3.5 8h9",
  history: "M2.8 8a5.2 5.2 0 1 0 1.6-3.7M2.5 2.8v2.4h2.4M8 5.2V8l2 1.4",
  send: "M2.5 8h10M8.5 4l4 4-4 4",
  stop: "M4.75 4.75h6.5v6.5h-6.5z",
  copy: "M5.5 5.5h7v7h-7zM3.5 10.5v-7h7",
  insert: "M8 2.5v7M5 6.5l3 3 3-3M3 13h10",
  apply: "M3 4.5h5M3 8h3M3 11.5h5M9.5 9.5l1.8 1.8 3.2-3.8",
  trash: "M3 4.5h10M6.5 4.5V3h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5",
  close: "M4.5 4.5l7 7M11.5 4.5l-7 7",
  file: "M4 2.5h5l3 3v8H4zM9 2.5v3h3",
  selection: "M3 4h10M3 8h7M3 12h9",
  warning: "M8 2.5l6 11H2zM8 6.5v3M8 11.5v.01",
  info: "M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zM8 7.5v3.5M8 5.2v.01",
  error: "M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zM6 6l4 4M10 6l-4 4",
  check: "M3.5 8.5l3 3 6-7",
  "thumb-up": "M5 7.5v6H2.5v-6zM5 7.5l2.5-5c1.2 0 2 .8 2 2v2h3.3c.8 0 1.4.7 1.2 1.5l-1 4.5c-.2.6-.7 1-1.3 1H5",
  "thumb-down": "M5 8.5v-6H2.5v6zM5 8.5l2.5 5c1.2 0 2-.8 2-2v-2h3.3c.8 0 1.4-.7 1.2-1.5l-1-4.5c-.2-.6-.7-1-1.3-1H5",
  link: "M7 9a2.5 2.5 0 0 0 3.5 0l2-2A2.5 2.5 0 0 0 9 3.5l-.7.7M9 7a2.5 2.5 0 0 0-3.5 0l-2 2A2.5 2.5 0 0 0 7 12.5l.7-.7",
} as const;

export type IconName = keyof typeof PATHS;

const SVG_NS = "http://www.w3.org/2000/svg";

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `icon icon-${name}`);
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", PATHS[name]);
  svg.append(path);
  return svg;
}
