/**
 * Text that came from a server (a model name, an error body, a header, a price list's name) made
 * safe for any surface that renders something of plain text: VS Code turns `[label](command:…)`
 * in a notification into a link that runs a command, `$(name)` into an icon, and a newline in the
 * log into what looks like a line of Headstart's own.
 */

// C0 and C1 controls (newlines and escape sequences among them), and the marks that reorder
// or hide text (bidirectional overrides, zero-width joiners), which make a string read as another.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]+/g;

/**
 * One line with no link, no icon and no control character: `](` loses the adjacency a link needs,
 * `$(` the one an icon needs. Readable as it was; nothing of it acts.
 */
export function inertText(text: string): string {
  return text.replace(CONTROLS, " ").replace(/\]\s*\(/g, "] (").replace(/\$\(/g, "$ (");
}

/** The same, keeping its lines: for a dialog's detail, which shows them as written. */
export function inertLines(text: string): string {
  return text.split(/\r?\n/).map(inertText).join("\n");
}

/** A server's text cut to `max` characters, for a line that quotes it (an error body can be a whole page). */
export function serverSnippet(text: string, max = 300): string {
  const inert = inertText(text).trim();
  return inert.length <= max ? inert : `${inert.slice(0, max - 1)}…`;
}
