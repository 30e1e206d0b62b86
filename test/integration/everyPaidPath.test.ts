// Every paid request is held against the daily limit first, whoever sends it: a guided answer, an
// auto one, a cloud one, the connection check, a student server with a price, and the terminal.
// The teacher here is the test teacher server (a TEST DOUBLE) billing three times gpt-4o-mini's
// list price in `usage.cost`, as a provider with a mark-up does; the student server is the test
// student server (a TEST DOUBLE over the real stories260K). Paths take turns until the limit
// refuses every one of them: the total may pass the limit by no more than one request's reported
// overrun, and that overrun is said, on the request that made it and on the refusals after it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Mode } from "../../src/common/conversation/mode";
import { priceLookup } from "../../src/common/cost/prices";
import { runTurn } from "../../src/common/turn/runTurn";
import { chargeEntry, checkEntry, turnEntry } from "../../src/common/spend/spendEntries";
import { limitSpend } from "../../src/common/spend/spendLimits";
import type { Student } from "../../src/common/models/student";
import { checkTeacher, formatTeacherCheck } from "../../src/common/teacher/teacherCheck";
import { loadGptTokenCounter } from "../../src/node/cost/gptTokenCounter";
import { JournalGate } from "../../src/node/spend/journalGate";
import { OpenAITeacher } from "../../src/node/teacher/openaiTeacher";
import { ServerStudent } from "../../src/node/studentServer/serverStudent";
import { SpendJournal } from "../../src/node/spend/spendJournal";
import { storiesStudent } from "../support/storiesStudent";
import { findStoriesModel } from "../support/testModels";
import { startTestStudentServer } from "../support/testStudentServer";
import { startTestTeacherServer } from "../support/testTeacherServer";
import { runTerminalTool } from "../support/runTerminalTool";

const MODEL = "gpt-4o-mini";
const LIMIT_USD = 0.001;
/** gpt-4o-mini's list price is $0.15 in / $0.60 out per million; this provider bills three times that. */
const BILLED = { input: 0.45, output: 1.8 };

type Path = "guided" | "auto" | "cloud" | "check" | "student server" | "terminal";
const PATHS: Path[] = ["guided", "auto", "cloud", "check", "student server", "terminal"];

