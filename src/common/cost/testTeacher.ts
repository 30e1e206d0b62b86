import { isLoopbackUrl } from "../util/loopbackUrl";
import type { PriceList } from "./prices";

/**
 * The model name of the project's own test teacher (`npm run test-teacher`, and the demo's teacher
 * when no real one is configured): a local server with canned answers in the OpenAI wire format.
 */
export const TEST_TEACHER_MODEL = "test-teacher";

/** How every face names it, where a real teacher's name and price would be. */
export const TEST_TEACHER_LABEL = "test teacher (canned answers), not billed";

/** True for the test teacher: its model name on this machine. The same name elsewhere is an unknown model. */
export function isTestTeacher(model: string | undefined, baseUrl: string): boolean {
  return model === TEST_TEACHER_MODEL && isLoopbackUrl(baseUrl);
}

/** Its price list: nothing is billed, so a canned answer never wears a real model's price or saving. */
export const TEST_TEACHER_PRICES: PriceList = { source: "test", prices: { [TEST_TEACHER_MODEL]: { input: 0, cachedInput: 0, output: 0 } } };
