import type { FileSymbol } from "../conversation/conversation";
import type { Position } from "../util/selectionLines";
import type { TextEdit, TextRange } from "./textEdit";

/** The file a block goes into, as it is now. */
export interface PlacementTarget {
  text: string;
  /** Language id (`typescript`, `python`, …), for guessing symbols where none are given. */
  language: string;
  /**
   * The file's symbols with their whole ranges, as the editor's symbol provider gives them (the
   * same data as the teacher's view); guessed from the text when absent, as the terminal does.
   */
  symbols?: readonly FileSymbol[];
}

export interface PlacementInput {
  /** The block's code, as the answer's fence holds it. */
  code: string;
  /** The block's language (the fence's), else the target's. */
  language: string;
  /** Undefined when the target file does not exist yet: the block becomes the new file. */
  target: PlacementTarget | undefined;
  /** The selection the question was about, as it was when asked: its text and where it was. */
  selection?: { text: string; range: TextRange };
  /** The cursor; without one, code that goes at the cursor goes at the end of the file. */
  cursor?: Position;
}

/** A symbol of the target a block replaced: its name (`Parent.name`) and its lines before the edit (0-based, inclusive). */
export interface ReplacedSymbol {
  name: string;
  lines: { start: number; end: number };
}

/** What the placement did, for the face to say before the user accepts it. */
export type Placed =
  /** Symbols the block redefines replaced, each whole; `added`: members of a class it redefines in part that the class did not have, put after its last member. */
  | { kind: "symbols"; replaced: readonly ReplacedSymbol[]; added: readonly string[] }
  /** The question's selection replaced; `moved`: found again by its content, elsewhere than it was. */
  | { kind: "selection"; moved: boolean }
  /** Put at the cursor (at the end without one); `selectionLost`: the question's selection is no longer in the file. */
  | { kind: "cursor"; selectionLost: boolean }
  | { kind: "new-file" };

export interface Placement {
  /** The edits to make to the target's text as it is now (for a new file: one insertion into empty text). */
  edits: TextEdit[];
  placed: Placed;
  /** The target's text with the edits made. */
  text: string;
}
