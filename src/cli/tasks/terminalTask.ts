import { relative, resolve, sep } from "node:path";
import type { TaskName } from "../../common/tasks/slashCommand";
import { buildTask, type TaskDiagnostic, type TaskRequest } from "../../common/tasks/taskRequest";
import { languageOfPath } from "../util/languageOfPath";
import { parseFileSpec } from "../util/parseFileSpec";
import { readTextFile } from "../conversation/attachedFile";
import { workspaceTests } from "../../node/tasks/workspaceTests";
import { plural } from "../../common/util/plural";

export interface TerminalTaskInput {
  task: TaskName;
  question: string;
  /** The `--file` spec the task is about: `FILE:LINE` puts the cursor there, `FILE:START-END` selects those lines. */
  spec: string;
  /** `--error` messages: problems at the spec's lines that only the editor or a compiler could see. */
  errors: readonly string[];
  /** The folder the terminal runs in: paths are shown and patched relative to it. */
  root: string;
  maxChars: number;
  /** `--encoding`: what the file is in when it is not UTF-8. */
  encoding: string | undefined;
}

/**
 * A task command in the terminal, built as the editor builds it: the cursor or selection from
 * the `--file` spec, `--error` messages as error diagnostics at its lines, and for `/tests` the
 * project's framework and test file read from the disk. A string says what is missing.
 */
export async function terminalTask(input: TerminalTaskInput): Promise<TaskRequest | string> {
  const { path, focus } = parseFileSpec(input.spec);
  const read = await readTextFile(resolve(input.root, path), input.encoding);
  if ("problem" in read) return read.problem;
  const { text } = read;
  const lines = text.split("\n").map((l) => l.replace(/\r$/, ""));
  if (focus && focus.start >= lines.length) return `${input.spec}: the file has ${plural(lines.length, "line")}.`;
  if (input.errors.length > 0 && !focus) return `--error needs the line it is on: --file ${path}:LINE.`;
  const fileName = relative(input.root, resolve(input.root, path)).split(sep).join("/");
  const language = languageOfPath(path);
  const start = focus?.start ?? 0;
  const end = Math.min(focus?.end ?? start, lines.length - 1);
  const lineEnd = { line: end, character: lines[end].length };
  const selection = end > start ? { start: { line: start, character: 0 }, end: end + 1 < lines.length ? { line: end + 1, character: 0 } : lineEnd } : undefined;
  const diagnostics: TaskDiagnostic[] = input.errors.map((message) => ({ message, severity: "error", range: { start: { line: start, character: 0 }, end: lineEnd } }));
  return buildTask({
    task: input.task,
    question: input.question,
    file: { fileName, language, text },
    cursor: { line: start, character: 0 },
    ...(selection ? { selection } : {}),
    diagnostics,
    ...(input.task === "tests" ? { tests: await workspaceTests(input.root, fileName, language) } : {}),
    maxChars: input.maxChars,
  });
}
