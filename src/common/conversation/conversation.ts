/** Code the user attached to a message from the editor. */
export interface EditorContext {
  /** Workspace-relative file name, shown to both models. */
  fileName: string;
  /** VS Code language id, e.g. `typescript`. */
  language: string;
  /** Whether this is a selection or a whole file. */
  kind: "selection" | "file";
  text: string;
  /**
   * For a whole file: its symbols with their whole extent, as the editor's symbol provider found
   * them, so each model can be sent the parts a question is about. Absent where there is no
   * provider (the CLI, a language without one): a language-aware guess stands in.
   */
  symbols?: readonly FileSymbol[];
  /**
   * For a whole file: the lines (0-based, inclusive) at the cursor or selection when it was
   * attached; for a selection: the lines it covers, to name it ("fizzbuzz.py:3-5").
   */
  focus?: { start: number; end: number };
}

/** One declaration of a file and the lines it spans (all 0-based, inclusive). */
export interface FileSymbol {
  name: string;
  /** What it is, in the symbol provider's words, lower case: `function`, `method`, `class` … */
  kind: string;
  /** The line its name is declared on: what an outline shows of it. */
  line: number;
  /** Its first line (decorators and doc comment included, where known) and its last. */
  start: number;
  end: number;
  /** How many other symbols enclose it. */
  depth: number;
}

export interface UserMessage {
  role: "user";
  text: string;
  context?: readonly EditorContext[];
}

export interface AssistantMessage {
  role: "assistant";
  /** The whole answer the user saw: guidance followed by the student's continuation. */
  text: string;
  /** How many characters at the start of `text` the teacher wrote. */
  guidanceLength: number;
  /** True when the answer was stopped or interrupted before it finished. */
  partial?: boolean;
}

export type ChatMessage = UserMessage | AssistantMessage;

/** A chat as the models see it: prior messages, ending with the user's new message. */
export interface Conversation {
  id: string;
  messages: readonly ChatMessage[];
}

/** One message rendered to plain text, in the shape both the teacher and the student accept. */
export interface PromptMessage {
  role: "user" | "assistant";
  content: string;
}

/** What a model is asked: a fixed system prompt plus the rendered history. */
export interface ModelRequest {
  conversationId: string;
  system: string;
  /** Rendered history; the last entry is the user's new message. */
  messages: readonly PromptMessage[];
}
