// Renders a markdown answer as it streams, at a cost proportional to the new text: finished
// blocks are rendered once and frozen; only the last, still open block is rendered again; and
// inside an open code fence new text is appended to the code element as it comes, highlighted
// once the fence closes.
import type { Token } from "marked";
import { fillBlock, type BlockOptions } from "./blockRenderer";
import { openCodeBlock } from "./codeBlock";
import { h } from "../util/dom";
import { hasClosingFence, isClosingFence, openingFence, type Fence } from "./fence";
import { fenceLanguage, lexBlocks } from "./markdownRenderer";
import { teacherMarkElement } from "./teacherMark";

interface FrozenBlock {
  /** Null for blank lines between blocks, which render nothing. */
  el: HTMLElement | null;
  source: string;
}

/** A fenced code block still being written: `open` starts with its fence line. */
interface OpenCode {
  fence: Fence;
  code: HTMLElement;
  /** How much of `open` is on screen. */
  shown: number;
  /** Start of the first line of `open` not yet checked for the closing fence. */
  scanFrom: number;
  teacherMark: HTMLElement | null;
}

/**
 * How many leading tokens are finished. A block followed by another block is finished, once that
 * next block's first line is complete: until then the line may still join it ("2" becoming "2."
 * continues a list).
 */
function finishedCount(tokens: Token[]): number {
  const solid = (i: number): number => {
    while (i >= 0 && tokens[i].type === "space") i--;
    return i;
  };
  const last = solid(tokens.length - 1);
  // Blank text alone is kept open: leading spaces may be the indentation of code to come.
  if (last < 0) return 0;
  return tokens[last].raw.includes("\n") ? last : Math.max(0, solid(last - 1));
}

