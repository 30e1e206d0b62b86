import type { ModelRequest } from "../conversation/conversation";

export interface StudentStats {
  /** Tokens the student evaluated for this turn (prompt and forced prefix), excluding reused cache. */
  inputTokens: number;
  /** Tokens the student generated itself (excluding the forced prefix). */
  outputTokens: number;
  /** Generated tokens per second, measured from the first to the last generated token. */
  tokensPerSecond: number;
  /** The student server that wrote it (host and port); absent for the local model. */
  server?: string;
  /**
   * What the student server charges for this answer in USD, when it has a price
   * (`headstart.student.serverPrice`): every token it reported for the answer's requests at that
   * price; `null` when it did not report them all.
   */
  serverUsd?: number | null;
  /** With input lookup on: tokens guessed from the prompt that the model confirmed, and those it did not. */
  predictions?: { validated: number; refuted: number };
}

/** Why the student's answer is not quite what was asked, in one line the user can act on. */
export type StudentNoteReason =
  /** The oldest messages no longer fit the student's context and were left out. */
  | "history-trimmed"
  /** The attached files are larger than the student's context: it reads the parts the question is about. */
  | "attachments-cut"
  /** No token came for a while: the machine is busy; the student went on with fewer threads. */
  | "stalled"
  /** The answer stopped at its length limit, not because it was finished. */
  | "length-limit";

export interface StudentNote {
  reason: StudentNoteReason;
  message: string;
}

export type StudentChunk =
  /** A student server's request, as sent (never its key), for "What was sent". */
  | { type: "request"; url: string; body: unknown }
  | { type: "text"; text: string }
  | { type: "note"; note: StudentNote }
  | { type: "end"; stats: StudentStats };

/**
 * The small local model. Both methods throw a `StudentError` on failure. When `signal` aborts,
 * `preload` resolves and `continue` ends early with its `end` chunk, keeping what was generated.
 */
export interface Student {
  /**
   * Evaluates the request's prompt, and `prefix` as the start of the answer, into the cache so a
   * later `continue` with that prefix (or a longer one) only has the rest to evaluate.
   */
  preload(request: ModelRequest, signal: AbortSignal, prefix?: string): Promise<void>;
  /**
   * Writes the answer, forced to begin with `prefix` (may be empty). Text chunks carry only new
   * text, never the prefix.
   */
  continue(request: ModelRequest, prefix: string, signal: AbortSignal): AsyncIterable<StudentChunk>;
  /**
   * Checks, quickly and without loading it, that the model can be used (its file is there and
   * looks like a model; a student server answers, serves the model, continues an opening and holds
   * `request` with an opening of `openingTokens` teacher tokens and the answer), so a guided turn
   * does not pay the teacher for an answer the student cannot finish. Throws a `StudentError`
   * when it cannot.
   */
  check?(request?: ModelRequest, openingTokens?: number): Promise<void>;
  /**
   * Called when the answer has stalled (no new token for a while, as when other programs take the
   * cores): evaluate with fewer threads from the next token on. Returns the thread count now used,
   * or `undefined` when it cannot go lower.
   */
  useFewerThreads?(): number | undefined;
  /**
   * Auto mode's question: how sure the student is of its own answer. Evaluates the prompt, then
   * writes up to `tokens` tokens greedily and reports the mean probability it gave the tokens it
   * chose (0 to 1). The probe's tokens are discarded; the prompt stays cached for `continue`.
   * Resolves with `undefined` when `signal` aborts first.
   */
  probe?(request: ModelRequest, tokens: number, signal: AbortSignal): Promise<StudentProbe | undefined>;
  /**
   * How much prompt the student's context holds with room for an answer, and its tokenizer, so a
   * turn can fit the conversation to it before anyone is paid (loads the model). Resolves with
   * `undefined` when `signal` aborts first.
   */
  room?(signal: AbortSignal): Promise<StudentRoom | undefined>;
  /**
   * A student that bills for its tokens (a student server with a price): who is paid, and the most
   * this answer's requests can cost, for the spending limits to hold before any of them is sent.
   * `openingTokens` is the teacher's budget for the opening it will be sent. Absent, or `undefined`,
   * for a free student.
   */
  bill?(request: ModelRequest, openingTokens: number): StudentBill | undefined;
}

/** What a paid student may charge for one answer, at most. */
export interface StudentBill {
  /** The server's model, as the spend journal names it. */
  model: string;
  /** The server's origin (scheme, host, port). */
  origin: string;
  worstUsd: number;
}

/** What the student's context holds for a prompt, in its own tokens. */
export interface StudentRoom {
  /** Most prompt tokens (counted as `promptTokens` counts them) that leave room for an answer. */
  promptTokens: number;
  /** The context's whole size, for messages. */
  contextTokens: number;
  /** Counts text in the student's own tokens. */
  count: (text: string) => number;
}

/** What auto mode's probe found. */
export interface StudentProbe {
  /** Mean probability of the tokens the student chose, 0 to 1. */
  confidence: number;
  /** How many tokens it wrote (fewer than asked when the answer ended at once). */
  tokens: number;
}
