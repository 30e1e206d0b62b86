// Marks the teacher's characters in rendered markdown. The boundary is known in the source, not in
// the DOM, so a sentinel character is put into the source there, carried through rendering as
// ordinary text, then found in the DOM: every text node before it is the teacher's.

/** A private-use character: no meaning in markdown or HTML, and never a word character. */
export const SENTINEL = "\uE000";

/**
 * Block syntax at the start of a line (list markers, heading hashes, quote marks, a fence line,
 * a table's leading pipe, indentation). A sentinel in front of it would turn the line into plain
 * text, so it goes after.
 */
const LINE_START_SYNTAX = /^(?:[ \t]*(?:[-+*]|\d{1,9}[.)])[ \t]+|[ \t]*#{1,6}[ \t]+|[ \t]*>[ \t]?|[ \t]*(?:`{3,}|~{3,})[^\n]*\n|[ \t]*\|[ \t]*|[ \t]+)*/;

const CLOSING_FENCE_LINE = /\n {0,3}(?:`{3,}|~{3,})[ \t]*$/;

/**
 * Where to try the sentinel for a boundary at `at`, best first (the caller keeps the first that
 * leaves the block's structure as it was). A position at or past the end of the block's visible
 * text means the whole block is the teacher's.
 */
export function sentinelPositions(source: string, at: number, fencedCode: boolean): number[] {
  if (fencedCode) {
    // Inside code every character is text; only the fence lines are not.
    const visible = source.trimEnd();
    const firstLineEnd = source.indexOf("\n");
    if (firstLineEnd >= 0 && at <= firstLineEnd) return [firstLineEnd + 1];
    const closing = CLOSING_FENCE_LINE.exec(visible);
    return [closing && at > closing.index ? visible.length : at];
  }
  // Right after a table cell's pipe, the spaces before the cell's text go with the boundary (the
  // cell would keep them as text otherwise).
  let to = at;
  if (source[at - 1] === "|") while (source[to] === " " || source[to] === "\t") to++;
  if (to >= source.length || "|\n".includes(source[to])) to = at;
  // A boundary inside a line's leading syntax (the engine cuts "- item" after the "-") moves past it.
  const lineStart = source.lastIndexOf("\n", to - 1) + 1;
  to = Math.max(to, lineStart + (LINE_START_SYNTAX.exec(source.slice(lineStart))?.[0].length ?? 0));
  // Last resort: back to the end of the text before, past a row's closing pipe ("| a | b |" cut
  // at its end, before the row under it or after the delimiter row would otherwise change the table).
  let back = at;
  while (back > 0 && " \t|\n-:".includes(source[back - 1])) back--;
  return [...new Set([to, at, back])];
}

/** Parents whose whitespace-only text is layout, not content: marking it would only add noise. */
const STRUCTURAL = new Set(["UL", "OL", "TABLE", "THEAD", "TBODY", "TFOOT", "TR", "BLOCKQUOTE", "DIV", "DETAILS", "PRE"]);

function textNodes(root: Node): Text[] {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes: Text[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
  return nodes;
}

/** The element that marks teacher text; its tooltip names the model. */
export function teacherMarkElement(title: string): HTMLElement {
  const mark = document.createElement("mark");
  mark.className = "hs-teacher";
  mark.title = title;
  return mark;
}

function wrap(node: Text, title: string): void {
  const parent = node.parentNode;
  if (node.data === "" || !parent) return;
  if (!/\S/.test(node.data) && (parent.nodeType === Node.DOCUMENT_FRAGMENT_NODE || STRUCTURAL.has(parent.nodeName))) return;
  const mark = teacherMarkElement(title);
  parent.insertBefore(mark, node);
  mark.append(node);
}

/** Marks every text node under `root` as the teacher's. */
export function markAll(root: Node, title: string): void {
  for (const node of textNodes(root)) wrap(node, title);
}

/**
 * Marks the text before the one sentinel under `root` and removes the sentinel. Returns false,
 * changing nothing, when the sentinel did not come through as text exactly once (it landed in an
 * attribute, or the text already had one).
 */
export function markUntilSentinel(root: Node, title: string): boolean {
  const nodes = textNodes(root);
  const hits = nodes.filter((n) => n.data.includes(SENTINEL));
  if (hits.length !== 1 || hits[0].data.indexOf(SENTINEL) !== hits[0].data.lastIndexOf(SENTINEL)) return false;
  const hit = hits[0];
  const rest = hit.splitText(hit.data.indexOf(SENTINEL));
  rest.deleteData(0, SENTINEL.length);
  for (const node of nodes) {
    wrap(node, title);
    if (node === hit) break;
  }
  return true;
}
