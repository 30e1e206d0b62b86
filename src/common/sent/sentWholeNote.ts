/**
 * A comment line for the top of "What was sent": which symbols of attached files went whole, read
 * from the parts' headers in the request itself, so it cannot disagree with what was sent.
 * `undefined` when no file was cut to its parts.
 */
export function sentWholeNote(body: unknown): string | undefined {
  const messages = (body as { messages?: { content?: unknown }[] } | undefined)?.messages ?? [];
  const files: string[] = [];
  for (const m of messages) {
    if (typeof m.content !== "string") continue;
    for (const h of m.content.matchAll(/^Parts of `([^`]+)` \(\d+ lines; (?:(?:sent whole: (.*?); )?(?:in part: (.*?); )?the rest as an outline|declarations and the lines at the cursor);/gm)) {
      const sent = [...(h[2] ? [`${h[2]} whole`] : []), ...(h[3] ? [`${h[3]} in part`] : [])];
      files.push(sent.length > 0 ? `${h[1]}: ${sent.join(", ")}, the rest as an outline` : `${h[1]}: an outline and the lines at the cursor`);
    }
  }
  return files.length ? `// From attached files: ${files.join("; ")} (“… not sent …” marks each cut).` : undefined;
}
