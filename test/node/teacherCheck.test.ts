// "Test Teacher Connection" against the test teacher server (TEST DOUBLE) through the real adapter.
import { test } from "node:test";
import assert from "node:assert/strict";
import { priceLookup } from "../../src/common/cost/prices";
import { CHECK_CAP, checkTeacher, formatTeacherCheck, type TeacherCheckDeps } from "../../src/common/teacher/teacherCheck";
import { loadGptTokenCounter } from "../../src/node/cost/gptTokenCounter";
import { OpenAITeacher } from "../../src/node/teacher/openaiTeacher";
import { startTestTeacherServer, type TestTeacherBehavior } from "../support/testTeacherServer";

async function check(behavior: TestTeacherBehavior) {
  const counter = await loadGptTokenCounter();
  const deps: TeacherCheckDeps = { now: () => performance.now(), prices: priceLookup({ overrides: {} }), counter };
  const server = await startTestTeacherServer({ answer: Array.from({ length: 40 }, (_, i) => i + 1).join(" "), ...behavior });
  try {
    const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "k", model: "gpt-4o-mini", countTokens: (t) => counter.count(t, "gpt-4o-mini").tokens });
    return { report: await checkTeacher(teacher, deps, new AbortController().signal), requests: server.requests.length };
  } finally {
    await server.close();
  }
}

test("a server that works: the model that answered, first token, usage, cost and its source, the cap held", async () => {
  const { report, requests } = await check({ reportCostUsd: 0.00001, model: "gpt-4o-mini-2024-07-18" });
  assert.equal(requests, 1);
  assert.equal(report.failure, undefined);
  assert.equal(report.answeredBy, "gpt-4o-mini-2024-07-18");
  assert.equal(typeof report.firstTokenMs, "number", "the time to the first token is measured");
  assert.equal(report.usage?.outputTokens, CHECK_CAP);
  assert.equal(report.costUsd, 0.00001);
  assert.equal(report.capObeyed, true);
  const lines = formatTeacherCheck(report);
  assert.match(lines.join("\n"), /OK: gpt-4o-mini-2024-07-18 answered \(asked for gpt-4o-mini\)[\s\S]*Cost: \$0\.000010 \(cost reported by the provider\)[\s\S]*Token cap \(8\) obeyed/);
});

test("a refused parameter shows, with the retry that worked", async () => {
  const { report, requests } = await check({ refuse: { parameters: ["stream_options"], style: "azure" }, alwaysUsage: true });
  assert.equal(requests, 2);
  assert.deepEqual(report.learned, [{ kind: "refused", parameter: "stream_options" }]);
  assert.match(formatTeacherCheck(report).join("\n"), /Refused “stream_options”; asked again without it, which worked\./);
});

test("a server that ignores the cap is caught, and one that fails says why", async () => {
  const ignoring = (await check({ ignoreCap: true, dripMs: 2 })).report;
  assert.equal(ignoring.capObeyed, false);
  assert.match(formatTeacherCheck(ignoring).join("\n"), /Token cap \(8\) ignored/);
  const failing = (await check({ status: 401 })).report;
  assert.equal(failing.failure?.reason, "auth");
  assert.match(formatTeacherCheck(failing)[0], /^Failed: The teacher rejected the API key \(401\)/);
  assert.equal(failing.costUsd, 0, "nothing billed for a refused request");
  // Without a reported cost, the same price lists as every answer's.
  const priced = (await check({})).report;
  assert.ok((priced.costUsd ?? 0) > 0);
  assert.match(priced.costSource, /^price: built-in table, \d{4}-\d{2}-\d{2}$/);
});
