import { test } from "node:test";
import assert from "node:assert/strict";
import { studentThreads } from "../../../src/common/student/studentThreads";

test("the default leaves one core free, and never asks for more threads than there are cores", () => {
  assert.equal(studentThreads("auto", { math: 1, available: 1 }), 1);
  assert.equal(studentThreads("auto", { math: 2, available: 2 }), 1);
  assert.equal(studentThreads("auto", { math: 4, available: 8 }), 3, "math cores, not hyper-threads");
  assert.equal(studentThreads("auto", { math: 16, available: 4 }), 3, "a container's share, not the host's cores");
  for (let math = 1; math <= 64; math++) {
    for (const available of [1, 2, 3, 4, 8, 16, 64]) {
      const cores = Math.min(math, available);
      for (const requested of ["auto", 1, 2, 4, 8, 256] as const) {
        const n = studentThreads(requested, { math, available });
        assert.ok(n >= 1 && n <= cores, `${String(requested)} on ${math}/${available} cores gave ${n}`);
      }
    }
  }
});

test("a count the user sets is used as given, up to the cores there are", () => {
  assert.equal(studentThreads(2, { math: 8, available: 8 }), 2);
  assert.equal(studentThreads(8, { math: 8, available: 8 }), 8);
  assert.equal(studentThreads(12, { math: 8, available: 8 }), 8);
  assert.equal(studentThreads(4, { math: 2, available: 2 }), 2);
});
