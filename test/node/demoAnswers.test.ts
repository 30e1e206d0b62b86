// The demo's TEST teacher answers by the question, so a new user sees code blocks as well as prose,
// and its openings end in prose, where a story model's continuation still reads as text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_ANSWERS, FIRST_QUESTION } from "../../scripts/demoAnswers";
import { SETTINGS } from "../../src/common/settings";
import { TEST_TEACHER_MODEL } from "../../src/common/testTeacher";
import { OpenAITeacher } from "../../src/node/openaiTeacher";
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
    assert.equal(await ask("Tell me a story", 400), DEFAULT_TEST_ANSWER);
  });
});

test("every canned opening, at the default guidance budget, is prose: no code block is open where the student takes over", async () => {
  const budget = SETTINGS["teacher.guidanceBudget"].default;
  await withDemoTeacher(async (ask) => {
    for (const question of [FIRST_QUESTION, "Write a Python function", "Why is it slow?", "Tell me a story"]) {
      const opening = await ask(question, budget);
      assert.ok(opening.split(/\s+/).length >= 10, `“${question}” gets an opening: ${opening}`);
      assert.doesNotMatch(opening, /`{3}/, `the opening for “${question}” stays out of code blocks: ${opening}`);
    }
  });
});
