import { isLoopbackUrl } from "../../common/util/loopbackUrl";
import { knownProvider } from "../../common/models/providerQuirks";
import type { TokenCounter } from "../../common/conversation/tokenCounter";
import { OpenAITeacher, type OpenAITeacherOptions } from "./openaiTeacher";

export interface ConfiguredTeacherOptions extends Omit<OpenAITeacherOptions, "apiKey" | "countTokens"> {
  /** `undefined`: none set; a server on this machine is then sent a placeholder, as it takes any key. */
  apiKey: string | undefined;
  counter: TokenCounter;
}

/**
 * The teacher as every face builds it, the terminal's and VS Code's alike: local servers (Ollama,
 * LM Studio, llama.cpp server) take any key; the quirks known for the URL unless the caller knows
 * better; its text counted as it arrives, so the cap holds even where the provider ignores it.
 */
export function configuredTeacher({ baseURL, apiKey, model, counter, ...rest }: ConfiguredTeacherOptions): OpenAITeacher {
  return new OpenAITeacher({
    baseURL,
    apiKey: apiKey ?? (isLoopbackUrl(baseURL) ? "local" : undefined),
    model,
    quirks: knownProvider(baseURL).quirks,
    ...rest,
    countTokens: (text) => counter.count(text, model).tokens,
  });
}
