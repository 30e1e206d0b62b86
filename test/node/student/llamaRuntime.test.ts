import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openModel } from "../../../src/node/student/llamaRuntime";
import { findStoriesModel, noModelMessage } from "../../support/testModels";

describe("openModel", () => {
  test("on the CPU, the student's context writes without flash attention (slower the deeper it writes there)", { timeout: 60_000 }, async (t) => {
    const modelPath = await findStoriesModel();
    if (modelPath === undefined) {
      console.warn(noModelMessage());
      t.skip(noModelMessage());
      return;
    }
    // The product's defaults, as the extension and the CLI open a model.
    const open = await openModel({ modelPath, contextSize: 512, gpuLayers: "auto", gpu: false, threads: "auto", sequences: 2 });
    t.after(() => open.model.dispose());
    assert.equal(open.context.flashAttention, false);
    assert.equal(open.context.totalSequences, 2);
  });
});
