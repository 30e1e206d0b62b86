// `npm run bench`: the measurements side by side in one run, as a table and as JSON.
// Ratios, not absolute times, are what compare across runs on these shared machines.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { measureContention } from "./contention";
import { DEFAULT_AUTO } from "../src/common/turn/turnOptions";
import { SETTINGS } from "../src/common/settings/settings";
import { measureCost, type CostResult } from "./cost";
import { ANSWER_TOKENS, measureCostScenarios, TARGETS, type ScenarioRow } from "./costScenarios";
import { measureFirstToken } from "./firstToken";
import { measureHandoffGap } from "./handoffGap";
import { measureInputLookup, type InputLookupResult } from "./inputLookup";
import { measureLongConversation, STEADY_FROM, type LongConversationResult } from "./longConversation";
import { measureRemoteStudent, type RemoteStudentResult } from "./remoteStudent";
import { measurePlacementTime, PLACEMENT_TARGET_MS, type PlacementTimeResult } from "./placementTime";
import { questionPatches } from "./questionPatches";
import { measureRenderCost } from "./renderCost";
import { measureThroughput } from "./throughput";

const ms = (x: number): string => `${x.toFixed(1)} ms`;
const usd = (x: number): string => `$${x.toFixed(6)}`;
const verdict = (ok: boolean): string => (ok ? "met" : "NOT met");

async function main(): Promise<void> {
  const section = process.argv[2];
  if (section !== undefined && section !== "cost" && section !== "students" && section !== "edits" && section !== "long") {
    throw new Error(
      `Unknown part “${section}”: \`npm run bench\` runs everything, \`npm run bench -- cost\` the cost part alone, \`npm run bench -- students\` rows 8 and 9, \`npm run bench -- edits\` rows 10 and 11, \`npm run bench -- long\` row 6.`,
    );
  }
  const runs = Number(process.env.HEADSTART_BENCH_RUNS ?? 10);
  if (section === "cost") {
    const cost = await printCost();
    writeResults({ cost });
    return;
  }
  if (section === "students") {
    writeResults(await printStudents(runs));
    return;
  }
  if (section === "edits") {
    writeResults(printEdits(runs));
    return;
  }
  if (section === "long") {
    writeResults({ longConversation: await printLong(runs) });
    return;
  }
  console.log(`Headstart benchmark: stories260K, ${runs} runs a measurement (medians); 1 to 4, 8 and 9 pin one thread to compare paths, 5 and 6 use the product's defaults.\n`);

  const gap = await measureHandoffGap(runs);
  console.log("1. Handoff gap (last guidance token -> first student token)");
  console.log(`   guidance: ${gap.guidanceTokens} student tokens`);
  console.log(`   engine, cache following the guidance  ${ms(gap.withPreloadMs)}`);
  console.log(`   prompt preloaded, guidance not        ${ms(gap.promptOnlyPreloadMs)}`);
  console.log(`   nothing preloaded                     ${ms(gap.withoutPreloadMs)}`);
  console.log(`   evaluating the guidance alone (bare)  ${ms(gap.guidanceEvalMs)}`);
  console.log(`   engine / guidance-only  ${gap.preloadVsGuidanceEval.toFixed(2)}x  (target <= 1.2: ${verdict(gap.preloadVsGuidanceEval <= 1.2)})`);
  console.log(`   engine / no preload     ${gap.preloadVsNoPreload.toFixed(2)}x  (target <= 0.5: ${verdict(gap.preloadVsNoPreload <= 0.5)})\n`);

  const tp = await measureThroughput(Math.max(3, Math.round(runs / 2)));
  console.log(`2. Student throughput, ${tp.tokens} tokens`);
  console.log(`   through the engine  ${tp.engineTokensPerSecond.toFixed(0)} tok/s`);
  console.log(`   bare node-llama-cpp ${tp.bareTokensPerSecond.toFixed(0)} tok/s`);
  console.log(`   engine / bare       ${tp.ratio.toFixed(3)}x  (target >= 0.95: ${verdict(tp.ratio >= 0.95)})\n`);

  const ft = await measureFirstToken(runs);
  console.log("3. Time to first visible token (test teacher: 40 ms to first token)");
  console.log(`   bare HTTP client sees the teacher's first token  ${ms(ft.teacherFirstTokenMs)}`);
  console.log(`   guided mode shows the first token                ${ms(ft.guidedFirstVisibleMs)}`);
  console.log(`   difference  ${ms(ft.differenceMs)}  (target <= 15 ms: ${verdict(ft.differenceMs <= 15)})\n`);

  const cost = await printCost();

  const contention = await measureContention(Math.max(1, Math.round(runs / 5)));
  console.log(`\n5. Student throughput under contention: ${contention.busyProcesses} busy processes on ${contention.cores} cores (tokens/s)`);
  console.log(`   ${"threads".padEnd(34)} ${"idle".padStart(8)} ${"busy".padStart(8)} ${"busy/idle".padStart(10)}`);
  for (const r of contention.rows) {
    console.log(`   ${r.threads.padEnd(34)} ${r.idleTokensPerSecond.toFixed(1).padStart(8)} ${r.busyTokensPerSecond.toFixed(1).padStart(8)} ${r.ratio.toFixed(2).padStart(10)}`);
  }
  console.log(`   default busy/idle ${contention.defaultRatio.toFixed(2)}  (target >= 0.30: ${verdict(contention.defaultRatio >= 0.3)})`);

  console.log("");
  const long = await printLong(runs);

  const render = await measureRenderCost(3);
  console.log("\n7. Panel render cost, streamed in 2-5 character chunks (Chromium)");
  console.log(`   10k tokens ${ms(render.tenMs)}, 20k tokens ${ms(render.twentyMs)}`);
  console.log(`   20k / 10k  ${render.ratio.toFixed(2)}x  (target <= 2.2: ${verdict(render.ratio <= 2.2)})`);

  const students = await printStudents(runs);
  const edits = printEdits(runs);

  writeResults({ runs, handoffGap: gap, throughput: tp, firstToken: ft, cost, contention, longConversation: long, renderCost: render, ...students, ...edits });
}

