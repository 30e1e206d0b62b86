import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { importsOf } from "../../support/layerRules";

// The plan is made once, by the turn's decide phase: every face reads the plan the turn made (its
// `start` event, its record, the stored answer) rather than working one out from the mode.
const PLANNER = "src/common/turn/phases/turnPlanner.ts";
const OWNER = "src/common/turn/phases/decidePhase.ts";

const root = join(__dirname, "..", "..", "..");
function sources(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [{ path: relative(root, path).split("\\").join("/"), text: readFileSync(path, "utf8") }] : [];
  });
}

/** Whether `text` imports the planner: its module, or a `planTurn` from anywhere. */
function importsPlanner(text: string): boolean {
  const named = Array.from(text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from/g), (m) => m[1]);
  return importsOf(text).some((spec) => /(^|\/)turnPlanner$/.test(spec)) || named.some((names) => /\bplanTurn\b/.test(names));
}

test("only the decide phase imports the planner", () => {
  const files = sources(join(root, "src"));
  assert.ok(files.some((f) => f.path === OWNER), "found the sources");
  assert.deepEqual(files.filter((f) => importsPlanner(f.text)).map((f) => f.path), [OWNER]);
});

test("the planner is defined once, in its own module", () => {
  const defining = sources(join(root, "src")).filter((f) => /\bfunction\s+planTurn\b/.test(f.text)).map((f) => f.path);
  assert.deepEqual(defining, [PLANNER]);
});

test("the check sees each way of importing the planner", () => {
  assert.ok(importsPlanner(`import { planTurn } from "../turn/turnPlan";`));
  assert.ok(importsPlanner(`import {\n  isTurnPlan,\n  planTurn,\n} from "./x";`));
  assert.ok(importsPlanner(`import * as planner from "./phases/turnPlanner";`));
  assert.ok(!importsPlanner(`import { isTurnPlan, type TurnPlan } from "../turn/turnPlan";`));
});
