import { test } from "node:test";
import assert from "node:assert/strict";
import { fromStored, sentRequestText, storedForm, withStudentRequest, type SentRequest } from "../../../src/common/sent/sentRequest";

test("what went to a student server is kept beside the teacher's request, read back, and shown after it", () => {
  const sent: SentRequest = {
    url: "https://api.openai.com/v1/chat/completions",
    body: { model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] },
    student: { url: "http://gpu-box:8000/v1/chat/completions", body: { model: "qwen", messages: [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello" }], continue_final_message: true } },
  };
  const back = fromStored(JSON.parse(JSON.stringify(storedForm(sent))));
  assert.deepEqual(back, sent);
  const text = sentRequestText(back);
  assert.ok(text.startsWith('// POST https://api.openai.com/v1/chat/completions (the "teacher" body)\n// Then the student server, to write the rest: POST http://gpu-box:8000/v1/chat/completions (the "studentServer" body)\n'), text);
  // One JSON value under the comments: the document is valid JSON with comments.
  assert.deepEqual(JSON.parse(text.replace(/^\/\/.*$/gm, "")), { teacher: sent.body, studentServer: sent.student!.body });
  // A request kept without a student part reads as before.
  assert.deepEqual(fromStored(storedForm({ url: sent.url, body: sent.body })), { url: sent.url, body: sent.body });
});

test("a student server's request joins the teacher's; alone (the server wrote the whole answer) it is not kept", () => {
  const teacher: SentRequest = { url: "https://api.openai.com/v1/chat/completions", body: { model: "gpt-4o-mini" } };
  const student = { type: "student-request", url: "http://gpu-box:8000/v1/chat/completions", body: { model: "qwen" } };
  assert.deepEqual(withStudentRequest(teacher, student), { ...teacher, student: { url: student.url, body: student.body } }, "only the address and body are kept, not the event around them");
  assert.equal(withStudentRequest(undefined, student), undefined);
});
