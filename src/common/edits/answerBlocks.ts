/** A fenced code block of an answer. */
export interface AnswerBlock {
  /** The code, LF, ending in a line break; a first line that only names the file is left out. */
  code: string;
  /** The fence's language tag, lower case; "" when it has none. */
  language: string;
  /** The file the block is for, when the answer names it: in the fence, in its first line, or in the line that leads into it. */
  fileName?: string;
  /** Where the block starts in the answer (its opening fence's line, 0-based). */
  line: number;
}

/** Languages whose blocks are commands or output to read, not code to put in a file. */
const NOT_CODE = new Set(["sh", "bash", "shell", "console", "shellsession", "zsh", "powershell", "ps1", "cmd", "bat", "text", "txt", "plaintext", "output", "log", "diff"]);

// A path-like name: at least one dot and an extension of letters, as `src/cart.ts` or `test_cart.py`.
const PATH = String.raw`[\w./@+-]*[\w-]\.[A-Za-z][\w]{0,9}`;
const INFO_PATH = new RegExp(String.raw`(?:^[\w+#-]+[: ]\s*|\b(?:title|file|filename|path)=["']?)(${PATH})`);
const FIRST_LINE_PATH = new RegExp(String.raw`^\s*(?://|#|--|/\*|<!--)\s*(?:file(?:name)?:\s*)?(${PATH})\s*(?:\*/|-->)?\s*$`, "i");
const LEAD_IN_PATH = new RegExp(String.raw`\x60(${PATH})\x60[^\x60]*:\s*$`);

/**
 * The closed code blocks of an answer, in order (one cut off by the answer's end is not offered:
 * half of a function is not an edit). A block's file is what the answer names for it: the fence
 * (```ts src/cart.ts, ```ts:src/cart.ts, ```ts title="src/cart.ts"), a first line that is only a
 * comment naming it (// src/cart.ts), or the line just before that ends with a colon and names
 * it in backticks (In `src/cart.ts`:).
 */
export function answerBlocks(answer: string): AnswerBlock[] {
  const lines = answer.replace(/\r\n?/g, "\n").split("\n");
  const blocks: AnswerBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( {0,3})(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const close = lines.findIndex((l, j) => j > i && new RegExp(String.raw`^ {0,3}${fence[0]}{${fence.length},}\s*$`).test(l));
    if (close < 0) break;
    let code = lines.slice(i + 1, close).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart()));
    const language = (info.trim().split(/[\s:{]/)[0] ?? "").toLowerCase();
    let fileName = INFO_PATH.exec(info.trim())?.[1];
    const named = FIRST_LINE_PATH.exec(code[0] ?? "");
    if (named) {
      fileName ??= named[1];
      code = code.slice(1);
    }
    const before = lines.slice(0, i).reverse().find((l) => l.trim() !== "");
    fileName ??= before === undefined ? undefined : LEAD_IN_PATH.exec(before)?.[1];
    blocks.push({ code: code.length > 0 ? `${code.join("\n")}\n` : "", language, ...(fileName ? { fileName } : {}), line: i });
    i = close;
  }
  return blocks;
}

/** Whether a block holds code to put in a file, rather than commands or output to read. */
export function isCodeBlock(block: AnswerBlock): boolean {
  return !NOT_CODE.has(block.language) && block.code.trim() !== "";
}

/**
 * The answer's code block that holds `code` (as a face showed it: its own line ends and spacing
 * around it may differ), or undefined when the answer has no such block.
 */
export function findBlock(answer: string, code: string): AnswerBlock | undefined {
  const norm = (text: string): string => text.replace(/\r\n?/g, "\n").trim();
  const wanted = norm(code);
  // A first line that only named the file is shown in the face, and not part of the block's code.
  const withoutFirst = norm(wanted.split("\n").slice(1).join("\n"));
  return answerBlocks(answer).find((b) => norm(b.code) === wanted || (b.fileName !== undefined && norm(b.code) === withoutFirst));
}
