// OpenAI's two tokenizer vocabularies (megabytes of data). Bundled on its own as
// dist/gptEncodings.js and imported on first use, so activating the extension never parses them.
export { countTokens as countO200k } from "gpt-tokenizer/encoding/o200k_base";
export { countTokens as countCl100k } from "gpt-tokenizer/encoding/cl100k_base";
