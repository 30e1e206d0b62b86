import { modelBaseName } from "../../common/cost/modelName";
import type { TokenCounter } from "../../common/conversation/tokenCounter";

type Count = (text: string, options: { disallowedSpecial: Set<string> }) => number;

/** OpenAI's families and the encodings their tokenizers use; others are estimated with o200k. */
const CL100K_MODELS = /^(gpt-4(?!o|\.)|gpt-3\.5)/;
const O200K_MODELS = /^(gpt-4o|gpt-4\.1|gpt-5|o1|o3|o4|chatgpt-4o|gpt-oss)/;

/**
 * Counts tokens with OpenAI's real tokenizers (gpt-tokenizer, pure JS, vocabularies bundled so it
 * works offline). For other vendors' models the o200k count is a close estimate and says so.
 * Loaded on first use: the vocabularies are megabytes and activation must stay cheap.
 */
export async function loadGptTokenCounter(): Promise<TokenCounter> {
  const encodings = await import("./gptEncodings");
  // Text that happens to spell a special token is counted as the text it is, not rejected.
  const asText = { disallowedSpecial: new Set<string>() };
  const counters: { o200k: Count; cl100k: Count } = { o200k: encodings.countO200k, cl100k: encodings.countCl100k };
  return {
    count(text, model) {
      const name = modelBaseName(model);
      if (CL100K_MODELS.test(name)) return { tokens: counters.cl100k(text, asText), exact: true };
      return { tokens: counters.o200k(text, asText), exact: O200K_MODELS.test(name) };
    },
  };
}