test("through every paid path, spending stops at the daily limit, passed by at most one request's reported overrun, which is said", { timeout: 600_000 }, async (t) => {
  const modelPath = await findStoriesModel();
  if (!modelPath) return t.skip("no stories260K model");
  const dir = await mkdtemp(join(tmpdir(), "headstart-every-path-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // The terminal reads the limits from the copy the extension writes.
  await writeFile(join(dir, "limits.json"), JSON.stringify({ dailyUsd: LIMIT_USD, monthlyUsd: 0 }));
  const journal = new SpendJournal(join(dir, "spend-journal.jsonl"));
  const teacherServer = await startTestTeacherServer({ reportCostPerMillion: BILLED, alwaysUsage: true });
  t.after(() => teacherServer.close());
  const studentServer = await startTestStudentServer({ modelPath, flavour: "vllm" });
  t.after(() => studentServer.close());
  const counter = await loadGptTokenCounter();
  const teacher = new OpenAITeacher({ baseURL: teacherServer.url, apiKey: "test-key", model: MODEL, countTokens: (s) => counter.count(s, MODEL).tokens });
  const gate = new JournalGate(journal, () => ({ dailyUsd: LIMIT_USD, monthlyUsd: 0 }), "panel", () => "http://127.0.0.1");
  const prices = priceLookup({ overrides: {} });
  const local = await storiesStudent(t);
  const server = new ServerStudent({ baseURL: studentServer.url, model: "stories", pricePerMillion: 0.2, maxAnswerTokens: 48 });

  const said: string[] = [];
  let n = 0;
  const turn = async (mode: Mode, student: Student): Promise<boolean> => {
    const spend = { turn: `t${++n}`, face: "panel" as const, conversationId: `c${n}`, origin: "http://127.0.0.1", mode, model: MODEL };
    const conversation = { id: spend.conversationId, messages: [{ role: "user" as const, text: `Tell me story ${n}, about a dog.` }] };
    let paid = false;
    const options = { mode, guidanceBudget: 16, cloudMaxTokens: 48, signal: new AbortController().signal };
    for await (const e of runTurn(conversation, options, { teacher, student, counter, prices, now: () => performance.now(), gate })) {
      if (e.type === "teacher-charged") {
        paid = true;
        await journal.append(chargeEntry(spend, e, new Date()));
      }
      if ((e.type === "note" && e.reason === "charged-over-hold") || e.type === "notice" || e.type === "error") said.push(e.message);
      if (e.type === "done") {
        await journal.append(turnEntry(spend, e.record, new Date()));
        paid ||= typeof e.record.cost.studentUsd === "number" && e.record.cost.studentUsd > 0;
      }
    }
    return paid;
  };
  const run: Record<Path, () => Promise<boolean>> = {
    guided: () => turn("guided", local!),
    auto: () => turn("auto", local!),
    cloud: () => turn("cloud", local!),
    "student server": () => turn("guided", server),
    check: async () => {
      const report = await checkTeacher(teacher, { now: () => performance.now(), prices, counter, gate }, new AbortController().signal);
      const entry = checkEntry(report, "panel", "http://127.0.0.1", new Date());
      if (entry) await journal.append(entry);
      said.push(...formatTeacherCheck(report));
      return entry !== undefined;
    },
    terminal: async () => {
      const before = teacherServer.requests.length;
      const out = await askInTerminal(dir, teacherServer.url, modelPath);
      said.push(out);
      journal.refresh();
      return teacherServer.requests.length > before;
    },
  };

  const sentBy = new Set<Path>();
  for (let round = 0; round < 20; round++) {
    let anySent = false;
    for (const path of PATHS) {
      if (await run[path]()) {
        sentBy.add(path);
        anySent = true;
      }
    }
    if (!anySent) break;
  }
  journal.refresh();
  const spent = limitSpend(journal.totals.day(new Date()));
  const overruns = journal.totals.entries.flatMap((e) => (e.kind === "charge" && e.hold ? [e] : []));
  assert.deepEqual([...sentBy].sort(), [...PATHS].sort(), `each path spent before the limit stopped it:\n${said.join("\n")}`);
  assert.ok(spent > LIMIT_USD * 0.5, `most of the limit was used (${spent})`);
  const over = journal.totals.lastOverrun(new Date());
  assert.ok(over, "the provider's mark-up passed the first hold");
  assert.ok(spent <= LIMIT_USD + (over.usd - over.heldUsd) + 1e-12, `spent ${spent} within the limit ${LIMIT_USD} and one overrun of ${over.usd - over.heldUsd}`);
  assert.ok(overruns.length > 0);
  t.diagnostic(`limit $${LIMIT_USD}, spent $${spent.toFixed(6)}, one overrun of $${(over.usd - over.heldUsd).toFixed(6)} (billed $${over.usd.toFixed(6)}, held $${over.heldUsd.toFixed(6)})`);
  assert.ok(said.some((s) => /billed \$[\d.]+ for this request, more than the \$[\d.]+ held for it/.test(s)), "the overrun is said on the request that made it");
  assert.ok(said.some((s) => /could be crossed by this request .* was billed \$[\d.]+ today, more than the \$[\d.]+ held for it/.test(s)), "and on the refusals after it");
  assert.equal(journal.totals.heldUsd(new Date()), 0, "every hold settled or released");
});

/** `npm run ask` as a user runs it, with this test's data folder as theirs. */
async function askInTerminal(dataDir: string, teacherUrl: string, modelPath: string): Promise<string> {
  const args = ["--mode", "guided", "--teacher-url", teacherUrl, "--teacher-model", MODEL, "--model", modelPath, "--threads", "1", "--max-answer-tokens", "32", "Tell me a story about a cat."];
  const run = await runTerminalTool("src/cli/app/ask.ts", args, { dataDir });
  return run.stdout + run.stderr;
}
