// Renders one markdown block into its element, with the teacher's part of it marked.
import type { Token } from "marked";
import { decorateCodeBlocks, type CodeActions } from "./codeBlock";
import { lexBlocks, renderTokens, shapeOf } from "./markdownRenderer";
import { markAll, markUntilSentinel, SENTINEL, sentinelPositions } from "./teacherMark";

export interface BlockOptions {
  /** Tooltip on the teacher's text; undefined when the teacher's part is not marked (cloud mode). */
  teacherTitle: string | undefined;
  codeActions: CodeActions;
}

/**
 * A fragment with the text before `teacherChars` marked; "all" when only markup follows the
 * boundary; undefined when no placing of the mark keeps the block's structure.
 */
function renderSplit(source: string, tokens: Token[], teacherChars: number, title: string): DocumentFragment | "all" | undefined {
  if (source.includes(SENTINEL)) return undefined;
  const fenced = tokens[0]?.type === "code" && tokens[0].codeBlockStyle !== "indented";
  const shape = shapeOf(tokens);
  for (const at of sentinelPositions(source, teacherChars, fenced)) {
    if (at >= source.trimEnd().length) return "all";
    const withSentinel = lexBlocks(source.slice(0, at) + SENTINEL + source.slice(at));
    if (shapeOf(withSentinel) !== shape) continue;
    const fragment = renderTokens(withSentinel);
    if (markUntilSentinel(fragment, title)) return fragment;
  }
  return undefined;
}

/**
 * Fills `el` with the rendering of `source` (one block, plus any blank lines after it), the first
 * `teacherChars` characters marked as the teacher's. `tokens` saves a second lexing when known.
 */
export function fillBlock(el: HTMLElement, source: string, tokens: Token[] | undefined, teacherChars: number, options: BlockOptions): void {
  const blockTokens = tokens ?? lexBlocks(source);
  const title = options.teacherTitle;
  const visibleEnd = source.trimEnd().length;
  let fragment: DocumentFragment | undefined;
  let marked = false;
  if (title !== undefined && teacherChars > 0 && visibleEnd > 0) {
    const split = teacherChars < visibleEnd ? renderSplit(source, blockTokens, teacherChars, title) : "all";
    if (split !== "all") fragment = split;
    marked = split !== undefined;
  }
  if (!fragment) {
    fragment = renderTokens(blockTokens);
    if (marked && title !== undefined) markAll(fragment, title);
  }
  decorateCodeBlocks(fragment, options.codeActions);
  el.classList.toggle("has-teacher", marked);
  el.replaceChildren(fragment);
}
