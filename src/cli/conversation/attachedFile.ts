import { readFile, stat } from "node:fs/promises";
import { basename, resolve } from "node:path";
import type { EditorContext } from "../../common/conversation/conversation";
import { fileText } from "../../common/util/fileText";
import { linesAround } from "../../common/util/linesAround";
import { linesLabel } from "../../common/util/selectionLines";
import { languageOfPath } from "../util/languageOfPath";
import { parseFileSpec } from "../util/parseFileSpec";
import { plural } from "../../common/util/plural";

const n = (x: number): string => x.toLocaleString("en-US");

/**
 * A file's text, read as `--encoding` says (else UTF-8, or as its byte order mark says), or the
 * sentence that says why it is not attached: no such file, a folder, unreadable, binary, or not
 * in the encoding, each with the way forward.
 */
export async function readTextFile(path: string, encoding: string | undefined): Promise<{ text: string } | { problem: string }> {
  let bytes: Buffer;
  try {
    if ((await stat(path)).isDirectory()) return { problem: "it is a folder; --file takes a file" };
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { problem: `there is no such file (looked for ${resolve(path)})` };
    if (code === "EACCES" || code === "EPERM") return { problem: "you may not read it (permission denied)" };
    return { problem: `it cannot be read (${code ?? String(e)})` };
  }
  const read = fileText(bytes, encoding);
  if ("text" in read) return { text: read.text };
  switch (read.reason) {
    case "binary":
      return { problem: "it is a binary file (it holds NUL bytes), not text: nothing was sent" };
    case "not-utf8":
      return {
        problem:
          `it is not UTF-8 text (line ${read.line} has the byte 0x${read.byte.toString(16).toUpperCase().padStart(2, "0")}, which UTF-8 does not allow there), so it would be sent garbled. ` +
          "If you know its encoding, name it: --encoding latin1 (or windows-1252, shift_jis, gbk…)",
      };
    case "unknown-encoding":
      return { problem: `--encoding “${read.encoding}” is not an encoding Node.js knows (try utf-8, latin1, windows-1252, shift_jis, gbk)` };
  }
}

/**
 * `FILE`, `FILE:LINE` or `FILE:START-END` as the question's context: the whole file, with the
 * cursor where the spec puts it. A file over `maxChars` goes as the lines around the cursor that
 * fit (a range whole), named by its lines, with `note` saying so; without a cursor it is refused,
 * naming the ways forward. Without an editor, its symbols are guessed from the text.
 */
export async function fileContext(spec: string, options: { encoding: string | undefined; maxChars: number }): Promise<{ context: EditorContext; note?: string } | { problem: string }> {
  const { path, focus } = parseFileSpec(spec);
  const read = await readTextFile(path, options.encoding);
  if ("problem" in read) return read;
  const { text } = read;
  const lines = text.replace(/\n$/, "").split("\n");
  if (focus && focus.start >= lines.length) return { problem: `it has ${plural(lines.length, "line")}, so line ${focus.start + 1} is not in it.` };
  const language = languageOfPath(path);
  const name = basename(path);
  const cap = `at most ${n(options.maxChars)} characters are attached (--max-chars raises the cap)`;
  if (text.length <= options.maxChars) {
    return { context: { fileName: name, language, kind: "file", text, ...(focus ? { focus: { start: focus.start, end: Math.min(focus.end, lines.length - 1) } } : {}) } };
  }
  if (!focus) return { problem: `it is ${n(text.length)} characters; ${cap}. Or attach the lines the question is about: --file ${path}:LINE or --file ${path}:START-END` };
  const span = linesAround(lines, focus, options.maxChars);
  if (!span) return { problem: `lines ${linesLabel(focus)} are over the limit: ${cap}` };
  return {
    context: { fileName: `${name}:${linesLabel(span)}`, language, kind: "selection", text: lines.slice(span.start, span.end + 1).join("\n"), focus: span },
    note: `${name} is ${n(text.length)} characters, over the ${n(options.maxChars)} attached (--max-chars raises the cap): lines ${linesLabel(span)}, around line${focus.end > focus.start ? "s" : ""} ${linesLabel(focus)}, go instead.`,
  };
}
