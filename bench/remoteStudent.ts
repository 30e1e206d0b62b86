// The student on a server against the local one, in the same guided turns: when the first visible
// token comes (the teacher's, next to the teacher's own first token read bare) and the handoff gap
// (the teacher's last token to the student's first). The server is the test student server on
// loopback, stories260K behind it, in this process: what the wire and the way of continuing add.
import { LlamaStudent } from "../src/node/student/llamaStudent";
import { OpenAITeacher } from "../src/node/teacher/openaiTeacher";
import { ServerStudent } from "../src/node/studentServer/serverStudent";
import { startTestStudentServer } from "../test/support/testStudentServer";
import { startTestTeacherServer } from "../test/support/testTeacherServer";
import { benchModel, CONTEXT_SIZE, guidedTurn, loadPrompts, median, THREADS, type StudentWayRow } from "./benchSetup";
import { bareFirstTokenMs } from "./firstToken";

export interface RemoteStudentResult {
  runs: number;
  teacherFirstTokenMs: number;
  local: StudentWayRow;
  server: StudentWayRow;
  /** The server's first visible token less the teacher's own; target: at most 30. */
  serverOverTeacherMs: number;
}

export async function measureRemoteStudent(runs: number): Promise<RemoteStudentResult> {
  const modelPath = await benchModel();
  const prompts = loadPrompts();
  // A provider's usual wait before the first token, and its usual pace after (as in row 3).
  const teacherServer = await startTestTeacherServer({ firstTokenDelayMs: 40, dripMs: 10 });
  const studentServer = await startTestStudentServer({ modelPath, flavour: "vllm", served: "stories-vllm" });
  const teacher = new OpenAITeacher({ baseURL: teacherServer.url, apiKey: "bench", model: "gpt-4o-mini" });
  const local = new LlamaStudent({ modelPath, threads: THREADS, gpu: false, contextSize: CONTEXT_SIZE, maxConversations: 2, maxAnswerTokens: 8 });
  const server = new ServerStudent({ baseURL: studentServer.url, model: "stories-vllm", continuation: "auto", maxAnswerTokens: 8 });
  const bare: number[] = [];
  const rows = { local: [] as StudentWayRow[], server: [] as StudentWayRow[] };
  try {
    for (let i = 0; i <= runs; i++) {
      const question = prompts[i % prompts.length].question;
      const b = await bareFirstTokenMs(teacherServer.url, question);
      // Side by side, in alternating order, so neither way always runs on a warmer machine.
      const order = i % 2 === 0 ? (["local", "server"] as const) : (["server", "local"] as const);
      const measured: Partial<Record<"local" | "server", StudentWayRow>> = {};
      for (const way of order) measured[way] = await guidedTurn(way === "local" ? local : server, teacher, question, `${way}-${i}`);
      if (i === 0) continue; // warm-up: loads the models, finds the server's way, opens connections
      bare.push(b);
      rows.local.push(measured.local!);
      rows.server.push(measured.server!);
    }
  } finally {
    await local.dispose();
    await studentServer.close();
    await teacherServer.close();
  }
  const summary = (xs: StudentWayRow[]): StudentWayRow => ({ firstVisibleMs: median(xs.map((x) => x.firstVisibleMs)), handoffGapMs: median(xs.map((x) => x.handoffGapMs)) });
  const teacherFirstTokenMs = median(bare);
  const serverRow = summary(rows.server);
  return { runs, teacherFirstTokenMs, local: summary(rows.local), server: serverRow, serverOverTeacherMs: serverRow.firstVisibleMs - teacherFirstTokenMs };
}
