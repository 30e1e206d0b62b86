// The student on a server against the local one, in the same guided turns: when the first visible
// token comes (the teacher's, next to the teacher's own first token read bare) and the handoff gap
// (the teacher's last token to the student's first). The server is the test student server on
// loopback, stories260K behind it, in this process: what the wire and the way of continuing add.
import type { Student } from "../src/common/student";
import { priceLookup } from "../src/common/prices";
import { runTurn } from "../src/common/runTurn";
import { estimatingCounter } from "../src/common/tokenCounter";
import { LlamaStudent } from "../src/node/llamaStudent";
import { OpenAITeacher } from "../src/node/openaiTeacher";
import { ServerStudent } from "../src/node/serverStudent";
import { startTestStudentServer } from "../test/support/testStudentServer";
import { startTestTeacherServer } from "../test/support/testTeacherServer";
import { benchModel, CONTEXT_SIZE, loadPrompts, median, THREADS } from "./benchSetup";
import { bareFirstTokenMs } from "./firstToken";

export interface StudentWayRow {
  firstVisibleMs: number;
  handoffGapMs: number;
}

export interface RemoteStudentResult {
  runs: number;
  teacherFirstTokenMs: number;
  local: StudentWayRow;
  server: StudentWayRow;
  /** The server's first visible token less the teacher's own; target: at most 30. */
  serverOverTeacherMs: number;
}

const BUDGET = 32;

/** One guided turn: when its first guidance showed, and the handoff gap the engine measured. */
async function guidedTurn(student: Student, teacher: OpenAITeacher, question: string, id: string): Promise<StudentWayRow> {
  const ac = new AbortController();
  const start = performance.now();
  let firstVisibleMs = NaN;
  let handoffGapMs: number | null = null;
  const conversation = { id, messages: [{ role: "user" as const, text: question }] };
  for await (const e of runTurn(conversation, { mode: "guided", guidanceBudget: BUDGET, cloudMaxTokens: BUDGET, signal: ac.signal }, {
    teacher,
    student,
    counter: estimatingCounter,
    prices: priceLookup({ overrides: {} }),
    now: () => performance.now(),
  })) {
    if (e.type === "guidance" && Number.isNaN(firstVisibleMs)) firstVisibleMs = performance.now() - start;
    if (e.type === "student") ac.abort(); // the first student text is all this measures
    if (e.type === "done") handoffGapMs = e.record.timings.handoffGapMs;
  }
  if (handoffGapMs === null || Number.isNaN(firstVisibleMs)) throw new Error(`The guided turn ${id} showed no guidance or handed over to no student text.`);
  return { firstVisibleMs, handoffGapMs };
}

export async function measureRemoteStudent(runs: number): Promise<RemoteStudentResult> {
  const modelPath = await benchModel();
  const prompts = loadPrompts();
  // A provider's usual wait before the first token, and its usual pace after (as in row 3).
  const teacherServer = await startTestTeacherServer({ firstTokenDelayMs: 40, dripMs: 10 });
  const studentServer = await startTestStudentServer({ modelPath, flavour: "vllm" });
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
