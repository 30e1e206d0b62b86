/** A provider a new user can pick for the teacher: where it is, a model to start with, and whether it needs a key. */
export interface TeacherPreset {
  name: string;
  baseUrl: string;
  model: string;
  needsKey: boolean;
  /** For providers whose address is the user's own (Azure): what to ask for. */
  askBaseUrl?: string;
}

/** The providers Headstart knows; each is an OpenAI-compatible endpoint. */
export const TEACHER_PRESETS: readonly TeacherPreset[] = [
  { name: "OpenAI", baseUrl: "https://api.openai.com/v1", model: "gpt-4o-mini", needsKey: true },
  { name: "OpenRouter", baseUrl: "https://openrouter.ai/api/v1", model: "openai/gpt-4o-mini", needsKey: true },
  {
    name: "Azure OpenAI",
    baseUrl: "https://YOUR-RESOURCE.openai.azure.com/openai/v1",
    model: "gpt-4o-mini",
    needsKey: true,
    askBaseUrl: "Your Azure OpenAI endpoint, e.g. https://my-resource.openai.azure.com/openai/v1",
  },
  { name: "DeepSeek", baseUrl: "https://api.deepseek.com/v1", model: "deepseek-chat", needsKey: true },
  { name: "Groq", baseUrl: "https://api.groq.com/openai/v1", model: "llama-3.3-70b-versatile", needsKey: true },
  { name: "Mistral", baseUrl: "https://api.mistral.ai/v1", model: "mistral-large-latest", needsKey: true },
  { name: "Ollama (this machine)", baseUrl: "http://localhost:11434/v1", model: "llama3.1:8b", needsKey: false },
  { name: "LM Studio (this machine)", baseUrl: "http://localhost:1234/v1", model: "local-model", needsKey: false },
  { name: "llama.cpp server (this machine)", baseUrl: "http://localhost:8080/v1", model: "default", needsKey: false },
];
