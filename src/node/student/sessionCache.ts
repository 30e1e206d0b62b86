// Keeps a conversation's chat session and its cache in step with the conversation as Headstart
// keeps it, so that each turn reads again only what is new.
import type { ChatHistoryItem, LlamaChatSession } from "node-llama-cpp";
import { removedSpan } from "../../common/util/removedSpan";
import type { OpenModel } from "./llamaRuntime";

/** Cached tokens worth keeping after a cut: fewer, read in another context, are as cheap to read again. */
const LEAST_KEPT_TOKENS = 16;

/**
 * Gives the session the history to answer from, replacing its own only when it differs, so
 * node-llama-cpp keeps its evaluation state. When older messages were left out, their span is cut
 * from the cache and the messages after it are kept, moved up, where the model allows it:
 * node-llama-cpp would keep only the part before the first difference (the system prompt) and read
 * all the rest again.
 */
export async function adoptHistory(session: LlamaChatSession, open: OpenModel, history: ChatHistoryItem[], prompt: string): Promise<void> {
  if (JSON.stringify(session.getChatHistory()) === JSON.stringify(history)) return;
  session.setChatHistory(history);
  const sequence = session.sequence;
  if (!open.cacheShifts || sequence.contextTokens.length === 0) return;
  // The tokens up to the new message's text are all a cut can keep; the chat template's end of
  // the prompt does not matter here.
  const wanted = open.chatWrapper.generateContextState({ chatHistory: [...history, { type: "user", text: prompt }] }).contextText.tokenize(open.model.tokenizer);
  const span = removedSpan(sequence.contextTokens, wanted, LEAST_KEPT_TOKENS);
  if (span !== undefined) await sequence.eraseContextTokenRanges([span]);
}

/**
 * Makes the session and its cache hold `history`, which ends with the answer just written as the
 * conversation keeps it, read as the next turn will read it. The session's own record of the
 * answer can differ (node-llama-cpp drops the space before the first word after a forced prefix),
 * and the cache holds the tokens the model wrote, while text read back may split into other
 * tokens (a word written in two pieces reads back as one): from the first difference the next
 * turn would read the rest of the answer again, before its question.
 */
export async function settleCache(session: LlamaChatSession, open: OpenModel, history: ChatHistoryItem[], signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  session.setChatHistory(history);
  const sequence = session.sequence;
  const tokens = open.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(open.model.tokenizer);
  const { firstDifferentIndex } = sequence.compareContextTokens(tokens);
  if (firstDifferentIndex >= tokens.length || tokens.length >= sequence.contextSize) return;
  await sequence.adaptStateToTokens(tokens, false);
  if (!signal.aborted) await sequence.evaluateWithoutGeneratingNewTokens(tokens.slice(sequence.nextTokenIndex));
}
