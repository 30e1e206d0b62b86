/**
 * What common abbreviations in code stand for, so that a question in plain words meets the code
 * that abbreviates them ("error output" and `captured_stderr_`, "the context" and `ctx`). Only
 * those with one reading in code: `res` (result or response), `dir` (directory or direction) and
 * `cur` (current or cursor) are left out.
 */
export const CODE_ABBREVIATIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ["addr", ["address"]],
  ["alloc", ["allocate"]],
  ["arg", ["argument"]],
  ["args", ["arguments"]],
  ["buf", ["buffer"]],
  ["cfg", ["configuration"]],
  ["conn", ["connection"]],
  ["ctx", ["context"]],
  ["dst", ["destination"]],
  ["env", ["environment"]],
  ["err", ["error"]],
  ["errno", ["error", "number"]],
  ["fd", ["file", "descriptor"]],
  ["idx", ["index"]],
  ["len", ["length"]],
  ["msg", ["message"]],
  ["num", ["number"]],
  ["prev", ["previous"]],
  ["req", ["request"]],
  ["resp", ["response"]],
  ["src", ["source"]],
  ["stderr", ["standard", "error", "output"]],
  ["stdin", ["standard", "input"]],
  ["stdout", ["standard", "output"]],
  ["tmp", ["temporary"]],
]);
