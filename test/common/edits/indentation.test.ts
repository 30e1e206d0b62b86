import { test } from "node:test";
import assert from "node:assert/strict";
import { indentStyle, reindent } from "../../../src/common/edits/indentation";

test("a file's indentation unit is the step after lines that open a block, not a JSDoc's or a docstring's", () => {
  assert.deepEqual(indentStyle(["/**", " * Words.", " */", "function f() {", "  return 1;", "}"]), { tabs: false, unit: 2 });
  const docstring = ['def f():', '    """Example:', '      f()', '      g()', '      h()', '    """', '    if x:', '        return 1'];
  assert.deepEqual(indentStyle(docstring), { tabs: false, unit: 4 });
  assert.deepEqual(indentStyle(["class A:", "\tdef f(self):", "\t\tpass"]), { tabs: true, unit: undefined });
  assert.deepEqual(indentStyle(["a = 1", "b = 2"]), { tabs: false, unit: undefined }, "nothing to tell by");
});

test("code moved to another indentation keeps its depth in the target's style", () => {
  const block = ["def f(self):", "    if x:", "        return 1", "", '"""at the margin"""'];
  assert.deepEqual(reindent(block, "", "\t", { tabs: false, unit: 4 }, { tabs: true, unit: undefined }), ["\tdef f(self):", "\t\tif x:", "\t\t\treturn 1", "", '\t"""at the margin"""']);
  assert.deepEqual(reindent(["  a {", "      b", "  }"], "  ", "", { tabs: false, unit: 4 }, { tabs: false, unit: 2 }), ["a {", "  b", "}"], "one level of 4 becomes one of 2");
  assert.deepEqual(reindent(["    x", "  y"], "    ", "  ", { tabs: false, unit: 4 }, { tabs: false, unit: 4 }), ["  x", "  y"], "a line less indented than the base is left as it is");
});
