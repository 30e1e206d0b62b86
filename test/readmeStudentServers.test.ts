// The "For teams" table (docs/teams.md) says, per engine, what Headstart sends, what the engine does with
// it and what to start the server with. Each row is checked against Headstart's own engine table
// (what it sends) and against the engine's test double (TEST CODE, test/support/studentServers/,
// each cited to the engine's source): a behaviour the row states must be the double's, and a
// behaviour the double has that a user must know (a flag that stops the continuation, a template
// that closes the message, thinking) must be in the row.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { continuationFields, ENGINE_FACTS, type ServerEngine } from "../src/node/studentServer/serverEngines";
import type { DoubleKit, DoubleSettings, EngineDouble } from "./support/studentServers/engineDouble";
import { STUDENT_SERVER_DOUBLES } from "./support/testStudentServer";

const ENGINES = ["vllm", "sglang", "tgi", "llamacpp", "ollama"] as const satisfies readonly ServerEngine[];
const OPENING = "one, two, three,";
const SERVED = "team-model";

interface Row {
  engine: string;
  sends: string;
  does: string;
  start: string;
}

function teamsRows(): Row[] {
  const lines = readFileSync(join(__dirname, "..", "docs", "teams.md"), "utf8").split("\n");
  const header = lines.findIndex((l) => /^\| engine \| what Headstart sends \| what the engine does \| start it with \|$/.test(l));
  assert.ok(header >= 0, "docs/teams.md has the engine table");
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    const [engine, sends, does, start] = line.split("|").slice(1, -1).map((c) => c.trim());
    rows.push({ engine, sends, does, start });
  }
  return rows;
}

/** The double as started with `settings`, its tokenizer a stand-in: counting is not what is checked here. */
function kit(settings: Partial<DoubleSettings> = {}): DoubleKit {
  return { settings: { served: SERVED, context: 100_000, ...settings }, count: (t) => Math.ceil(t.length / 4), tokenize: (t) => Array.from(t, (c) => c.codePointAt(0)!), detokenize: (ids) => String.fromCodePoint(...ids) };
}

/** What the double continues for a request with these fields and this opening; `undefined`: it refused the request. */
function continued(double: EngineDouble, fields: Record<string, unknown>, options: { settings?: Partial<DoubleSettings>; opening?: string; model?: string } = {}): string | undefined {
  const messages = [
    { role: "system", content: "Continue the list." },
    { role: "user", content: "Count from one to ten in words." },
    { role: "assistant", content: options.opening ?? OPENING },
  ];
  const read = double.chat({ model: options.model ?? SERVED, messages, max_tokens: 8, ...fields }, kit(options.settings));
  return "status" in read ? undefined : read.continued;
}

test("the For teams table (docs/teams.md) has one row per engine, each true of the engine's test double", () => {
  const rows = teamsRows();
  assert.deepEqual(rows.map((r) => r.engine).sort(), ENGINES.map((e) => ENGINE_FACTS[e].name).sort(), "one row per engine, named as Headstart names it");
  for (const engine of ENGINES) {
    const facts = ENGINE_FACTS[engine];
    const row = rows.find((r) => r.engine === facts.name)!;
    const double = STUDENT_SERVER_DOUBLES[engine];
    const sent = continuationFields(engine, facts.way!, true);

    // What Headstart sends: the fields it adds for this engine, and no others.
    for (const field of ["continue_final_message", "add_generation_prompt", "chat_template_kwargs"]) {
      assert.equal(row.sends.includes(`\`${field}`), field in sent, `${facts.name}: the row ${field in sent ? "names" : "does not name"} ${field}`);
    }
    assert.equal(row.sends.includes("without its trailing whitespace"), facts.trimsOpening, `${facts.name}: whether the opening is sent trimmed`);

    // What Headstart sends is continued there.
    const sentOpening = facts.trimsOpening ? OPENING.trimEnd() : OPENING;
    assert.equal(continued(double, sent), sentOpening, `${facts.name}: the double continues what Headstart sends`);

    // The row says a field is needed exactly when the double starts a new reply without it.
    const needsField = continued(double, {}) !== OPENING;
    assert.equal(/only with `continue_final_message`/.test(row.does), needsField, `${facts.name}: whether continue_final_message is needed`);

    // Model names: refused where the double refuses another name.
    const checksName = continued(double, sent, { model: "another-model" }) === undefined;
    assert.equal(checksName, facts.checksModel, `${facts.name}: Headstart's table and the double agree on model names`);
    assert.match(row.does, checksName ? /answers only to/ : /answers any model name/, `${facts.name}: what it does with a model name`);

    // What a user must know, said where the double has it and nowhere else.
    const warnings: { says: RegExp; stops: boolean }[] = [
      { says: /--no-prefill-assistant/, stops: continued(double, sent, { settings: { noPrefill: true } }) !== sentOpening },
      { says: /closes every message/, stops: continued(double, sent, { settings: { closesLast: true } }) !== sentOpening },
      { says: /ends in a newline/, stops: !([`${OPENING}\n`, OPENING] as (string | undefined)[]).includes(continued(double, sent, { opening: `${OPENING}\n` })) },
      { says: /template thinks/, stops: continued(double, sent, { settings: { thinking: true, ignoresRequestKwargs: true } }) === undefined },
    ];
    for (const w of warnings) assert.equal(w.says.test(`${row.does} ${row.start}`), w.stops, `${facts.name}: ${w.says.source} ${w.stops ? "must be said" : "is not so"}`);
    if (/template thinks/.test(row.does)) {
      assert.equal(continued(double, sent, { settings: { thinking: true } }), sentOpening, `${facts.name}: with the thinking switch Headstart sends, a thinking template continues`);
      assert.match(row.start, /--reasoning-budget 0/);
    }

    // How to give it the context a conversation needs: the flags Headstart's own advice names.
    for (const flag of facts.moreContext.match(/--[a-z-]+|num_ctx|OLLAMA_CONTEXT_LENGTH/g) ?? []) assert.ok(row.start.includes(flag), `${facts.name}: the row names ${flag}`);
  }
});
