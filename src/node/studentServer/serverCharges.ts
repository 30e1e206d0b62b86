// What a student server with a price (`headstart.student.serverPrice`) charges: every token it
// reports for an answer's requests (the preloads, auto mode's probe, the check's one token, the
// answer), kept per conversation until its answer is charged; and the most an answer can bill,
// for the spending limits to hold before anything is sent.
import type OpenAI from "openai";
import type { ModelRequest } from "../../common/conversation/conversation";
import { readCeiling } from "../../common/holds/teacherWorstCase";
import { FRAMING_TOKENS_PER_MESSAGE } from "./serverRendering";

/** The longest a teacher's token is in bytes, for the worst case (a token of code or another script). */
const MAX_BYTES_PER_TEACHER_TOKEN = 16;
/** The check's request: a short system line, a question and an opening, and one token back. */
const CHECK_TOKENS = 128;
/** Auto mode's probe writes a few tokens (see `DEFAULT_AUTO`); held generously. */
const AUTO_PROBE_TOKENS = 16;

/** The conversation id the check's tokens are kept under, charged to the next answer. */
export const CHECK_CONVERSATION = "";

export class ServerCharges {
  /** Tokens reported for requests not yet charged to an answer, by conversation; `null` once one of them did not say. */
  readonly #owed = new Map<string, number | null>();

  /** `pricePerMillion`: US dollars per million tokens; 0: free, nothing is kept. */
  constructor(private readonly pricePerMillion: number) {}

  get priced(): boolean {
    return this.pricePerMillion > 0;
  }

  /** Keeps a request's tokens to charge to the conversation's next answer (only with a price). */
  owe(conversationId: string, usage: OpenAI.CompletionUsage | undefined): void {
    if (!this.priced) return;
    const before = this.owedBy(conversationId);
    this.#owed.set(conversationId, before === null || usage === undefined ? null : before + usage.prompt_tokens + usage.completion_tokens);
  }

  /**
   * The answer's charge in USD (`undefined` without a price): its own request's tokens, with those owed by the conversation's earlier
   * requests and the check. Unknown when any of them went unreported (a stopped stream sends no usage).
   */
  charge(conversationId: string, usage: OpenAI.CompletionUsage | undefined): number | null | undefined {
    if (!this.priced) return undefined;
    this.owe(conversationId, usage);
    const parts = [this.owedBy(conversationId), this.owedBy(CHECK_CONVERSATION)];
    this.#owed.delete(conversationId);
    this.#owed.delete(CHECK_CONVERSATION);
    const tokens = parts[0] === null || parts[1] === null ? null : parts[0] + parts[1];
    return tokens === null ? null : (tokens * this.pricePerMillion) / 1e6;
  }

  /**
   * The most this answer can bill, before anything is sent: no tokenizer of the server's is at
   * hand, so each byte of text counts as a token (no tokenizer makes more tokens than bytes,
   * framing aside): the prompt for the preload, the probe and the answer's own request, the
   * opening once (a paid server is never sent it ahead), the longest answer, the check when the
   * server is not found yet, and the tokens earlier requests still owe.
   */
  worstUsd(request: ModelRequest, openingTokens: number, maxAnswerTokens: number, checked: boolean): number {
    const bytes = (text: string): number => new TextEncoder().encode(text).length;
    const framing = FRAMING_TOKENS_PER_MESSAGE * (request.messages.length + 2);
    const prompt = bytes(request.system) + request.messages.reduce((n, m) => n + bytes(m.content), 0) + framing;
    // The opening, written in the teacher's tokens, can be several bytes each.
    const opening = readCeiling(openingTokens) * MAX_BYTES_PER_TEACHER_TOKEN;
    const owed = (this.owedBy(request.conversationId) ?? 0) + (this.owedBy(CHECK_CONVERSATION) ?? 0) + (checked ? 0 : CHECK_TOKENS);
    const tokens = 3 * prompt + opening + maxAnswerTokens + AUTO_PROBE_TOKENS + owed;
    return (tokens * this.pricePerMillion) / 1e6;
  }

  /** Tokens owed by a conversation's requests so far: 0 when none, `null` when one went unreported. */
  private owedBy(conversationId: string): number | null {
    const owed = this.#owed.get(conversationId);
    return owed === undefined ? 0 : owed;
  }
}
