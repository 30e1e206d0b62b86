// Cost scenarios: what the teacher is really sent and asked for in guided and auto mode, against
// asking the teacher for everything, over the shared prompts as they are, with a whole file
// attached, four turns on that file, questions that name one function of a real file (with the
// share of that function the teacher was sent: its relevance), and questions that describe a part
// of a real file without naming it (with the share of the lines that answer it the teacher was
// sent: its coverage). The teacher is the test teacher server (real token counts; OpenAI's
// prefix-cache rule when caching is on); the student is the real stories260K.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decode, encode } from "gpt-tokenizer";
import type { ChatMessage, Conversation, UserMessage } from "../src/common/conversation/conversation";
import { DEFAULT_PRICES, priceLookup } from "../src/common/cost/prices";
import { toModelRequest } from "../src/common/conversation/prompt";
import { runTurn } from "../src/common/turn/runTurn";
import { DEFAULT_AUTO } from "../src/common/turn/turnOptions";
import { SETTINGS } from "../src/common/settings/settings";
import type { TeacherContextKind } from "../src/common/teacherView/teacherContext";
import type { TeacherUsage } from "../src/common/models/teacher";
import type { TurnRecord } from "../src/common/turn/turnRecord";
import { loadGptTokenCounter } from "../src/node/cost/gptTokenCounter";
import { LlamaStudent } from "../src/node/student/llamaStudent";
import { OpenAITeacher } from "../src/node/teacher/openaiTeacher";
import { OPENAI_PREFIX_CACHE, startTestTeacherServer } from "../test/support/testTeacherServer";
import { benchModel, CONTEXT_SIZE, loadPrompts, type BenchPrompt } from "./benchSetup";
import { answerCoverage, describeConversation, describeRelevance, loadDescribeQuestions, type DescribeCursor } from "./describeQuestions";
import { fileQuestionConversation, fixConversation, loadFileQuestions, relevance, requestText, type FileQuestion } from "./fileQuestions";

/** The teacher-only counterfactual: every answer is this long, written by the teacher. */
export const ANSWER_TOKENS = 400;
const GUIDANCE_BUDGET = SETTINGS["teacher.guidanceBudget"].default;
const CONTEXT_BUDGET = SETTINGS["teacher.contextBudget"].default;
const MODELS = ["gpt-4o-mini", "gpt-5"] as const;
const FOLLOW_UPS = ["Can you show that as a complete code change?", "What edge cases should I test for it?", "How would that change if two users did it at once?"];
/** Targets at gpt-4o-mini prices, budgeted context with caching: cost ratio at most, relevance and answer coverage at least. */
export const TARGETS: Record<ScenarioName, { ratio: number; relevance?: number; coverage?: number }> = {
  short: { ratio: 0.15 },
  "with-file": { ratio: 0.2 },
  "four-turns": { ratio: 0.2 },
  "fq-elsewhere": { ratio: 0.25, relevance: 0.9 },
  "fq-inside": { ratio: 0.25, relevance: 0.95 },
  "fq-fix": { ratio: 0.25, relevance: 0.95 },
  "dq-elsewhere": { ratio: 0.25, coverage: 0.85 },
  "dq-inside": { ratio: 0.25, coverage: 0.95 },
};

/**
 * `fq-`: the file-questions set, with the cursor elsewhere in the file or inside the function
 * asked about; `fq-fix`: `/fix` on an error inside each function, as the light bulb asks it;
 * `dq-`: the describe-questions set, with the cursor elsewhere or inside the function.
 */
export type ScenarioName = "short" | "with-file" | "four-turns" | "fq-elsewhere" | "fq-inside" | "fq-fix" | "dq-elsewhere" | "dq-inside";
interface Setup {
  context: TeacherContextKind;
  cache: boolean;
  mode: "guided" | "auto";
}
const SETUPS: Setup[] = [
  { context: "full", cache: false, mode: "guided" },
  { context: "budgeted", cache: false, mode: "guided" },
  { context: "budgeted", cache: true, mode: "guided" },
  { context: "budgeted", cache: true, mode: "auto" },
];

export interface ScenarioRow {
  name: ScenarioName;
  context: TeacherContextKind;
  cache: boolean;
  mode: "guided" | "auto";
  model: string;
  /** Guided cost / teacher-only cost. */
  ratio: number;
  /** Share of turns that asked the teacher (1 in guided mode). */
  askedShare: number;
  turns: number;
  /** Auto mode: the lowest and highest confidence its probes measured, when any ran. */
  confidenceRange?: [number, number];
  guidedUsd: number;
  teacherOnlyUsd: number;
  /** File questions: the mean share of the asked-about function's non-blank lines in the teacher's request. */
  relevance?: number;
  /** Describe questions: the mean share of the answer's non-blank lines in the teacher's request. */
  coverage?: number;
}

