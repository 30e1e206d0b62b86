import { test } from "node:test";
import assert from "node:assert/strict";
import { serverErrorText } from "../../../src/common/models/serverErrorText";

test("what a server said, in each engine's error body", () => {
  const cases: [string, unknown, string | undefined][] = [
    ["OpenAI, llama.cpp, vLLM", { error: { message: "The model `x` does not exist.", type: "NotFoundError", code: 404 } }, "The model `x` does not exist."],
    ["TGI", { error: "Input validation error: `inputs` must have less than 95 tokens. Given: 120", error_type: "validation" }, "Input validation error: `inputs` must have less than 95 tokens. Given: 120"],
    ["Ollama native", { error: 'model "x" not found, try pulling it first' }, 'model "x" not found, try pulling it first'],
    ["vLLM's older, SGLang", { object: "error", message: "Requested token count exceeds …", type: "BadRequestError", code: 400 }, "Requested token count exceeds …"],
    ["FastAPI", { detail: "Not Found" }, "Not Found"],
    ["FastAPI validation", { detail: [{ loc: ["body", "messages"], msg: "Field required" }] }, "Field required"],
    ["plain text", "404 page not found", "404 page not found"],
    ["empty", {}, undefined],
    ["empty text", "", undefined],
  ];
  for (const [who, body, said] of cases) assert.equal(serverErrorText(body), said, who);
});