/** Rows 10 and 11: where Apply puts a block, how long that takes, and the terminal's patches checked by git. */
function printEdits(runs: number): { placementTime: PlacementTimeResult; questionPatches: { patches: number; applied: number; onlyTheirFunction: number } } {
  const time = measurePlacementTime(Math.max(20, runs * 5));
  console.log(`\n10. Apply: where a block goes in a ${time.lines}-line TypeScript file (a method redefined), median of ${time.runs} runs`);
  console.log(`   symbols given (the editor's provider)   ${ms(time.symbolsGivenMs)}`);
  console.log(`   symbols guessed (the terminal)          ${ms(time.symbolsGuessedMs)}`);
  console.log(`   guessed, placed and made a patch        ${ms(time.withPatchMs)}`);
  console.log(`   guessed / given ${(time.symbolsGuessedMs / time.symbolsGivenMs).toFixed(2)}x; the terminal's whole path ${ms(time.withPatchMs)}  (target <= ${PLACEMENT_TARGET_MS} ms: ${verdict(time.withPatchMs <= PLACEMENT_TARGET_MS)})`);

  const patches = questionPatches();
  const applied = patches.filter((p) => p.applies).length;
  const only = patches.filter((p) => p.applies && p.touched.length > 0 && p.touched.every((l) => l >= p.start && l <= p.end)).length;
  console.log(`\n11. --diff over the file-questions files: each question's function redefined (at the margin, a line added)`);
  console.log(`   git apply --check accepts ${applied} of ${patches.length} patches; ${only} touch only their function  (target: all: ${verdict(only === patches.length)})`);
  for (const p of patches.filter((p) => !p.applies)) console.log(`   ${p.id}: ${p.complaint?.trim()}`);
  return { placementTime: time, questionPatches: { patches: patches.length, applied, onlyTheirFunction: only } };
}

