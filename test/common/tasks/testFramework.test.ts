import { test } from "node:test";
import assert from "node:assert/strict";
import { detectTestFramework } from "../../../src/common/tasks/testFramework";
import { isTestFile, testFilePath } from "../../../src/common/tasks/testFilePath";

test("the framework comes from the manifests, else from an existing test, else the language's own", () => {
  const pkg = (deps: Record<string, string>, test = "") => [{ fileName: "package.json", text: JSON.stringify({ devDependencies: deps, scripts: { test } }) }];
  assert.deepEqual(detectTestFramework("typescript", pkg({ vitest: "^3" })), { framework: "vitest", found: true });
  assert.deepEqual(detectTestFramework("javascript", pkg({ jest: "^29", typescript: "^5" })), { framework: "jest", found: true });
  assert.deepEqual(detectTestFramework("typescript", pkg({}, "mocha 'test/**/*.ts'")), { framework: "mocha", found: true });
  assert.deepEqual(detectTestFramework("typescript", pkg({}, "node --import tsx --test")), { framework: "node:test", found: true });
  assert.deepEqual(detectTestFramework("typescript", pkg({}), 'import { test } from "node:test";'), { framework: "node:test", found: true }, "this project: node:test, seen in its tests");
  assert.deepEqual(detectTestFramework("typescript", [{ fileName: "package.json", text: "{ not json" }]), { framework: "node:test", found: false });
  assert.deepEqual(detectTestFramework("python", [{ fileName: "pyproject.toml", text: '[project.optional-dependencies]\ndev = ["pytest>=8"]' }]), { framework: "pytest", found: true });
  assert.deepEqual(detectTestFramework("python", [{ fileName: "sub/requirements-dev.txt", text: "pytest==8.1\n" }]), { framework: "pytest", found: true });
  assert.deepEqual(detectTestFramework("python", [], "import unittest\n"), { framework: "unittest", found: true });
  assert.deepEqual(detectTestFramework("go", [{ fileName: "go.mod", text: "module x\n" }]), { framework: "go test", found: true });
  assert.deepEqual(detectTestFramework("rust", [{ fileName: "Cargo.toml", text: "[package]\n" }]), { framework: "cargo test", found: true });
  assert.equal(detectTestFramework("haskell", []), undefined);
});

test("the test file: the existing one named after the source, else where the workspace keeps its tests", () => {
  const here = ["test/common/teacherView/rankSymbols.test.ts", "test/cli/app/ask.test.ts", "test/layers.test.ts"];
  assert.deepEqual(testFilePath("src/common/teacherView/rankSymbols.ts", "typescript", here), { fileName: "test/common/teacherView/rankSymbols.test.ts", exists: true });
  assert.deepEqual(testFilePath("src/common/cart.ts", "typescript", here), { fileName: "test/common/cart.test.ts", exists: false, example: "test/common/teacherView/rankSymbols.test.ts" }, "a mirrored test/ tree; the nearest test as the example");
  assert.deepEqual(testFilePath("lib/cart.js", "javascript", ["lib/util.spec.js", "lib/x.spec.js"]), { fileName: "lib/cart.spec.js", exists: false, example: "lib/util.spec.js" }, "beside the source, .spec as the others");
  assert.deepEqual(testFilePath("cart.ts", "typescript", []), { fileName: "cart.test.ts", exists: false });
  assert.deepEqual(testFilePath("pkg/cart.py", "python", ["tests/test_util.py"]), { fileName: "tests/test_cart.py", exists: false, example: "tests/test_util.py" });
  assert.deepEqual(testFilePath("pkg/cart.py", "python", ["pkg/tests/test_cart.py"]), { fileName: "pkg/tests/test_cart.py", exists: true });
  assert.deepEqual(testFilePath("internal/cart/cart.go", "go", []), { fileName: "internal/cart/cart_test.go", exists: false });
  assert.deepEqual(testFilePath("src/cart.rs", "rust", []), { fileName: "src/cart.rs", exists: true }, "Rust's unit tests live in the file");
});

test("test files by the usual conventions", () => {
  for (const yes of ["a.test.ts", "src/a.spec.jsx", "test_a.py", "a/b_test.go", "tests/helpers.py", "src/__tests__/x.js", "test/support/x.ts"]) assert.ok(isTestFile(yes), yes);
  for (const no of ["src/a.ts", "contest.py", "latest/x.ts", "attest.go"]) assert.ok(!isTestFile(no), no);
});
