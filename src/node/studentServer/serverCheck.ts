// The check before each answer of a student server, once its way of continuing is found
// (continuationDiscovery): the conversation, the opening and the answer fit its context.
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { StudentError } from "../../common/models/errors";
import { PREFIX_TOKENS_PER_TEACHER_TOKEN } from "../../common/models/openingSpace";
import type { FoundServer, ServerCheck } from "./continuationDiscovery";
import { continuationFields, ENGINE_FACTS } from "./serverEngines";
import { FRAMING_TOKENS_PER_MESSAGE, serverPromptTokens } from "./serverRendering";

export interface RoomAsk {
  messages: ChatCompletionMessageParam[];
  /** The teacher's budget for the opening, in its tokens. */
  openingTokens: number;
  maxAnswerTokens: number;
}

/**
 * The conversation, the opening and the longest answer within the server's context. Counted first
 * as one token a byte (no tokenizer makes more tokens than bytes, the template's own aside), which
 * settles most turns without a request; past that, counted by the server where it can.
 */
export async function checkRoom(server: FoundServer, check: ServerCheck, room: RoomAsk): Promise<void> {
  const context = server.contextTokens;
  if (context === undefined) return;
  const opening = room.openingTokens * PREFIX_TOKENS_PER_TEACHER_TOKEN;
  const fits = (prompt: number): boolean => prompt + opening + room.maxAnswerTokens <= context && (server.maxInputTokens === undefined || prompt + opening <= server.maxInputTokens);
  const bytes = room.messages.reduce((n, m) => n + new TextEncoder().encode(typeof m.content === "string" ? m.content : "").length, 0);
  const bound = bytes + FRAMING_TOKENS_PER_MESSAGE * (room.messages.length + 1);
  if (fits(bound)) return;
  const counted = await serverPromptTokens({ ...check.ask, engine: server.engine }, room.messages, continuationFields(server.engine, server.way, false));
  const prompt = counted ?? bound;
  if (fits(prompt)) return;
  const facts = ENGINE_FACTS[server.engine];
  const n = (x: number): string => x.toLocaleString("en-US");
  const holds = server.contextAssumed ? `${n(context)} tokens (${facts.contextName}: Ollama's default, which it does not publish)` : `${n(context)} tokens (${facts.contextName})`;
  const input = server.maxInputTokens !== undefined && prompt + opening > server.maxInputTokens ? `, ${n(server.maxInputTokens)} of them for the prompt (max_input_tokens)` : "";
  const size = counted === undefined ? `about ${n(prompt)} tokens (estimated, one a byte: it cannot count them)` : `${n(prompt)} tokens as it counts them`;
  throw new StudentError(
    "too-long",
    `${check.where} holds ${holds}${input}: this conversation is ${size}, with up to ${n(opening)} for the opening and ${n(room.maxAnswerTokens)} for the answer (“headstart.student.maxAnswerTokens”). Start a new conversation, attach less, lower that setting, or ${facts.moreContext}.`,
  );
}