/** One turn's token counts: what the teacher was sent and wrote, and what teacher-only would have been sent. */
interface TurnTokens {
  guided: TeacherUsage | undefined;
  teacherOnly: TeacherUsage;
  /** Auto mode's probe, when it ran. */
  confidence?: number;
  relevance?: number;
  coverage?: number;
}

/** What a request carried of what a question is about. */
type Carried = (requestText: string) => { relevance: number; coverage?: number };

export async function measureCostScenarios(): Promise<ScenarioRow[]> {
  const prompts = loadPrompts();
  const file = readFileSync(join(__dirname, "..", "..", "shared", "bench", "attached-file.ts"), "utf8");
  const answer = decode(encode(readFileSync(join(__dirname, "..", "..", "shared", "bench", "README.md"), "utf8").repeat(20)).slice(0, ANSWER_TOKENS));
  const questions = loadFileQuestions();
  const asked = (cursor: FileQuestion["cursor"]) => questions.filter((q) => q.cursor === cursor).map((q) => [fileQuestionConversation(q)]);
  const described = loadDescribeQuestions();
  const describedAt = (cursor: DescribeCursor) => described.map((q) => [describeConversation(q, cursor)]);
  const scenarios: Record<ScenarioName, Conversation[][]> = {
    short: prompts.map((p) => [single(p, p.id)]),
    "with-file": prompts.map((p) => [withFile(p, file, `${p.id}-file`)]),
    "four-turns": prompts.map((p) => fourTurns(p, file, answer, `${p.id}-turns`)),
    "fq-elsewhere": asked("elsewhere"),
    "fq-inside": asked("inside"),
    "fq-fix": questions.map((q) => [fixConversation(q)]),
    "dq-elsewhere": describedAt("elsewhere"),
    "dq-inside": describedAt("inside"),
  };
  const byConversation = new Map<string, Carried>([
    ...questions.flatMap((q) => [fileQuestionConversation(q).id, fixConversation(q).id].map((id) => [id, (text: string) => ({ relevance: relevance(q, text) })] as const)),
    ...described.flatMap((q) =>
      (["elsewhere", "inside"] as const).map((c) => [describeConversation(q, c).id, (text: string) => ({ relevance: describeRelevance(q, text), coverage: answerCoverage(q, text) })] as const),
    ),
  ]);
  const rows: ScenarioRow[] = [];
  for (const [i, setup] of SETUPS.entries()) {
    // The student reads every file-heavy prompt: this part takes a while, so it says where it is.
    console.error(`   … setup ${i + 1} of ${SETUPS.length}: ${setup.context} context, caching ${setup.cache ? "on" : "off"}, ${setup.mode}`);
    const turns = await runSetup(setup, scenarios, byConversation);
    for (const name of Object.keys(scenarios) as ScenarioName[]) {
      for (const model of MODELS) rows.push(priced(name, setup, model, turns[name]));
    }
  }
  return rows;
}

