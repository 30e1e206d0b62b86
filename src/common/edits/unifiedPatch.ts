import { diffLines } from "./lineDiff";

/** Unchanged lines shown around each change, as `git diff` shows them. */
const CONTEXT = 3;

/**
 * A file's change as a unified diff that `git apply` takes: a `diff --git` header (with
 * `new file mode` and `--- /dev/null` for a file that did not exist: `before` undefined), hunks
 * with their line counts and three lines of context, nearby changes in one hunk, and `\ No newline
 * at end of file` after a last line without one. Lines keep their `\r`, so a CRLF file's patch
 * applies to it as it is. `path` is relative to the repository's root, with forward slashes.
 * Empty when nothing changed.
 */
export function unifiedPatch(path: string, before: string | undefined, after: string): string {
  if (before === after) return "";
  const a = splitLines(before ?? "");
  const b = splitLines(after);
  const header = before === undefined ? [`diff --git a/${path} b/${path}`, "new file mode 100644", "--- /dev/null", `+++ b/${path}`] : [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`];
  // Each line with its mark, and where it stands in each file.
  const rows: { mark: " " | "-" | "+"; line: Line; oldAt: number; newAt: number }[] = [];
  let oldAt = 0;
  let newAt = 0;
  for (const run of diffLines(a.map(key), b.map(key))) {
    for (let n = run.lines.length; n > 0; n--) {
      if (run.kind === "same") rows.push({ mark: " ", line: a[oldAt], oldAt: oldAt++, newAt: newAt++ });
      else if (run.kind === "removed") rows.push({ mark: "-", line: a[oldAt], oldAt: oldAt++, newAt });
      else rows.push({ mark: "+", line: b[newAt], oldAt, newAt: newAt++ });
    }
  }
  const hunks: string[] = [];
  const changed = rows.flatMap((r, i) => (r.mark === " " ? [] : [i]));
  let i = 0;
  while (i < changed.length) {
    // A hunk runs while the next change is within two contexts' reach of the last one.
    let j = i;
    while (j + 1 < changed.length && changed[j + 1] - changed[j] <= 2 * CONTEXT + 1) j++;
    const from = Math.max(0, changed[i] - CONTEXT);
    const to = Math.min(rows.length - 1, changed[j] + CONTEXT);
    const part = rows.slice(from, to + 1);
    const oldCount = part.filter((r) => r.mark !== "+").length;
    const newCount = part.filter((r) => r.mark !== "-").length;
    // A side with no lines is named by the line before the hunk, as diff does.
    const oldStart = oldCount === 0 ? part[0].oldAt : part[0].oldAt + 1;
    const newStart = newCount === 0 ? part[0].newAt : part[0].newAt + 1;
    hunks.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n`);
    for (const r of part) hunks.push(`${r.mark}${r.line.text}\n${r.line.final ? "\\ No newline at end of file\n" : ""}`);
    i = j + 1;
  }
  return `${header.join("\n")}\n${hunks.join("")}`;
}

/** One line of a file: its text (with a `\r` it has), and whether it is a last line without a line break. */
interface Line {
  text: string;
  final: boolean;
}

function splitLines(text: string): Line[] {
  if (text === "") return [];
  const parts = text.split("\n");
  const ended = parts.at(-1) === "";
  if (ended) parts.pop();
  return parts.map((t, i) => ({ text: t, final: !ended && i === parts.length - 1 }));
}

/** A last line without a break differs from the same text with one: diff sees them apart. */
const key = (l: Line): string => (l.final ? `${l.text}\u0000` : l.text);

const range = (start: number, count: number): string => (count === 1 ? `${start}` : `${start},${count}`);
