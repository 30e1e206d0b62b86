import type { EditorContext, FileSymbol, UserMessage } from "../conversation/conversation";
import { guessSymbols } from "../teacherView/guessSymbols";
import { linesLabel, selectionRange, type Position } from "../util/selectionLines";
import type { EditTarget } from "../edits/applyTarget";
import { lineStarts, offsetAt, type TextRange } from "../edits/textEdit";
import { docConvention } from "./docConvention";
import type { TaskName } from "./slashCommand";
import { symbolAt, type SymbolAt } from "./symbolAt";
import type { TestFramework } from "./testFramework";

/** A problem the editor (or the user, in the terminal) reports in the file. */
export interface TaskDiagnostic {
  message: string;
  severity: "error" | "warning" | "information" | "hint";
  /** Who reported it: `ts`, `eslint`, `Pylance` … */
  source?: string;
  code?: string | number;
  range: TextRange;
}

/** The file a task is about, as it is now. */
export interface TaskFile {
  /** Workspace-relative, as both models are shown it. */
  fileName: string;
  language: string;
  text: string;
  /** The editor's symbols with their whole ranges; guessed from the text when absent. */
  symbols?: readonly FileSymbol[];
}

/** What `/tests` knows of the workspace: its framework and the test file (see `testFilePath`). */
export interface TestsContext {
  /** Undefined where no framework is known for the language: the model is told to use the project's. */
  framework: TestFramework | undefined;
  /** Where the tests go; `text` when the file exists. */
  file: { fileName: string; text?: string };
  /** An existing test file to write like, when `file` is new. */
  example?: { fileName: string; text: string };
}

export interface TaskInput {
  task: TaskName;
  /** What the user wrote after the command ("" for nothing). */
  question: string;
  file: TaskFile;
  cursor: Position;
  /** The selection, when it is not empty. */
  selection?: TextRange;
  /** The file's diagnostics (all of them: the task picks those at or near the cursor). */
  diagnostics?: readonly TaskDiagnostic[];
  /** For `/tests`. */
  tests?: TestsContext;
  /** Most characters one attachment may hold (`headstart.context.maxChars`): a longer file is sent as the symbol alone. */
  maxChars: number;
}

export interface TaskRequest {
  /** The message to send: the task's instructions and the user's words, its context as attachments. */
  message: UserMessage;
  target: EditTarget;
  /** The symbol the task is about (`Parent.name`), when there is one. */
  symbol?: string;
  /** The diagnostics `/fix` was given (those at or near the cursor, errors first). */
  diagnostics: readonly TaskDiagnostic[];
}

/** How far (lines) from the cursor a diagnostic still counts as "near" when none is at it or in its symbol. */
const NEAR_LINES = 3;
/** Lines sent on each side of the cursor when a long file has no symbol there to send instead. */
const AROUND_LINES = 30;
const SEVERITY_ORDER: Record<TaskDiagnostic["severity"], number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * The message for `/explain`, `/fix`, `/tests` or `/doc`: instructions of its own in the user's
 * message (the system prompt stays the same byte for byte, so providers' prompt caches keep
 * hitting) and its context as ordinary attachments: the file with the cursor on what the task is
 * about, so the teacher's budgeted view sends that symbol whole and the rest as an outline, and
 * the student gets what it holds. It then goes through the same turn as any message.
 * - `/fix`: the diagnostics at the cursor or selection (else in its symbol, else within a few
 *   lines), each with severity, source, code and place, the cursor put on them;
 * - `/explain`: the selection as it is, or the symbol at the cursor;
 * - `/tests`: the symbol, the framework, and the test file (to add to) or an example (to write like);
 *   the answer's block goes into the test file;
 * - `/doc`: the symbol, to be given back whole with a doc comment in the language's convention.
 */
