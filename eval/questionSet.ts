// An evaluation question set: JSONL, one question a line, read and checked before anything runs.
import { readFileSync } from "node:fs";
import { fileText } from "../src/common/util/fileText";
import { dirname, extname, resolve } from "node:path";
import { errorMessage } from "../src/common/util/errorMessage";

/**
 * How an answer is judged. `exact`: the answer, trimmed, equals the text, trimmed (case and inner
 * whitespace count); `regex`: the pattern matches anywhere in the answer; `command`: a shell
 * command, run with the answer on stdin and in `$HEADSTART_ANSWER`, passes with exit status 0.
 */
export type Expectation = { exact: string } | { regex: string; flags?: string } | { command: string };

/** A file attached to a question, sent to the models as a whole file from the editor. */
export interface AttachedFile {
  /** The path as the set wrote it, relative to the set file: the name both models are shown. */
  fileName: string;
  /** VS Code's language id, guessed from the extension. */
  language: string;
  text: string;
}

export interface EvalQuestion {
  /** The set's `id`, else `line-N` after the line it is on. */
  id: string;
  /** 1-based line of the set file the question is on. */
  line: number;
  question: string;
  file?: AttachedFile;
  expect: Expectation;
}

/** A set that cannot be run: the message names the file and line. */
export class QuestionSetError extends Error {
  override name = "QuestionSetError";
}

export interface QuestionSetSource {
  /** Named in error messages, e.g. the set file's path. */
  name: string;
  /** Reads an attached file, given its path as the set wrote it; throws when it cannot. */
  readFile(path: string): string;
}

/** `reference`: an answer judged right (an exported set keeps the rated one), for whoever edits `expect`; not checked. */
const FIELDS = ["id", "question", "file", "expect", "reference"];

/** Parses and checks a whole set; throws a `QuestionSetError` for the first line that is wrong. */
export function parseQuestionSet(text: string, source: QuestionSetSource): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  const idLines = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === "") continue;
    const line = index + 1;
    const fail: (message: string) => never = (message) => {
      throw new QuestionSetError(`${source.name} line ${line}: ${message}`);
    };
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      fail(`not valid JSON (${errorMessage(e)})`);
    }
    if (!isRecord(value)) return fail("expected a JSON object such as {\"question\": \"…\", \"expect\": {\"exact\": \"…\"}}");
    const unknown = Object.keys(value).find((k) => !FIELDS.includes(k));
    if (unknown !== undefined) fail(`unknown field “${unknown}” (the fields are ${FIELDS.join(", ")})`);

    const { id, question, file, expect } = value;
    if (id !== undefined && (typeof id !== "string" || id.trim() === "")) fail("“id” must be a non-empty string");
    if (typeof question !== "string" || question.trim() === "") fail("“question” must be a non-empty string");
    if (file !== undefined && (typeof file !== "string" || file.trim() === "")) fail("“file” must be a non-empty path, relative to the set file");
    if (value.reference !== undefined && typeof value.reference !== "string") fail("“reference” must be a string");

    const name = typeof id === "string" ? id : `line-${line}`;
    const earlier = idLines.get(name);
    if (earlier !== undefined) fail(`id “${name}” is already used on line ${earlier}`);
    idLines.set(name, line);

    let attached: AttachedFile | undefined;
    if (typeof file === "string") {
      let fileText: string;
      try {
        fileText = source.readFile(file);
      } catch (e) {
        return fail(`attached file “${file}” cannot be read (${errorMessage(e)})`);
      }
      attached = { fileName: file, language: languageOf(file), text: fileText };
    }
    questions.push({
      id: name,
      line,
      question,
      ...(attached ? { file: attached } : {}),
      expect: parseExpectation(expect, fail),
    });
  }
  if (questions.length === 0) throw new QuestionSetError(`${source.name}: no questions (one JSON object a line)`);
  return questions;
}

/** Reads a set file from disk; attached files are found relative to it. */
export function loadQuestionSet(setFile: string): EvalQuestion[] {
  let text: string;
  try {
    text = readFileSync(setFile, "utf8");
  } catch (e) {
    throw new QuestionSetError(`Cannot read the question set ${setFile}: ${errorMessage(e)}`, { cause: e });
  }
  const base = dirname(resolve(setFile));
  return parseQuestionSet(text, { name: setFile, readFile: (path) => attachedText(readFileSync(resolve(base, path))) });
}

/** A set's attached file as text; like `npm run ask --file`, never binary and never garbled. */
function attachedText(bytes: Uint8Array): string {
  const read = fileText(bytes);
  if ("text" in read) return read.text;
  if (read.reason === "not-utf8") throw new Error(`it is not UTF-8 text: line ${read.line}; save it as UTF-8`);
  throw new Error("it is a binary file, not text");
}

function parseExpectation(value: unknown, fail: (message: string) => never): Expectation {
  const shape = "“expect” must be one of {\"exact\": TEXT}, {\"regex\": PATTERN, \"flags\"?: FLAGS} or {\"command\": SHELL COMMAND}";
  if (!isRecord(value)) return fail(shape);
  const kinds = ["exact", "regex", "command"].filter((k) => k in value);
  if (kinds.length !== 1) return fail(shape);
  const [kind] = kinds;
  const allowed = kind === "regex" ? ["regex", "flags"] : [kind];
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  if (extra !== undefined) fail(`“expect” has an unknown field “${extra}” beside “${kind}”`);
  const text = value[kind];
  if (typeof text !== "string" || text.trim() === "") return fail(`“expect.${kind}” must be a non-empty string`);
  if (kind === "exact") return { exact: text };
  if (kind === "command") return { command: text };
  const flags = value["flags"];
  if (flags !== undefined && typeof flags !== "string") fail("“expect.flags” must be a string such as \"i\"");
  try {
    new RegExp(text, flags);
  } catch (e) {
    fail(`“expect.regex” is not a valid regular expression (${errorMessage(e)})`);
  }
  return flags === undefined ? { regex: text } : { regex: text, flags };
}

/** VS Code language ids by extension, for the fence the attached file is sent in. */
const LANGUAGES: Record<string, string> = {
  ".ts": "typescript", ".mts": "typescript", ".cts": "typescript", ".tsx": "typescriptreact",
  ".js": "javascript", ".mjs": "javascript", ".cjs": "javascript", ".jsx": "javascriptreact",
  ".py": "python", ".rs": "rust", ".go": "go", ".java": "java", ".kt": "kotlin", ".swift": "swift",
  ".c": "c", ".h": "c", ".cpp": "cpp", ".cc": "cpp", ".cxx": "cpp", ".hpp": "cpp", ".cs": "csharp",
  ".rb": "ruby", ".php": "php", ".lua": "lua", ".sh": "shellscript", ".bash": "shellscript",
  ".sql": "sql", ".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml",
  ".md": "markdown", ".html": "html", ".css": "css", ".scss": "scss", ".xml": "xml",
};

/** The language id VS Code would give a file of this name; `plaintext` when the extension is unknown. */
export function languageOf(fileName: string): string {
  return LANGUAGES[extname(fileName).toLowerCase()] ?? "plaintext";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
