import { SETTINGS, STUDENT_CONTINUATIONS } from "../../common/settings/settings";
import type { Student } from "../../common/models/student";
import { LlamaStudent, type LlamaStudentOptions } from "../../node/student/llamaStudent";
import { ServerStudent } from "../../node/studentServer/serverStudent";
import type { AskValues } from "./askCommandLine";

/** What the flags say of the local model beyond its file. */
export type TerminalStudentOptions = Pick<LlamaStudentOptions, "threads" | "contextSize" | "maxAnswerTokens" | "inputLookup">;

/** The local model, or the student server the flags name; a string says what is missing. */
export function chosenStudent(values: AskValues, options: TerminalStudentOptions): (Student & { dispose?(): Promise<void> }) | string {
  const server = values["student-server"];
  if (server) {
    const model = values["student-server-model"];
    if (!model) return "--student-server needs --student-server-model NAME: the model's name on that server.";
    const continuation = values["student-continuation"];
    if (!(STUDENT_CONTINUATIONS as readonly string[]).includes(continuation)) return `--student-continuation must be one of ${STUDENT_CONTINUATIONS.join(", ")}.`;
    const pricePerMillion = Number(values["student-server-price"]);
    if (!(pricePerMillion >= 0 && pricePerMillion <= SETTINGS["student.serverPrice"].maximum)) return "--student-server-price must be US dollars per million tokens, such as 0.5 (0: free).";
    return new ServerStudent({
      baseURL: server,
      model,
      apiKey: process.env.HEADSTART_STUDENT_KEY,
      continuation: continuation as (typeof STUDENT_CONTINUATIONS)[number],
      pricePerMillion,
      ...(options.maxAnswerTokens !== undefined ? { maxAnswerTokens: options.maxAnswerTokens } : {}),
    });
  }
  const modelPath = values.model ?? process.env.HEADSTART_MODEL;
  if (!modelPath) return "No student model: pass --model path/to/model.gguf (or set HEADSTART_MODEL), or --student-server URL.";
  return new LlamaStudent({ modelPath, ...options });
}
