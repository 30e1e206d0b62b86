import { isLoopbackUrl } from "../common/loopbackUrl";
import { knownProvider } from "../common/providerQuirks";
import type { TokenCounter } from "../common/tokenCounter";
import { OpenAITeacher, type OpenAITeacherOptions } from "../node/openaiTeacher";

export interface CliTeacherOptions extends Pick<OpenAITeacherOptions, "maxTokensField" | "includeUsage" | "reasoningEffort" | "timeoutMs"> {
  baseURL: string;
  /** `undefined`: none set; a server on this machine is then sent a placeholder, as it takes any key. */
  apiKey: string | undefined;
  model: string;
  counter: TokenCounter;
}

/** The teacher as the terminal tools build it: known quirks by URL, its text counted to hold the cap. */
export function cliTeacher({ baseURL, apiKey, model, counter, ...rest }: CliTeacherOptions): OpenAITeacher {
  return new OpenAITeacher({
    baseURL,
    // Local servers (Ollama, LM Studio, llama.cpp server) take any key.
    apiKey: apiKey ?? (isLoopbackUrl(baseURL) ? "local" : undefined),
    model,
    quirks: knownProvider(baseURL).quirks,
    ...rest,
    countTokens: (text) => counter.count(text, model).tokens,
  });
}
