// The demo's TEST teacher answers by the question, so a new user sees code blocks as well as prose,
// and its openings end in prose, where a story model's continuation still reads as text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_ANSWERS, FIRST_QUESTION, FIX_SAMPLE, FIXED_TOTAL_CENTS } from "../../scripts/demoAnswers";
import { answerBlocks } from "../../src/common/edits/answerBlocks";
import { placeBlock } from "../../src/common/edits/placeBlock";
import { buildTask } from "../../src/common/tasks/taskRequest";
import { SETTINGS } from "../../src/common/settings/settings";
import { TEST_TEACHER_MODEL } from "../../src/common/cost/testTeacher";
import { OpenAITeacher } from "../../src/node/teacher/openaiTeacher";
import { DEFAULT_TEST_ANSWER, startTestTeacherServer } from "../support/testTeacherServer";

async function withDemoTeacher(body: (ask: (question: string, maxTokens: number) => Promise<string>) => Promise<void>): Promise<void> {
  const server = await startTestTeacherServer({ answers: DEMO_ANSWERS });
  try {
    const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "k", model: TEST_TEACHER_MODEL });
    await body(async (question, maxTokens) => {
      let text = "";
      const request = { conversationId: "d", system: "s", messages: [{ role: "user" as const, content: question }], maxTokens };
      for await (const chunk of teacher.guide(request, new AbortController().signal)) if (chunk.type === "text") text += chunk.text;
      return text;
    });
  } finally {
    await server.close();
  }
}

test("the demo's stand-in teacher picks a canned answer by the question: code for code, prose for why, a story otherwise", async () => {
  await withDemoTeacher(async (ask) => {
    assert.match(await ask("Write a Python function that splits a list into chunks", 400), /```python\n/);
    assert.match(await ask("Why does a long loop block the UI?", 400), /event loop/);
    assert.match(await ask(FIRST_QUESTION, 400), /divisible by both 3 and 5/, "the suggested first question has its own answer");
    assert.match(await ask("Explain `formatTotal` in `cart.ts`: what it does", 400), /toFixed\(2\)/, "/explain of the sample's receipt function");
    assert.equal(await ask("Tell me a story", 400), DEFAULT_TEST_ANSWER);
  });
});

/** The /fix a user sends from the light bulb on the sample's type error, as the message the teacher gets. */
function sampleFix(): { message: string; text: string } {
  const text = readFileSync(join(__dirname, "..", "..", "docs", "demo-workspace", FIX_SAMPLE.fileName), "utf8");
  const line = FIX_SAMPLE.line - 1;
  const range = { start: { line, character: 16 }, end: { line, character: 21 } };
  const task = buildTask({
    task: "fix",
    question: "",
    file: { fileName: FIX_SAMPLE.fileName, language: "typescript", text },
    cursor: range.start,
    diagnostics: [{ message: "Property 'price' does not exist on type 'Item'.", severity: "error", source: "ts", code: 2339, range }],
    maxChars: SETTINGS["context.maxChars"].default,
  });
  return { message: task.message.text, text };
}

test("a /fix of the sample's type error gets the canned fix, whose block Apply puts in place of the broken function", async () => {
  const { message, text } = sampleFix();
  await withDemoTeacher(async (ask) => {
    const answer = await ask(message, 400);
    const [block] = answerBlocks(answer);
    assert.equal(block.code, FIXED_TOTAL_CENTS);
    const placed = placeBlock({ code: block.code, language: block.language, target: { text, language: "typescript" } });
    assert.deepEqual(placed.placed, { kind: "symbols", replaced: [{ name: "totalCents", lines: { start: 9, end: 15 } }], added: [] });
    assert.equal(placed.text, text.replace("item.price *", "item.priceCents *"), "the one wrong word fixed, the doc comment kept");
  });
});

test("every canned opening, at the default guidance budget, is prose: no code block is open where the student takes over", async () => {
  const budget = SETTINGS["teacher.guidanceBudget"].default;
  await withDemoTeacher(async (ask) => {
    for (const question of [FIRST_QUESTION, sampleFix().message, "Explain `formatTotal` in `cart.ts`", "Write a Python function", "Why is it slow?", "Tell me a story"]) {
      const opening = await ask(question, budget);
      assert.ok(opening.split(/\s+/).length >= 10, `“${question}” gets an opening: ${opening}`);
      assert.doesNotMatch(opening, /`{3}/, `the opening for “${question}” stays out of code blocks: ${opening}`);
    }
  });
});
