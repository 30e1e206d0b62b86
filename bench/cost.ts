// Cost: guided versus teacher-only over the shared prompts, with the default price table. Teacher
// input and guidance tokens come from the test teacher's usage (real tokenizer counts); answer
// lengths come from what the real student wrote, counted in the teacher's tokens.
import { DEFAULT_PRICES, priceLookup } from "../src/common/cost/prices";
import { runTurn } from "../src/common/turn/runTurn";
import type { TurnRecord } from "../src/common/turn/turnRecord";
import { loadGptTokenCounter } from "../src/node/cost/gptTokenCounter";
import { LlamaStudent } from "../src/node/student/llamaStudent";
import { OpenAITeacher } from "../src/node/teacher/openaiTeacher";
import { startTestTeacherServer } from "../test/support/testTeacherServer";
import { benchModel, CONTEXT_SIZE, loadPrompts, THREADS } from "./benchSetup";

export interface CostRow {
  id: string;
  inputTokens: number;
  guidanceTokens: number;
  /** The student's part, in the teacher's tokens. */
  studentTokens: number;
  guidedUsd: number;
  teacherOnlyUsd: number;
}

export interface CostResult {
  model: string;
  budget: number;
  rows: CostRow[];
  totals: { guidedUsd: number; teacherOnlyUsd: number; savingUsd: number; savingShare: number };
  /** The same token counts priced for other teachers in the table. */
  otherModels: { model: string; guidedUsd: number; teacherOnlyUsd: number; savingShare: number }[];
}

const MODEL = "gpt-4o-mini";
const BUDGET = 32;
const ANSWER_TOKENS = 256;

export async function measureCost(): Promise<CostResult> {
  const modelPath = await benchModel();
  const counter = await loadGptTokenCounter();
  const server = await startTestTeacherServer();
  const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "bench", model: MODEL });
  const student = new LlamaStudent({ modelPath, threads: THREADS, gpu: false, contextSize: CONTEXT_SIZE, maxConversations: 1, maxAnswerTokens: ANSWER_TOKENS });
  const rows: CostRow[] = [];
  try {
    for (const p of loadPrompts()) {
      const conversation = {
        id: p.id,
        messages: [
          {
            role: "user" as const,
            text: p.question,
            ...(p.context ? { context: [{ fileName: `snippet.${p.language ?? "txt"}`, language: p.language ?? "", kind: "selection" as const, text: p.context }] } : {}),
          },
        ],
      };
      let record: TurnRecord | undefined;
      let studentText = "";
      for await (const e of runTurn(conversation, { mode: "guided", guidanceBudget: BUDGET, cloudMaxTokens: BUDGET, signal: new AbortController().signal }, {
        teacher,
        student,
        counter,
        prices: priceLookup({ overrides: {} }),
        now: () => performance.now(),
      })) {
        if (e.type === "student") studentText += e.text;
        if (e.type === "done") record = e.record;
      }
      if (!record?.teacherUsage || record.cost.actualUsd === null || record.cost.counterfactualUsd === null) {
        throw new Error(`Prompt ${p.id} produced no priced record.`);
      }
      rows.push({
        id: p.id,
        inputTokens: record.teacherUsage.inputTokens,
        guidanceTokens: record.teacherUsage.outputTokens,
        studentTokens: counter.count(studentText, MODEL).tokens,
        guidedUsd: record.cost.actualUsd,
        teacherOnlyUsd: record.cost.counterfactualUsd,
      });
    }
  } finally {
    await student.dispose();
    await server.close();
  }
  const sum = (f: (r: CostRow) => number): number => rows.reduce((n, r) => n + f(r), 0);
  const guidedUsd = sum((r) => r.guidedUsd);
  const teacherOnlyUsd = sum((r) => r.teacherOnlyUsd);
  const otherModels = ["gpt-4o", "gpt-4.1", "gpt-5", "claude-sonnet-4"].map((model) => {
    const p = DEFAULT_PRICES[model];
    const g = sum((r) => r.inputTokens * p.input + r.guidanceTokens * p.output) / 1e6;
    const t = sum((r) => r.inputTokens * p.input + (r.guidanceTokens + r.studentTokens) * p.output) / 1e6;
    return { model, guidedUsd: g, teacherOnlyUsd: t, savingShare: (t - g) / t };
  });
  return {
    model: MODEL,
    budget: BUDGET,
    rows,
    totals: { guidedUsd, teacherOnlyUsd, savingUsd: teacherOnlyUsd - guidedUsd, savingShare: (teacherOnlyUsd - guidedUsd) / teacherOnlyUsd },
    otherModels,
  };
}
