/**
 * A model's own name as providers spell it, lower-cased and without a provider prefix:
 * `openai/GPT-4o-mini` -> `gpt-4o-mini`. Prices, tokenizers and request options key on it.
 */
export const modelBaseName = (model: string): string => model.slice(model.lastIndexOf("/") + 1).toLowerCase();
