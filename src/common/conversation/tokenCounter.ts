/** Counts text in a given model's tokens. */
export interface TokenCounter {
  /** `exact` is false when the model's tokenizer is unknown and the count is an estimate. */
  count(text: string, model: string): { tokens: number; exact: boolean };
}

/** Roughly four characters a token in English and code: the usual rule of thumb for BPE tokenizers. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** Used where no tokenizer is loaded: every count is an estimate, and says so. */
export const estimatingCounter: TokenCounter = {
  count: (text) => ({ tokens: estimateTokens(text), exact: false }),
};
