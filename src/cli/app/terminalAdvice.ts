/**
 * The engine's messages tell a VS Code user which command to run or setting to change; in a
 * terminal the same advice names the flag or variable that does it. Each VS Code name the
 * engine quotes (in “ ”) maps to the terminal's own words.
 */
const IN_A_TERMINAL: Readonly<Record<string, string>> = {
  "Headstart: Set Teacher API Key": "export OPENAI_API_KEY=…",
  "Headstart: Set Student Server Key": "export HEADSTART_STUDENT_KEY=…",
  "Headstart: Choose Student Model": "--model path/to/model.gguf",
  "headstart.student.threads": "--threads",
  "headstart.student.contextSize": "--context-size",
  "headstart.student.maxAnswerTokens": "--max-answer-tokens",
  "headstart.student.inputLookup": "--input-lookup",
  "headstart.student.server": "--student-server",
  "headstart.student.serverModel": "--student-server-model",
  "headstart.student.serverContinuation": "--student-continuation",
  "headstart.student.serverPrice": "--student-server-price",
  "headstart.teacher.contextBudget": "--context-budget",
  "headstart.teacher.context": "--context",
  "headstart.auto.threshold": "--auto-threshold",
  // The limits and prices are set in VS Code and kept by the terminal tools too.
  "headstart.limits.dailyUsd": "VS Code's headstart.limits.dailyUsd setting",
  "headstart.limits.monthlyUsd": "VS Code's headstart.limits.monthlyUsd setting",
  "headstart.prices": "VS Code's headstart.prices setting",
  "headstart.teacher.maxTokensField": "--max-tokens-field",
  "headstart.teacher.includeUsage": "--no-usage",
  "headstart.teacher.timeoutSeconds": "--teacher-timeout",
  "headstart.teacher.reasoningEffort": "--reasoning-effort",
};

/** `message` with each quoted VS Code command or setting that has a terminal equivalent replaced by it. */
export function terminalAdvice(message: string): string {
  return message.replace(/“([^”]+)”/g, (quoted, name: string) => (IN_A_TERMINAL[name] !== undefined ? `“${IN_A_TERMINAL[name]}”` : quoted));
}
