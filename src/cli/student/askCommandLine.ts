// The command line of `npm run ask`: its flags, and the usage text that explains them.
import type { parseArgs } from "node:util";
import { SETTINGS } from "../../common/settings/settings";

export const ASK_USAGE = `Usage: npm run ask -- [options] [/explain|/fix|/tests|/doc] "question"
       npm run ask -- --check [teacher options]   test the teacher connection

  /explain /fix /tests /doc   a task about the line (or lines) of the first --file, with its
                              own instructions, as the editor's commands: explain the code
                              there, fix the problem there (see --error), write its tests (for
                              the project's test file and framework), or its doc comment
  --mode M                    guided (default), auto, local or cloud (local when no teacher
                              is configured); /guided, /auto, /local and /cloud say the same
  --error MESSAGE             /fix: a problem at the --file's line that only the editor or a
                              compiler shows (its message); may be given several times
  --diff                      print the answer's last code block as a patch that git apply
                              takes, placed as the editor's Apply places it (the symbols it
                              redefines, else the lines, else after the line); the answer
                              itself goes to stderr
  --file FILE[:LINE[-END]]    attach a whole file to the question; with :LINE or :START-END,
                              where the cursor is (the part of the file the question is
                              about goes whole to both models); may be given several times.
                              A file over --max-chars goes as the lines around :LINE or
                              :START-END; a binary file is never sent
  --max-chars N               most characters a file attaches; default ${SETTINGS["context.maxChars"].default.toLocaleString("en-US")}
  --encoding E                the encoding of the --file files when they are not UTF-8
                              (latin1, windows-1252, shift_jis, gbk…); default UTF-8, or
                              what a byte order mark says
  --context C                 what the teacher is sent of it: budgeted (default), full or
                              question-only
  --context-budget N          most tokens the teacher is sent in budgeted context; default 768
  --auto-threshold P          auto mode: the student answers alone when its confidence is at
                              least P percent (0 to 100, as headstart.auto.threshold); default ${SETTINGS["auto.threshold"].default}
  --model FILE                student model (.gguf); default $HEADSTART_MODEL
  --student-server URL        a shared OpenAI-compatible server writes the student's part
                              instead (vLLM, SGLang, TGI, llama.cpp's server, Ollama); it is
                              sent the whole conversation. Its key, if any: $HEADSTART_STUDENT_KEY
  --student-server-model NAME the model's name on that server
  --student-continuation W    how it continues the opening: auto (default, from the server's
                              engine), continue-final-message or trailing-assistant; either
                              way checked before the teacher is paid
  --student-server-price X    what the server charges, US dollars per million tokens; kept
                              apart from the teacher's spend, taken from the saving; default 0
  --teacher-url URL           OpenAI-compatible base URL; default $HEADSTART_TEACHER_URL,
                              else https://api.openai.com/v1 when OPENAI_API_KEY is set
  --teacher-model NAME        default $HEADSTART_TEACHER_MODEL or gpt-4o-mini
  --budget N                  guidance tokens in guided mode; default 32
  --max-tokens-field F        max_completion_tokens or max_tokens; default what the provider
                              is known to accept, and what it turns out to accept
  --reasoning-effort E        auto (default: the lowest the model takes), omit, none, minimal,
                              low, medium or high
  --no-usage                  do not ask for the usage chunk (for servers that reject it)
  --teacher-timeout S         seconds the teacher may go without a byte; default 20
  --threads N                 student CPU threads; default one fewer than the cores here
  --context-size N            tokens the student's context holds; default what the model was
                              trained for, at most 4096
  --max-answer-tokens N       longest answer the student writes; default 1024
  --input-lookup              let the student guess its next tokens from the prompt and check
                              them in one step; off by default (npm run bench, row 9)
  --max-usd X                 spend at most X US dollars on the teacher in this run (the
                              daily and monthly limits set in VS Code hold as well)
  --check                     send the teacher one tiny request and report what happened:
                              time to first token, model, usage, cost, refused parameters, cap
  The teacher's API key is read from OPENAI_API_KEY (a server on this machine needs none).
  The answer goes to stdout (with --diff, the patch), notes and errors to stderr.

  Exit status: 0 answered as asked; 1 no answer (the turn failed, or --check failed);
  2 the command line or an attached file was refused (nothing was sent); 3 answered, but not
  in the mode asked for (guided or auto needed the teacher, which failed or was refused by a
  limit, so the local model answered alone; or --mode named a teacher and none is configured).`;

export const ASK_OPTIONS = {
      mode: { type: "string" },
      file: { type: "string", multiple: true },
      context: { type: "string", default: "budgeted" },
      "context-budget": { type: "string", default: String(SETTINGS["teacher.contextBudget"].default) },
      "auto-threshold": { type: "string", default: String(SETTINGS["auto.threshold"].default) },
      model: { type: "string" },
      "student-server": { type: "string" },
      "student-server-model": { type: "string" },
      "student-continuation": { type: "string", default: "auto" },
      "student-server-price": { type: "string", default: "0" },
      "teacher-url": { type: "string" },
      "teacher-model": { type: "string" },
      budget: { type: "string", default: "32" },
      "max-tokens-field": { type: "string" },
      "reasoning-effort": { type: "string", default: "auto" },
      "no-usage": { type: "boolean", default: false },
      "teacher-timeout": { type: "string", default: String(SETTINGS["teacher.timeoutSeconds"].default) },
      threads: { type: "string" },
      "context-size": { type: "string" },
      "max-answer-tokens": { type: "string", default: String(SETTINGS["student.maxAnswerTokens"].default) },
      "input-lookup": { type: "boolean", default: SETTINGS["student.inputLookup"].default },
      "max-usd": { type: "string" },
      "max-chars": { type: "string", default: String(SETTINGS["context.maxChars"].default) },
      encoding: { type: "string" },
      error: { type: "string", multiple: true },
      diff: { type: "boolean", default: false },
      check: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
} as const;

/** The flags as parsed. */
export type AskValues = ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof ASK_OPTIONS }>>["values"];

/** Whether Node.js can decode text in this encoding (a WHATWG label). */
export function isEncoding(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}
