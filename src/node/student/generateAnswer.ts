import type { LlamaChatSession } from "node-llama-cpp";
import type { StudentStats } from "../../common/models/student";
import type { ContinuationText } from "./continuationText";
import type { Fitted } from "./studentFitter";

export interface GenerateSettings {
  temperature: number;
  /** Whether the sequence guesses tokens ahead (`inputLookup`): its guesses are then counted in the stats. */
  inputLookup: boolean;
}

/**
 * Writes the answer on the session after the forced prefix, passing each piece of new text to
 * `emit` as soon as it is whole, and measures it: the tokens read and written, and the writing
 * speed from the first written token to the last. Stopped before it began, it writes nothing.
 */
export async function generateAnswer(
  session: LlamaChatSession,
  fitted: Fitted,
  text: ContinuationText,
  settings: GenerateSettings,
  signal: AbortSignal,
  emit: (text: string) => void,
): Promise<{ stats: StudentStats; hitLimit: boolean }> {
  const meter = session.sequence.tokenMeter;
  const before = meter.getState();
  const predictedBefore = session.sequence.tokenPredictions;
  let first: { at: number; tokens: number } | undefined;
  let last = { at: 0, tokens: 0 };
  let hitLimit = false;
  try {
    if (!signal.aborted) {
      const result = await session.promptWithMeta(fitted.prompt, {
        responsePrefix: text.forcedPrefix || undefined,
        signal,
        stopOnAbortSignal: true,
        maxTokens: fitted.answerTokens,
        temperature: settings.temperature,
        onResponseChunk: (chunk) => {
          if (chunk.type !== undefined) return; // thoughts are not part of the answer
          const generated = answerTokens(meter.usedOutputTokens - before.usedOutputTokens, session.sequence.tokenPredictions, predictedBefore);
          if (generated > 0) {
            last = { at: performance.now(), tokens: generated };
            first ??= last;
          }
          const fresh = text.accept(chunk.text, chunk.tokens);
          if (fresh !== "") emit(fresh);
        },
      });
      hitLimit = result.stopReason === "maxTokens";
    }
  } catch (error) {
    // Stopped before the answer began: nothing to keep, and not a failure.
    if (!signal.aborted) throw error;
  }
  const used = meter.diff(before);
  const seconds = first === undefined ? 0 : (last.at - first.at) / 1000;
  const predicted = session.sequence.tokenPredictions;
  const stats: StudentStats = {
    inputTokens: used.usedInputTokens,
    outputTokens: answerTokens(used.usedOutputTokens, predicted, predictedBefore),
    tokensPerSecond: first !== undefined && seconds > 0 ? (last.tokens - first.tokens) / seconds : 0,
    ...(settings.inputLookup ? { predictions: { validated: predicted.validated - predictedBefore.validated, refuted: predicted.refuted - predictedBefore.refuted } } : {}),
  };
  return { stats, hitLimit };
}

type TokenPredictions = LlamaChatSession["sequence"]["tokenPredictions"];

/** Of the tokens evaluated as output, those in the answer: less the lookup's guesses that were not. */
function answerTokens(evaluated: number, now: TokenPredictions, before: TokenPredictions): number {
  return evaluated - (now.refuted - before.refuted) - (now.unused - before.unused);
}
