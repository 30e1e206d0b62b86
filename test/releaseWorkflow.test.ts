// The release workflow cannot run here; this reads it as GitHub would and checks what it promises.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

interface Step {
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push: { tags: string[] } };
  jobs: Record<string, Job>;
}

const root = join(__dirname, "..");
const workflow = parse(readFileSync(join(root, ".github/workflows/release.yml"), "utf8")) as Workflow;
const runs = (job: Job): string => job.steps.map((s) => s.run ?? "").join("\n");

test("a version tag runs the tests, then packages every target, then publishes", () => {
  assert.deepEqual(workflow.on.push.tags, ["v*"]);
  const { test: tests, package: pack, publish } = workflow.jobs;
  assert.ok(tests && pack && publish, "test, package and publish jobs");
  assert.match(runs(tests), /^npm ci$/m);
  assert.match(runs(tests), /^npm test$/m);
  assert.equal(pack.needs, "test");
  assert.match(runs(pack), /npm run package -- --all/);
  assert.equal(publish.needs, "package");
});

test("every target the package script builds is published to both marketplaces", async () => {
  const { TARGETS } = (await import(join(root, "scripts/targets.mjs"))) as { TARGETS: Record<string, unknown> };
  const publish = workflow.jobs.publish;
  const listed = (publish.env?.TARGETS ?? "").split(/\s+/).filter(Boolean);
  assert.deepEqual([...listed].sort(), Object.keys(TARGETS).sort());
  assert.match(runs(publish), /vsce publish --packagePath "vsix\/headstart-\$version-\$target\.vsix"/);
  assert.match(runs(publish), /ovsx@[\d.]+ publish "vsix\/headstart-\$version-\$target\.vsix"/);
});

test("the tokens come from repository secrets through the environment, never a command line or the log", () => {
  const publish = workflow.jobs.publish;
  const steps = publish.steps.filter((s) => s.env && Object.keys(s.env).some((k) => k.endsWith("_PAT")));
  assert.deepEqual(steps.flatMap((s) => Object.entries(s.env!)).sort(), [
    ["OVSX_PAT", "${{ secrets.OVSX_PAT }}"],
    ["VSCE_PAT", "${{ secrets.VSCE_PAT }}"],
  ]);
  const text = readFileSync(join(root, ".github/workflows/release.yml"), "utf8");
  assert.doesNotMatch(text, /(-p|--pat)\s+\$/, "no token passed as an argument");
  assert.doesNotMatch(text, /echo[^\n]*(PAT|secrets)/i, "no token echoed");
});