/** A trailing partial line that may become the closing fence is held back rather than shown. */
const PARTIAL_FENCE = /^ {0,3}(?:`+|~+)$/;

export class MarkdownStream {
  private frozen: FrozenBlock[] = [];
  private frozenLength = 0;
  /** The text after the frozen blocks: the open block and anything after it. */
  private open = "";
  private openEl: HTMLElement | undefined;
  private code: OpenCode | undefined;
  private guidanceEnd = 0;
  /** A link definition was frozen: blocks frozen before it may use it, so the end renders all again. */
  private sawDefinition = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly options: BlockOptions,
  ) {}

  get length(): number {
    return this.frozenLength + this.open.length;
  }

  /** How many characters at the start are the teacher's. */
  get guidanceLength(): number {
    return this.guidanceEnd;
  }

  text(): string {
    return this.frozen.map((b) => b.source).join("") + this.open;
  }

  /** Adds streamed text; the teacher's text always comes before the student's. */
  append(text: string, byTeacher: boolean): void {
    if (text === "") return;
    this.open += text;
    if (byTeacher) this.guidanceEnd = this.length;
    this.process(false);
  }

  /** Takes text back off the end (the teacher's half-word at the handoff). */
  truncate(length: number): void {
    if (length >= this.length) return;
    this.guidanceEnd = Math.min(this.guidanceEnd, length);
    let restored = "";
    while (this.frozenLength > length) {
      const block = this.frozen.pop()!;
      block.el?.remove();
      this.frozenLength -= block.source.length;
      restored = block.source + restored;
    }
    this.open = (restored + this.open).slice(0, length - this.frozenLength);
    this.dropOpen();
    this.process(false);
  }

  /** Starts over with `text`; `final` renders it completely (a finished answer). */
  reset(text: string, guidanceLength: number, final: boolean): void {
    this.root.replaceChildren();
    this.frozen = [];
    this.frozenLength = 0;
    this.openEl = undefined;
    this.code = undefined;
    this.sawDefinition = false;
    this.open = text;
    this.guidanceEnd = guidanceLength;
    this.process(final);
  }

  /** The answer is complete: render the open block in full (highlighting open code). */
  finish(): void {
    if (this.sawDefinition) this.reset(this.text(), this.guidanceEnd, true);
    else this.process(true);
  }

  private process(final: boolean): void {
    if (this.code) {
      if (!final && this.scanCode()) return;
      this.code = undefined;
    }
    const tokens = this.open === "" ? [] : lexBlocks(this.open);
    if (tokens.reduce((n, t) => n + t.raw.length, 0) !== this.open.length) {
      // The lexer rewrote the text (carriage returns): keep it all in one block.
      if (final) this.freezeFront(this.open.length, undefined);
      else this.fill((this.openEl ??= this.newBlock()), this.open, undefined);
      return;
    }
    const keep = final ? tokens.length : finishedCount(tokens);
    for (const token of tokens.slice(0, keep)) this.freezeFront(token.raw.length, token.type === "space" ? null : [token]);
    const rest = tokens.slice(keep);
    if (rest.length === 0) this.dropOpen();
    else if (!this.startCode(rest)) this.fill((this.openEl ??= this.newBlock()), this.open, rest);
  }

  /** Freezes the first `chars` of `open` as one block (`tokens` null for blank lines). */
  private freezeFront(chars: number, tokens: Token[] | null | undefined): void {
    const source = this.open.slice(0, chars);
    let el: HTMLElement | null = null;
    if (tokens?.some((t) => t.type === "def")) this.sawDefinition = true;
    if (tokens !== null) {
      el = this.openEl ?? this.newBlock();
      this.openEl = undefined;
      this.fill(el, source, tokens);
    }
    this.frozen.push({ el, source });
    this.frozenLength += chars;
    this.open = this.open.slice(chars);
  }

  /** Switches to appending when the open block is a fenced code block that has not closed. */
  private startCode(rest: Token[]): boolean {
    if (rest.length !== 1 || rest[0].type !== "code") return false;
    const lineEnd = this.open.indexOf("\n");
    const fence = lineEnd < 0 ? undefined : openingFence(this.open.slice(0, lineEnd));
    if (!fence || fence.indent > 0 || hasClosingFence(this.open, lineEnd + 1, fence)) return false;
    const el = (this.openEl ??= this.newBlock());
    const { box, code } = openCodeBlock(fenceLanguage(fence.info), this.options.codeActions);
    el.replaceChildren(box);
    el.classList.remove("has-teacher");
    this.code = { fence, code, shown: lineEnd + 1, scanFrom: lineEnd + 1, teacherMark: null };
    this.scanCode();
    return true;
  }

  /** Shows new code text; returns false once the fence closed (the block is then frozen). */
  private scanCode(): boolean {
    const c = this.code!;
    for (let nl = this.open.indexOf("\n", c.scanFrom); nl >= 0; nl = this.open.indexOf("\n", c.scanFrom)) {
      if (isClosingFence(this.open.slice(c.scanFrom, nl), c.fence)) {
        this.code = undefined;
        this.freezeFront(nl + 1, undefined);
        return false;
      }
      c.scanFrom = nl + 1;
    }
    const until = PARTIAL_FENCE.test(this.open.slice(c.scanFrom)) ? c.scanFrom : this.open.length;
    this.showCode(c, until);
    return true;
  }

  private showCode(c: OpenCode, until: number): void {
    const title = this.options.teacherTitle;
    const teacherEnd = title === undefined ? 0 : this.guidanceEnd - this.frozenLength;
    let from = c.shown;
    if (from < teacherEnd && from < until && title !== undefined) {
      const to = Math.min(until, teacherEnd);
      if (!c.teacherMark || c.code.lastChild !== c.teacherMark) {
        c.teacherMark = teacherMarkElement(title);
        c.code.append(c.teacherMark);
        this.openEl?.classList.add("has-teacher");
      }
      c.teacherMark.append(this.open.slice(from, to));
      from = to;
    }
    // One text node per chunk: appending to a node's data would copy it each time.
    if (from < until) c.code.append(this.open.slice(from, until));
    c.shown = Math.max(c.shown, until);
  }

  private fill(el: HTMLElement, source: string, tokens: Token[] | undefined): void {
    const teacherChars = Math.max(0, Math.min(this.guidanceEnd - this.frozenLength, source.length));
    fillBlock(el, source, tokens, teacherChars, this.options);
  }

  private newBlock(): HTMLElement {
    const el = h("div", { class: "md-block" });
    this.root.append(el);
    return el;
  }

  private dropOpen(): void {
    this.openEl?.remove();
    this.openEl = undefined;
    this.code = undefined;
  }
}