/** Every scenario's turns under one setup, each setup on fresh servers so no cache carries over. */
async function runSetup(setup: Setup, scenarios: Record<ScenarioName, Conversation[][]>, questions: Map<string, Carried>): Promise<Record<ScenarioName, TurnTokens[]>> {
  const counter = await loadGptTokenCounter();
  const cache = setup.cache ? { prefixCache: OPENAI_PREFIX_CACHE } : {};
  const guidedServer = await startTestTeacherServer(cache);
  const onlyServer = await startTestTeacherServer(cache);
  const teacher = (url: string) => new OpenAITeacher({ baseURL: url, apiKey: "bench", model: "gpt-4o-mini", promptCacheKey: true, countTokens: (t) => counter.count(t, "gpt-4o-mini").tokens });
  const guidedTeacher = teacher(guidedServer.url);
  const onlyTeacher = teacher(onlyServer.url);
  const student = new LlamaStudent({ modelPath: await benchModel(), gpu: false, contextSize: CONTEXT_SIZE, maxConversations: 1, maxAnswerTokens: 8 });
  const out = {} as Record<ScenarioName, TurnTokens[]>;
  try {
    for (const [name, conversations] of Object.entries(scenarios) as [ScenarioName, Conversation[][]][]) {
      console.error(`     ${name}: ${conversations.flat().length} turns`);
      out[name] = [];
      for (const turns of conversations) {
        for (const conversation of turns) {
          let record: TurnRecord | undefined;
          const options = {
            mode: setup.mode,
            guidanceBudget: GUIDANCE_BUDGET,
            cloudMaxTokens: ANSWER_TOKENS,
            teacherContext: { kind: setup.context, budget: CONTEXT_BUDGET },
            auto: DEFAULT_AUTO,
            signal: new AbortController().signal,
          };
          const deps = { teacher: guidedTeacher, student, counter, prices: priceLookup({ overrides: {} }), now: () => performance.now() };
          const before = guidedServer.requests.length;
          for await (const e of runTurn(conversation, options, deps)) if (e.type === "done") record = e.record;
          const asked = record?.auto?.asked !== false;
          if (record?.failed) throw new Error(`${conversation.id}: the turn failed (${record.failed}).`);
          // What the teacher was really sent, as the server received it.
          const carried = questions.get(conversation.id);
          const sent = guidedServer.requests.slice(before).at(-1);
          const relevant = carried && sent ? carried(requestText(sent.body)) : {};
          if (asked && !record?.teacherUsage) throw new Error(`${conversation.id}: the teacher reported no usage.`);
          // Teacher-only: the whole request, as the teacher would be sent it, in the same order.
          let only: TeacherUsage | undefined;
          for await (const chunk of onlyTeacher.guide({ ...toModelRequest(conversation), maxTokens: 1 }, new AbortController().signal)) if (chunk.type === "end") only = chunk.usage;
          if (!only) throw new Error(`${conversation.id}: no usage for the teacher-only request.`);
          const confidence = record?.auto?.confidence ?? undefined;
          out[name].push({ guided: asked ? record?.teacherUsage : undefined, teacherOnly: { ...only, outputTokens: ANSWER_TOKENS }, ...(confidence !== undefined ? { confidence } : {}), ...relevant });
        }
      }
    }
  } finally {
    await student.dispose();
    await guidedServer.close();
    await onlyServer.close();
  }
  return out;
}

function priced(name: ScenarioName, setup: Setup, model: string, turns: TurnTokens[]): ScenarioRow {
  const price = DEFAULT_PRICES[model];
  const usd = (u: TeacherUsage | undefined): number =>
    u ? ((u.inputTokens - u.cachedInputTokens) * price.input + u.cachedInputTokens * price.cachedInput + u.outputTokens * price.output) / 1e6 : 0;
  const guidedUsd = turns.reduce((n, t) => n + usd(t.guided), 0);
  const teacherOnlyUsd = turns.reduce((n, t) => n + usd(t.teacherOnly), 0);
  const confidences = turns.flatMap((t) => t.confidence ?? []);
  const relevances = turns.flatMap((t) => t.relevance ?? []);
  const coverages = turns.flatMap((t) => t.coverage ?? []);
  return {
    name,
    ...setup,
    model,
    ratio: guidedUsd / teacherOnlyUsd,
    askedShare: turns.filter((t) => t.guided).length / turns.length,
    turns: turns.length,
    ...(confidences.length ? { confidenceRange: [Math.min(...confidences), Math.max(...confidences)] as [number, number] } : {}),
    guidedUsd,
    teacherOnlyUsd,
    ...(relevances.length ? { relevance: relevances.reduce((a, b) => a + b, 0) / relevances.length } : {}),
    ...(coverages.length ? { coverage: coverages.reduce((a, b) => a + b, 0) / coverages.length } : {}),
  };
}

const single = (p: BenchPrompt, id: string): Conversation => ({
  id,
  messages: [{ role: "user", text: p.question, ...(p.context ? { context: [{ fileName: `snippet.${p.language ?? "txt"}`, language: p.language ?? "", kind: "selection", text: p.context }] } : {}) }],
});

/** The prompt with the file attached whole, as “Attach File” sends it (from the CLI: no cursor, no symbol provider). */
function withFile(p: BenchPrompt, file: string, id: string): Conversation {
  const message = single(p, id).messages[0] as UserMessage;
  return { id, messages: [{ ...message, context: [...(message.context ?? []), { fileName: "chatController.ts", language: "typescript", kind: "file", text: file }] }] };
}

/** The with-file prompt and three follow-ups, each earlier answer `answer` long: the conversation at each turn. */
function fourTurns(p: BenchPrompt, file: string, answer: string, id: string): Conversation[] {
  const messages: ChatMessage[] = [...withFile(p, file, id).messages];
  const turns: Conversation[] = [{ id, messages: [...messages] }];
  for (const q of FOLLOW_UPS) {
    messages.push({ role: "assistant", text: answer, guidanceLength: 0 }, { role: "user", text: q });
    turns.push({ id, messages: [...messages] });
  }
  return turns;
}