/** Row 6: each run turn by turn, then the ratios' medians against their targets. */
async function printLong(runs: number): Promise<LongConversationResult> {
  const long = await measureLongConversation(Math.max(1, Math.round(runs / 2)));
  console.log(`6. Long conversation: ${long.turns} turns, ${long.contextSize}-token context, default threads, each question ${long.readingMs} ms after the last answer`);
  const row = (label: string, xs: number[]): string => `   ${label.padEnd(22)}${xs.map((x) => x.toFixed(0).padStart(6)).join("")}`;
  for (const [i, r] of long.runs.entries()) {
    console.log(`   run ${i + 1} (load average ${r.load[0].toFixed(2)} before, ${r.load[1].toFixed(2)} after)`);
    console.log(row("turn", r.tokensPerSecond.map((_, t) => t + 1)));
    console.log(row("tokens/s", r.tokensPerSecond));
    console.log(row("first token, ms", r.firstTokenMs));
    console.log(row("prompt tokens read", r.evaluatedTokens));
    const { lastOverFirst, slowestOverFastest, firstTokenSpread } = r.ratios;
    console.log(`   older messages left out from turn ${r.trimmedAt.join(", ") || "(never)"}; last/first ${lastOverFirst.toFixed(2)}, from turn ${STEADY_FROM} slowest/fastest ${slowestOverFastest.toFixed(2)}, first token slowest/fastest ${firstTokenSpread.toFixed(2)}x`);
  }
  const { lastOverFirst, slowestOverFastest, firstTokenSpread } = long.ratios;
  console.log(`   medians over ${long.runs.length} runs:`);
  console.log(`   last/first turn tokens/s                     ${lastOverFirst.toFixed(2)}  (target >= 0.9: ${verdict(lastOverFirst >= 0.9)})`);
  console.log(`   from turn ${STEADY_FROM}, slowest/fastest turn tokens/s     ${slowestOverFastest.toFixed(2)}  (target >= 0.85: ${verdict(slowestOverFastest >= 0.85)})`);
  console.log(`   from turn ${STEADY_FROM}, slowest/fastest first token       ${firstTokenSpread.toFixed(2)}x (target <= 2: ${verdict(firstTokenSpread <= 2)})`);
  const [first, last] = long.runs[0].promptTokens;
  console.log(`   the model alone (bare node-llama-cpp) writes ${long.bareDepthRatio.toFixed(2)}x as fast from token ${last} (where the last answer began) as from token ${first} (the first),`);
  console.log(`   and ${long.bareCutDepthRatio.toFixed(2)}x after a cut like the student's (an answer's length cut out after token ${first}: the new tokens fill the freed cells, attention still spans the highest one)`);
  return long;
}

/** Rows 8 and 9: the student on a server against the local one, and input lookup on and off. */
async function printStudents(runs: number): Promise<{ remoteStudent: RemoteStudentResult; inputLookup: InputLookupResult }> {
  const remote = await measureRemoteStudent(runs);
  console.log("\n8. The student on a server (the test student server on loopback, stories260K) against the local one, guided");
  console.log(`   ${"".padEnd(28)} ${"first visible".padStart(14)} ${"handoff gap".padStart(12)}`);
  console.log(`   ${"local student".padEnd(28)} ${ms(remote.local.firstVisibleMs).padStart(14)} ${ms(remote.local.handoffGapMs).padStart(12)}`);
  console.log(`   ${"student server".padEnd(28)} ${ms(remote.server.firstVisibleMs).padStart(14)} ${ms(remote.server.handoffGapMs).padStart(12)}`);
  console.log(`   the teacher's own first token ${ms(remote.teacherFirstTokenMs)}; the server's first visible token ${ms(remote.serverOverTeacherMs)} after it  (target <= 30 ms: ${verdict(remote.serverOverTeacherMs <= 30)})`);

  const lookup = await measureInputLookup(Math.max(3, Math.round(runs / 2)));
  console.log(`\n9. Input lookup (headstart.student.inputLookup), ${lookup.answerTokens}-token answers, tokens/s`);
  console.log(`   ${"the question".padEnd(44)} ${"off".padStart(7)} ${"on".padStart(7)} ${"on/off".padStart(7)} ${"guesses right/wrong".padStart(20)}`);
  for (const r of lookup.rows) {
    console.log(`   ${r.answer.padEnd(44)} ${r.offTokensPerSecond.toFixed(0).padStart(7)} ${r.onTokensPerSecond.toFixed(0).padStart(7)} ${r.ratio.toFixed(2).padStart(7)} ${`${r.validated}/${r.refuted}`.padStart(20)}`);
  }
  console.log(`   lookup pays here (>= 1.05 with its story, >= 0.95 with code): ${lookup.pays ? "yes" : "no"}; the product's default is ${SETTINGS["student.inputLookup"].default ? "on" : "off"}  (${verdict(lookup.pays === SETTINGS["student.inputLookup"].default)})`);
  return { remoteStudent: remote, inputLookup: lookup };
}

