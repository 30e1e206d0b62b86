/** The guidance split at the point where the student takes over. */
export interface GuidanceCut {
  /** What the student is forced to start with. */
  kept: string;
  /** The tail that was shown while streaming and is taken back (a word the budget cut in half). */
  dropped: string;
}

/**
 * Cuts guidance that stopped at the token budget back to a clean boundary, so the student never
 * continues from half a word (`"The quick bro"` -> `"The quick"`). A budget stops between tokens,
 * so the last word may be unfinished unless whitespace follows it; the same holds in code, where
 * an unfinished last "word" may be half an identifier or half a fence marker (```` `` ````), so
 * code is cut the same way: at whitespace, which never splits a token of the language or a fence.
 * Trailing spaces are dropped too (the student's tokenizer attaches a space to the next word);
 * trailing newlines are kept, since code indentation starts after them.
 */
export function cutGuidance(text: string): GuidanceCut {
  const lastSpace = Math.max(text.lastIndexOf(" "), text.lastIndexOf("\t"), text.lastIndexOf("\n"));
  if (lastSpace < 0) return { kept: "", dropped: text };
  let end = lastSpace + 1;
  while (end > 0 && (text[end - 1] === " " || text[end - 1] === "\t")) end--;
  return { kept: text.slice(0, end), dropped: text.slice(end) };
}
