import type { LlamaChatSession, Token } from "node-llama-cpp";
import type { StudentProbe } from "../../common/models/student";
import type { OpenModel } from "./llamaRuntime";
import type { Fitted } from "./studentFitter";

/**
 * Auto mode's probe, on the session's sequence: the prompt's tokens exactly as `LlamaChat` builds
 * them for the answer (history, user message, an empty model turn begun), so its cache reuse finds
 * them; then greedy tokens with their probabilities, until `limit` tokens or the answer's end.
 */
export async function confidenceProbe(session: LlamaChatSession, open: OpenModel, fitted: Fitted, limit: number, signal: AbortSignal): Promise<StudentProbe | undefined> {
  const { model, chatWrapper } = open;
  const sequence = session.sequence;
  const state = chatWrapper.generateContextState({
    chatHistory: [...fitted.history, { type: "user", text: fitted.prompt }, { type: "model", response: [] }],
  });
  const input = state.contextText.tokenize(model.tokenizer);
  const stops = state.stopGenerationTriggers.map((trigger) => trigger.tokenize(model.tokenizer, "trimLeadingSpace")).filter((t) => t.length > 0);
  // As LlamaChat does: keep the cached part of the input but its last token, which is evaluated
  // again so that it predicts the first token of the answer.
  await sequence.adaptStateToTokens(input.slice(0, -1), false);
  if (signal.aborted) return undefined;
  const chosen: Token[] = [];
  const confidences: number[] = [];
  let written = 0;
  const evaluation = sequence.evaluateWithMetadata(input.slice(sequence.nextTokenIndex), { confidence: true }, { temperature: 0, yieldEogToken: true });
  for await (const { token, confidence } of evaluation) {
    if (signal.aborted) return undefined; // leaving the loop stops the evaluation
    chosen.push(token);
    confidences.push(confidence);
    if (model.isEogToken(token)) break;
    const stopText = stops.find((stop) => endsWith(chosen, stop));
    if (stopText !== undefined) {
      // The stop text's first token is the choice to end; the rest of it follows from that.
      written = chosen.length - stopText.length;
      confidences.length = written + 1;
      break;
    }
    written = chosen.length;
    if (written >= limit) break;
  }
  if (signal.aborted) return undefined;
  const confidence = confidences.length === 0 ? 0 : confidences.reduce((sum, c) => sum + c, 0) / confidences.length;
  return { confidence, tokens: written };
}

function endsWith(tokens: readonly Token[], end: readonly Token[]): boolean {
  if (end.length > tokens.length) return false;
  return end.every((token, i) => tokens[tokens.length - end.length + i] === token);
}
