/** The mark the Chat view puts in the answer where the teacher's words end, as the terminal does. */
export const OPENING_END_MARK = "⟧";

/**
 * Where the teacher's opening ends, for a face that can only add text after it (VS Code's Chat
 * view streams markdown it cannot restyle): in prose, the mark goes there in the answer itself;
 * inside a code block, where the mark would become part of the code a reader copies, it cannot,
 * and `after` gives the last words of the opening's last line to name the place instead.
 */
export function openingEnd(opening: string): { mark: true } | { mark: false; after: string } {
  const lines = opening.replace(/\r\n?/g, "\n").split("\n");
  let fence: string | undefined;
  for (const line of lines) {
    const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (!m) continue;
    if (fence === undefined) fence = m[1];
    else if (m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) fence = undefined;
  }
  if (fence === undefined) return { mark: true };
  const last = lines.filter((l) => l.trim() !== "").at(-1)?.trim() ?? "";
  return { mark: false, after: last.length > 40 ? `…${last.slice(-40)}` : last };
}