/** Section 4: the bench prompts priced as they are, then the scenarios with files and turns. */
async function printCost(): Promise<CostResult & { scenarios: ScenarioRow[] }> {
  const cost = await measureCost();
  console.log(`4. Cost over ${cost.rows.length} prompts, teacher ${cost.model}, guidance budget ${cost.budget} (prices from the default table)`);
  console.log(`   ${"prompt".padEnd(16)} ${"in".padStart(5)} ${"guide".padStart(5)} ${"rest".padStart(5)} ${"guided".padStart(10)} ${"teacher-only".padStart(12)}`);
  for (const r of cost.rows) {
    console.log(`   ${r.id.padEnd(16)} ${String(r.inputTokens).padStart(5)} ${String(r.guidanceTokens).padStart(5)} ${String(r.studentTokens).padStart(5)} ${usd(r.guidedUsd).padStart(10)} ${usd(r.teacherOnlyUsd).padStart(12)}`);
  }
  const t = cost.totals;
  console.log(`   total: guided ${usd(t.guidedUsd)}, teacher-only ${usd(t.teacherOnlyUsd)}, saved ${usd(t.savingUsd)} (${(t.savingShare * 100).toFixed(1)}%)`);
  for (const o of cost.otherModels) {
    console.log(`   same tokens at ${o.model} prices: guided ${usd(o.guidedUsd)}, teacher-only ${usd(o.teacherOnlyUsd)}, saved ${(o.savingShare * 100).toFixed(1)}%`);
  }

  const scenarios = await measureCostScenarios();
  console.log(`\n4b. Cost scenarios: guided cost / teacher-only cost (teacher-only: the whole request and a ${ANSWER_TOKENS}-token answer; caching: OpenAI's prefix rule, on both sides)`);
  console.log("   fq-: the file-questions set (bench/file-questions/), cursor elsewhere or inside the function, or /fix of an error inside it; relevance: share of its lines the teacher was sent");
  console.log("   dq-: the describe-questions set (bench/describe-questions/), questions that name nothing, cursor elsewhere or inside the function; coverage: share of the lines that answer it the teacher was sent");
  console.log(`   ${"scenario".padEnd(12)} ${"context".padEnd(9)} ${"cache".padEnd(6)} ${"mode".padEnd(7)} ${"gpt-4o-mini".padStart(11)} ${"gpt-5".padStart(7)} ${"asked".padStart(6)} ${"relevance".padStart(9)} ${"coverage".padStart(8)}  targets (gpt-4o-mini)`);
  for (const r of scenarios.filter((r) => r.model === "gpt-4o-mini")) {
    const gpt5 = scenarios.find((o) => o.model === "gpt-5" && o.name === r.name && o.context === r.context && o.cache === r.cache && o.mode === r.mode);
    const goal = TARGETS[r.name];
    const targets =
      r.context === "budgeted" && r.cache && r.mode === "guided"
        ? [
            `ratio <= ${goal.ratio.toFixed(2)}: ${verdict(r.ratio <= goal.ratio)}`,
            ...(goal.relevance !== undefined ? [`relevance >= ${goal.relevance.toFixed(2)}: ${verdict((r.relevance ?? 0) >= goal.relevance)}`] : []),
            ...(goal.coverage !== undefined ? [`coverage >= ${goal.coverage.toFixed(2)}: ${verdict((r.coverage ?? 0) >= goal.coverage)}`] : []),
          ].join(", ")
        : "";
    console.log(
      `   ${r.name.padEnd(12)} ${r.context.padEnd(9)} ${(r.cache ? "on" : "off").padEnd(6)} ${r.mode.padEnd(7)} ${r.ratio.toFixed(3).padStart(11)} ${(gpt5?.ratio.toFixed(3) ?? "").padStart(7)} ${`${Math.round(r.askedShare * 100)}%`.padStart(6)} ${(r.relevance?.toFixed(2) ?? "").padStart(9)} ${(r.coverage?.toFixed(2) ?? "").padStart(8)}  ${targets}${probes(r)}`,
    );
  }
  return { ...cost, scenarios };
}

/** Auto mode's probe confidences, which decide how often it asks. */
function probes(r: ScenarioRow): string {
  return r.confidenceRange ? `probes ${r.confidenceRange[0].toFixed(2)}-${r.confidenceRange[1].toFixed(2)} (threshold ${DEFAULT_AUTO.threshold})` : "";
}

/** Writes the results to `.bench-results/bench.json`; a part run alone replaces only its own part. */
function writeResults(results: Record<string, unknown>): void {
  const dir = join(__dirname, "..", ".bench-results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "bench.json");
  const earlier = existsSync(file) && process.argv[2] !== undefined ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...earlier, date: new Date().toISOString(), ...results }, null, 2));
  console.log(`\nJSON: ${file}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
