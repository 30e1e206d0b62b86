import { MODES, type Mode } from "../conversation/mode";
import type { ModelPrice } from "../cost/prices";
import type { Scope, Setting } from "./settingDeclaration";
import { TEACHER_CONTEXT_KINDS, type TeacherContextKind } from "../teacherView/teacherContext";

/**
 * How a student server is told to continue the teacher's opening: taken from its engine on the first
 * guided answer, or `continue_final_message` (vLLM, SGLang), or a trailing assistant message (TGI,
 * llama.cpp's server, Ollama).
 */
export const STUDENT_CONTINUATIONS = ["auto", "continue-final-message", "trailing-assistant"] as const;

/** Every `headstart.*` setting, declared once; package.json must say the same (a test checks). */
export const SETTINGS = {
  mode: {
    type: "string",
    enum: MODES,
    default: "guided",
    order: 4,
    userOnly: true,
    description: "How answers are written: guided (teacher opens, local model continues), auto (the local model begins and asks the teacher for the opening only when it is unsure), local (local model only, free and offline) or cloud (teacher only).",
  },
  "student.model": {
    type: "string",
    default: "",
    order: 1,
    userOnly: true,
    description: "The local model: a .gguf file path, an hf: URI or an https URL. Use “Headstart: Choose Student Model” to pick or download one.",
  },
  "student.contextSize": {
    type: "integer",
    default: 4096,
    minimum: 256,
    maximum: 131072,
    order: 13,
    userOnly: false,
    description: "Context size of the local model, in tokens (capped at what the model was trained for).",
  },
  "student.gpu": {
    type: "string",
    enum: ["auto", "off"],
    default: "auto",
    order: 15,
    userOnly: true,
    description: "Use the GPU for the local model when one is available (auto), or never (off).",
  },
  "student.gpuLayers": {
    type: "integer",
    default: -1,
    minimum: -1,
    maximum: 1000,
    order: 16,
    userOnly: false,
    description: "Model layers to put on the GPU; -1 decides automatically.",
  },
  "student.threads": {
    type: "integer",
    default: 0,
    minimum: 0,
    maximum: 256,
    order: 14,
    userOnly: false,
    description: "CPU threads for the local model; 0 decides automatically.",
  },
  "student.maxAnswerTokens": {
    type: "integer",
    default: 1024,
    minimum: 16,
    maximum: 32768,
    order: 12,
    // A student server with a price bills every token of it: how much is paid is the user's to say.
    userOnly: true,
    description: "Longest answer the local model (or the student server) writes, in tokens. A student server with a price bills each of them.",
  },
  "student.inputLookup": {
    type: "boolean",
    default: false,
    order: 29,
    userOnly: false,
    description: "Let the local model guess its next tokens from the question and its files, and check the guesses in one step: the same answer, faster when it repeats code it was given (rewrite this function), slower when it does not. Off by default: measured on a tiny story model, nine guesses in ten were wrong and answers came at 0.4 of the speed. On a code model that rewrites the code it was given, turn it on and compare the tokens/s in the footer.",
  },
  "student.idleUnloadMinutes": {
    type: "integer",
    default: 15,
    minimum: 0,
    maximum: 1440,
    order: 17,
    userOnly: false,
    description: "Free the local model's memory after this many idle minutes (0 keeps it loaded). It reloads on the next question.",
  },
  "student.server": {
    type: "string",
    default: "",
    pattern: "^$|^https?://[^\\s/]+",
    order: 26,
    userOnly: true,
    description: "A shared inference server that writes the student's part instead of the local model (vLLM, SGLang, TGI, llama.cpp's server or Ollama, OpenAI-compatible), e.g. `http://gpu-box:8000/v1`. It is sent the whole conversation. Empty: the local model.",
  },
  "student.serverModel": {
    type: "string",
    default: "",
    order: 27,
    userOnly: true,
    description: "The model's name on the student server (as its `/v1/models` lists it).",
  },
  "student.serverContinuation": {
    type: "string",
    enum: STUDENT_CONTINUATIONS,
    default: "auto",
    order: 28,
    userOnly: true,
    description: "How the student server is told to continue the teacher's opening: `continue-final-message` (vLLM, SGLang), `trailing-assistant` (TGI, llama.cpp's server, Ollama), or `auto` to take it from the engine the server is, found on the first guided answer. Either way Headstart checks, before the teacher is paid, that the server continues the opening.",
  },
  "student.serverPrice": {
    type: "number",
    default: 0,
    minimum: 0,
    maximum: 1000,
    order: 30,
    userOnly: true,
    description: "What the student server charges, in US dollars per million tokens (prompt and written alike, as it reports them), for teams that charge back. Shown and kept apart from the teacher's spend and limits, and taken from the saving. 0: free.",
  },
  "teacher.baseUrl": {
    type: "string",
    default: "https://api.openai.com/v1",
    pattern: "^https?://[^\\s/]+",
    order: 2,
    userOnly: true,
    description: "OpenAI-compatible API the teacher is reached at; the API key is sent here. Examples: OpenAI `https://api.openai.com/v1`, OpenRouter `https://openrouter.ai/api/v1`, Ollama `http://localhost:11434/v1`, LM Studio `http://localhost:1234/v1`, llama.cpp server `http://localhost:8080/v1`. Set the key with “Headstart: Set Teacher API Key” (local servers need none).",
  },
  "teacher.model": {
    type: "string",
    default: "gpt-4o-mini",
    order: 3,
    userOnly: true,
    description: "The teacher model's name at the provider.",
  },
  "teacher.guidanceBudget": {
    type: "integer",
    default: 32,
    minimum: 1,
    maximum: 1024,
    order: 5,
    userOnly: true,
    description: "Tokens the teacher writes at the start of each guided answer.",
  },
  "teacher.context": {
    type: "string",
    enum: TEACHER_CONTEXT_KINDS,
    default: "budgeted",
    order: 6,
    userOnly: true,
    description: "What the teacher is sent when it writes an opening (the local model gets all its context holds). budgeted: at most “headstart.teacher.contextBudget” tokens: the question, selections while they fit, from attached files the parts the question is about (the symbols it names and the one at the cursor whole, then the most similar ones) and an outline of the rest, earlier answers cut to their openings; full: everything; question-only: the question alone. Cloud mode always sends everything.",
  },
  "teacher.contextBudget": {
    type: "integer",
    default: 768,
    minimum: 64,
    maximum: 200000,
    order: 7,
    userOnly: true,
    description: "Most prompt tokens the teacher is sent in budgeted context. 768 holds the question, a selection of about 60 lines, or from a file the one or two functions the question is about and the outline of the rest, and a few earlier questions.",
  },
  "auto.threshold": {
    type: "integer",
    default: 80,
    minimum: 0,
    maximum: 100,
    order: 8,
    userOnly: true,
    description: "Auto mode: the local model answers alone when its confidence over its first few tokens (the mean probability it gives the tokens it picks) is at least this percentage; below it, the teacher writes the opening.",
  },
  "auto.askOnFirstTurn": {
    type: "boolean",
    default: true,
    order: 9,
    userOnly: true,
    description: "Auto mode: let the teacher write the opening of a conversation's first answer without asking the local model first.",
  },
  "teacher.cloudMaxTokens": {
    type: "integer",
    default: 2048,
    minimum: 16,
    maximum: 65536,
    order: 11,
    userOnly: true,
    description: "Longest answer the teacher writes in cloud mode, in tokens.",
  },
  "teacher.timeoutSeconds": {
    type: "integer",
    default: 20,
    minimum: 1,
    maximum: 600,
    order: 18,
    userOnly: true,
    description: "Give up on the teacher when it has not answered (or has stalled) for this long; the local model then answers alone.",
  },
  "teacher.maxTokensField": {
    type: "string",
    enum: ["auto", "max_completion_tokens", "max_tokens"],
    default: "auto",
    order: 19,
    userOnly: true,
    description: "Which request field carries the token cap. auto: what the provider is known to accept (max_tokens for Ollama, LM Studio, llama.cpp server, Mistral, DeepSeek…; max_completion_tokens for OpenAI), and what it turns out to accept.",
  },
  "teacher.reasoningEffort": {
    type: "string",
    enum: ["auto", "omit", "none", "minimal", "low", "medium", "high"],
    default: "auto",
    order: 21,
    userOnly: true,
    description: "reasoning_effort sent to reasoning models, so a few dozen tokens are not spent on hidden thinking. auto: the lowest the model accepts; omit: never sent.",
  },
  "teacher.includeUsage": {
    type: "boolean",
    default: true,
    order: 20,
    userOnly: true,
    description: "Ask the provider for its token usage at the end of the stream. Turn off for servers that reject stream_options.",
  },
  prices: {
    type: "object",
    default: {},
    order: 10,
    userOnly: true,
    description: "Teacher prices in USD per million tokens, by model name, overriding the built-in table: {\"my-model\": {\"input\": 1, \"cachedInput\": 0.5, \"output\": 2}}.",
  },
  "context.maxChars": {
    type: "integer",
    default: 24000,
    minimum: 1000,
    maximum: 1000000,
    order: 22,
    userOnly: true,
    description: "Most characters of editor context (selections and files) attached to one message.",
  },
  "log.includeContent": {
    type: "boolean",
    default: false,
    order: 23,
    userOnly: true,
    description: "Write message contents to the Headstart log. Off: the log has reasons and timings only.",
  },
  "limits.dailyUsd": {
    type: "number",
    default: 0,
    minimum: 0,
    maximum: 100000,
    order: 24,
    userOnly: true,
    description: "Most US dollars Headstart may spend in a day (the teacher, the connection check and a student server with a price), over every VS Code window and the terminal; 0 is no limit. Each request's worst case is held before it is sent, and a request that could cross the limit is not sent (guided and auto answers are written locally). A provider that bills above its price is recorded as billed, and nothing more is sent until there is room.",
  },
  "limits.monthlyUsd": {
    type: "number",
    default: 0,
    minimum: 0,
    maximum: 1000000,
    order: 25,
    userOnly: true,
    description: "Most US dollars Headstart may spend in a calendar month (the teacher, the connection check and a student server with a price), over every VS Code window and the terminal; 0 is no limit. Checked like the daily limit.",
  },
} as const satisfies Record<string, Setting>;

export type SettingKey = keyof typeof SETTINGS;
type Widen<T> = T extends string ? string : T extends number ? number : T extends boolean ? boolean : T;
export type HeadstartSettings = { -readonly [K in SettingKey]: Widen<(typeof SETTINGS)[K]["default"]> } & {
  mode: Mode;
  "student.gpu": "auto" | "off";
  "student.serverContinuation": (typeof STUDENT_CONTINUATIONS)[number];
  "teacher.context": TeacherContextKind;
  "teacher.maxTokensField": "auto" | "max_completion_tokens" | "max_tokens";
  "teacher.reasoningEffort": "auto" | "omit" | "none" | "minimal" | "low" | "medium" | "high";
  prices: Record<string, ModelPrice>;
};

export const SECTION = "headstart";

export const scopeOf = (key: SettingKey): Scope => (SETTINGS[key].userOnly ? "application" : "window");
