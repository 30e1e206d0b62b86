// Canned answers for the test teacher (a test double, not a model), so a set can be tried end to end.
import { readFileSync } from "node:fs";
import { errorMessage } from "../src/common/util/errorMessage";

/** The test teacher's `answers`: the first whose pattern matches the question is streamed. */
export interface CannedAnswer {
  when: RegExp;
  answer: string;
}

/**
 * Reads `[{ "when": PATTERN, "flags"?: FLAGS, "answer": TEXT }, …]`. A question no pattern matches
 * gets the test teacher's default answer (a children's-story opening).
 */
export function loadTestTeacherAnswers(file: string): CannedAnswer[] {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`Cannot read the test teacher's answers from ${file}: ${errorMessage(e)}`, { cause: e });
  }
  if (!Array.isArray(value)) throw new Error(`${file}: expected an array of {"when": PATTERN, "answer": TEXT}`);
  return value.map((entry: unknown, i) => {
    const e = (typeof entry === "object" && entry !== null ? entry : {}) as Record<string, unknown>;
    const { when, flags, answer } = e;
    if (typeof when !== "string" || typeof answer !== "string" || (flags !== undefined && typeof flags !== "string")) {
      throw new Error(`${file}: entry ${i + 1} must be {"when": PATTERN, "flags"?: FLAGS, "answer": TEXT}`);
    }
    try {
      return { when: new RegExp(when, flags), answer };
    } catch (err) {
      throw new Error(`${file}: entry ${i + 1}: ${errorMessage(err)}`, { cause: err });
    }
  });
}
