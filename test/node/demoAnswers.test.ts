// The demo's TEST teacher answers by the question, so a new user sees code blocks as well as prose.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_ANSWERS } from "../../scripts/demoAnswers";
import { OpenAITeacher } from "../../src/node/openaiTeacher";
import { DEFAULT_TEST_ANSWER, startTestTeacherServer } from "../support/testTeacherServer";

test("the demo's stand-in teacher picks a canned answer by the question: code for code, prose for why, a story otherwise", async () => {
  const server = await startTestTeacherServer({ answers: DEMO_ANSWERS });
  try {
    const teacher = new OpenAITeacher({ baseURL: server.url, apiKey: "k", model: "gpt-4o-mini" });
    const ask = async (question: string): Promise<string> => {
      let text = "";
      const request = { conversationId: "d", system: "s", messages: [{ role: "user" as const, content: question }], maxTokens: 400 };
      for await (const chunk of teacher.guide(request, new AbortController().signal)) if (chunk.type === "text") text += chunk.text;
      return text;
    };
    assert.match(await ask("Write a Python function that splits a list into chunks"), /```python\n/);
    assert.match(await ask("Why does a long loop block the UI?"), /event loop/);
    assert.equal(await ask("Tell me a story"), DEFAULT_TEST_ANSWER);
  } finally {
    await server.close();
  }
});