export function buildTask(input: TaskInput): TaskRequest {
  const { file } = input;
  const symbols = file.symbols ?? guessSymbols(file.text.replace(/\r\n/g, "\n"), file.language);
  const asked = input.selection ? selectionRange(input.selection.start, input.selection.end) : { start: input.cursor.line, end: input.cursor.line };
  const diagnostics = input.task === "fix" ? nearDiagnostics(input.diagnostics ?? [], asked, symbols) : [];
  const focus = diagnostics.length > 0 ? { start: Math.min(...diagnostics.map((d) => d.range.start.line)), end: Math.max(...diagnostics.map((d) => d.range.end.line)) } : asked;
  const symbol = symbolAt(symbols, focus);
  const selection = input.selection ? { text: textIn(file.text, input.selection), range: input.selection } : undefined;
  const about = symbol ? `\`${symbol.name}\`` : `line ${linesLabel(focus)}`;
  const where = `\`${file.fileName}\``;

  const context: EditorContext[] = [];
  let text: string;
  let target: EditTarget = { fileName: file.fileName, exists: true, cursor: input.cursor, ...(selection ? { selection } : {}) };
  switch (input.task) {
    case "explain":
      if (selection) {
        context.push({ fileName: file.fileName, language: file.language, kind: "selection", text: selection.text, focus: asked });
        text = `Explain the selected code (lines ${linesLabel(asked)} of ${where}): what it does, how, and anything in it that could surprise a reader.`;
      } else {
        context.push(attachment(file, focus, symbol, input.maxChars));
        text = `Explain ${about} in ${where}: what it does, how, and anything in it that could surprise a reader.`;
      }
      break;
    case "fix":
      context.push(attachment(file, focus, symbol, input.maxChars));
      text =
        diagnostics.length > 0
          ? `Fix the ${diagnostics.length === 1 ? diagnostics[0].severity : "problems"} in ${where}${symbol ? `, in ${about}` : ""}:\n${diagnostics.map(diagnosticLine).join("\n")}\nSay what causes it in a sentence or two, then give the whole corrected ${symbol ? about : "code"} in one code block, changing only what the fix needs.`
          : `Find and fix the bug in ${about} of ${where}. Say what is wrong in a sentence or two, then give the whole corrected ${symbol ? about : "code"} in one code block, changing only what the fix needs.`;
      break;
    case "doc":
      context.push(attachment(file, focus, symbol, input.maxChars));
      text = `Write the doc comment of ${about} in ${where}, as ${docConvention(file.language)}: what it does and why, its parameters and what it returns. Give the whole ${symbol ? about : "code"} with the comment in one code block, its code unchanged.`;
      break;
    case "tests": {
      const tests = input.tests ?? { framework: undefined, file: { fileName: file.fileName, text: file.text } };
      context.push(attachment(file, focus, symbol, input.maxChars));
      const testFile = `\`${tests.file.fileName}\``;
      const inSource = tests.file.fileName === file.fileName;
      const how = tests.framework ? `with ${tests.framework}` : "with the test framework the project uses";
      let into: string;
      if (inSource) into = `as a test module at the end of ${testFile} (if it has one, give the whole module, its tests kept)`;
      else if (tests.file.text !== undefined) {
        context.push({ fileName: tests.file.fileName, language: file.language, kind: "file", text: tests.file.text });
        into = `to add to ${testFile} (shown): give only the new tests, in its style`;
      } else if (tests.example) {
        context.push({ fileName: tests.example.fileName, language: file.language, kind: "file", text: tests.example.text });
        into = `for the new file ${testFile}: give the whole file, in the style of \`${tests.example.fileName}\` (shown)`;
      } else into = `for the new file ${testFile}: give the whole file`;
      text = `Write tests for ${about} in ${where} ${how}, ${into}. Cover the usual case, the edges and a failure, in one code block.`;
      target = inSource ? { fileName: file.fileName, exists: true } : { fileName: tests.file.fileName, exists: tests.file.text !== undefined };
      break;
    }
  }
  const question = input.question.trim();
  return {
    message: { role: "user", text: question ? `${text}\n\n${question}` : text, context },
    target,
    ...(symbol ? { symbol: symbol.name } : {}),
    diagnostics,
  };
}

/** The diagnostics at the lines asked about, else in the symbol there, else within a few lines; errors first. */
function nearDiagnostics(all: readonly TaskDiagnostic[], asked: { start: number; end: number }, symbols: readonly FileSymbol[]): TaskDiagnostic[] {
  const within = (from: number, to: number): TaskDiagnostic[] => all.filter((d) => d.range.start.line <= to && d.range.end.line >= from);
  const around = symbolAt(symbols, asked)?.symbol;
  const found = [within(asked.start, asked.end), around ? within(around.start, around.end) : [], within(asked.start - NEAR_LINES, asked.end + NEAR_LINES)].find((list) => list.length > 0) ?? [];
  return [...found].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** `- error ts(2339) at 13:16: Property 'price' does not exist on type 'Item'.` (lines and columns 1-based, as editors show them). */
function diagnosticLine(d: TaskDiagnostic): string {
  const who = d.source ? ` ${d.source}${d.code !== undefined ? `(${d.code})` : ""}` : d.code !== undefined ? ` ${d.code}` : "";
  return `- ${d.severity}${who} at ${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`;
}

/**
 * The file as an attachment, the cursor on `focus`; a file longer than the attachment limit goes
 * as the symbol alone (or the lines around the focus), named by its lines.
 */
function attachment(file: TaskFile, focus: { start: number; end: number }, symbol: SymbolAt | undefined, maxChars: number): EditorContext {
  if (file.text.length <= maxChars) return { fileName: file.fileName, language: file.language, kind: "file", text: file.text, focus, ...(file.symbols ? { symbols: file.symbols } : {}) };
  const lines = file.text.split("\n");
  const span = symbol ? { start: symbol.symbol.start, end: symbol.symbol.end } : { start: Math.max(0, focus.start - AROUND_LINES), end: Math.min(lines.length - 1, focus.end + AROUND_LINES) };
  let end = span.end;
  // A symbol longer than the limit itself: as many of its first lines as fit.
  while (end > span.start && lines.slice(span.start, end + 1).join("\n").length > maxChars) end--;
  return { fileName: file.fileName, language: file.language, kind: "selection", text: lines.slice(span.start, end + 1).join("\n"), focus: { start: span.start, end } };
}

function textIn(text: string, range: TextRange): string {
  const starts = lineStarts(text);
  return text.slice(offsetAt(starts, text, range.start), offsetAt(starts, text, range.end));
}
