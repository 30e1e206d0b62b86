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
    for (const h of m.content.matchAll(/^Parts of `([^`]+)` \(\d+ lines; (?:sent whole: (.*?); the rest as an outline|declarations and the lines at the cursor);/gm)) {
      files.push(h[2] ? `${h[1]}: ${h[2]} whole, the rest as an outline` : `${h[1]}: an outline and the lines at the cursor`);
    }
  }
  return files.length ? `// From attached files: ${files.join("; ")} (“… not sent …” marks each cut).` : undefined;
}
