import type { EditorContext } from "../conversation/conversation";
import type { Position } from "../util/selectionLines";
import type { AnswerBlock } from "./answerBlocks";
import type { TextRange } from "./textEdit";

/** Where the blocks of the task's answer go, kept by the face until the user applies one. */
export interface EditTarget {
  fileName: string;
  /** False for a test file that is still to be made. */
  exists: boolean;
  /** The selection the task was about, as it was: placement finds it again by its text. */
  selection?: { text: string; range: TextRange };
  /** Absent where new code belongs at the end (tests added to a test file). */
  cursor?: Position;
}

/** Where one code block of an answer goes, from what the answer and its question say; each face finds the file by its name. */
export interface ApplyTarget {
  /** Workspace-relative; undefined: the editor the user is in. */
  fileName?: string;
  /** True when the file is one the answer is to create (a new test file). */
  create?: boolean;
  /** The file as it was attached whole to the question: told apart from the file now, the user hears it changed since. */
  attachedText?: string;
  /** The selection the question was about, as it was: placement finds it again by its text. */
  selection?: { text: string; range: TextRange };
  cursor?: Position;
}

/** What a question carries that says where its answer's code goes: its attachments, and a task's target. */
export interface AskedAbout {
  context?: readonly EditorContext[];
  editTarget?: EditTarget;
}

/**
 * The target of `block`, in order: the file the block (or the line before it) names; else the
 * task's target (`/tests` names its test file); else the question's first attachment (a selection
 * is replaced, found again by its text); else the editor the user is in. Where the block names the
 * file the question was about, the question's selection and cursor still count.
 */
export function applyTarget(block: Pick<AnswerBlock, "fileName">, asked: AskedAbout | undefined): ApplyTarget {
  const task = asked?.editTarget;
  const attached = asked?.context?.[0];
  const fileName = block.fileName ?? task?.fileName ?? (attached ? withoutLines(attached.fileName) : undefined);
  if (fileName === undefined) return {};
  const same = (name: string | undefined): boolean => name !== undefined && sameFile(withoutLines(name), fileName);
  const whole = asked?.context?.find((c) => c.kind === "file" && same(c.fileName));
  const target: ApplyTarget = { fileName, ...(task && same(task.fileName) && !task.exists ? { create: true } : {}), ...(whole ? { attachedText: whole.text } : {}) };
  if (task && same(task.fileName)) return { ...target, ...(task.selection ? { selection: task.selection } : {}), ...(task.cursor ? { cursor: task.cursor } : {}) };
  if (attached && same(attached.fileName)) {
    // Where it was is a hint: placement finds a selection again by its text.
    const { start, end } = attached.focus ?? { start: 0, end: 0 };
    if (attached.kind === "selection") return { ...target, selection: { text: attached.text, range: { start: { line: start, character: 0 }, end: { line: end + 1, character: 0 } } } };
    if (attached.focus) return { ...target, cursor: { line: start, character: 0 } };
  }
  return target;
}

/** "Apply to cart.ts", or "Apply in editor" where the answer names no file. */
export function applyLabel(target: ApplyTarget): string {
  return target.fileName ? `Apply to ${baseName(target.fileName)}` : "Apply in editor";
}

/** Two names of one file: the same path, or one the other's tail (`cart.ts` and `src/cart.ts`). */
export function sameFile(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\\/g, "/").replace(/^\.\//, "");
  const [x, y] = [norm(a), norm(b)];
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** The Chat view names a selection `cart.ts:3-5`: the file is `cart.ts`. */
const withoutLines = (name: string): string => name.replace(/:\d+(?:-\d+)?$/, "");
