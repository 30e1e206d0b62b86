// Code fence lines, as CommonMark defines them, for following an open fenced block while it streams.

export interface Fence {
  char: "`" | "~";
  length: number;
  /** Spaces before the fence (0 to 3). */
  indent: number;
  /** The info string after the fence (language and anything else). */
  info: string;
}

const OPENING = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const CLOSING = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;

/** The fence that `line` (without its newline) opens, if it opens one. */
export function openingFence(line: string): Fence | undefined {
  const m = OPENING.exec(line);
  if (!m) return undefined;
  const marker = m[2];
  const info = m[3];
  // A backtick fence's info string may not contain backticks (it would be inline code).
  if (marker[0] === "`" && info.includes("`")) return undefined;
  return { char: marker[0] as Fence["char"], length: marker.length, indent: m[1].length, info: info.trim() };
}

/** Whether `line` (without its newline) closes `fence`: same character, at least as long. */
export function isClosingFence(line: string, fence: Fence): boolean {
  const m = CLOSING.exec(line);
  return m !== null && m[1][0] === fence.char && m[1].length >= fence.length;
}

/** Whether the code after the fence line in `source` (from `from`) has a closing fence line. */
export function hasClosingFence(source: string, from: number, fence: Fence): boolean {
  let start = from;
  while (start < source.length) {
    const nl = source.indexOf("\n", start);
    const end = nl < 0 ? source.length : nl;
    if (isClosingFence(source.slice(start, end), fence)) return true;
    start = end + 1;
  }
  return false;
}
