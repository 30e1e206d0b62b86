// The trained test model as a student, set up the way tests on these machines must run it.
import type { TestContext } from "node:test";
import { LlamaStudent, type LlamaStudentOptions } from "../../src/node/student/llamaStudent";
import { findStoriesModel, noModelMessage } from "./testModels";

/** A student on stories260K (one thread, CPU, small context), or undefined after a loud skip. */
export async function storiesStudent(t: TestContext, options: Partial<LlamaStudentOptions> = {}): Promise<LlamaStudent | undefined> {
  const modelPath = await findStoriesModel();
  if (modelPath === undefined) {
    console.warn(noModelMessage());
    t.skip(noModelMessage());
    return undefined;
  }
  const student = new LlamaStudent({ modelPath, contextSize: 512, threads: 1, gpu: false, maxAnswerTokens: 64, ...options });
  t.after(() => student.dispose());
  return student;
}
