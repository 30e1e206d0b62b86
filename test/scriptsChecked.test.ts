// The build scripts (scripts/*.mjs) are plain JavaScript, type-checked (checkJs, JSDoc types) and
// linted like the TypeScript: this fails if either check is turned off for them again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");

test("tsconfig.json type-checks the .mjs scripts (allowJs, checkJs, scripts included)", () => {
  const tsconfig = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as {
    compilerOptions: { allowJs?: boolean; checkJs?: boolean };
    include: string[];
    exclude?: string[];
  };
  assert.equal(tsconfig.compilerOptions.allowJs, true);
  assert.equal(tsconfig.compilerOptions.checkJs, true);
  assert.ok(tsconfig.include.includes("scripts"), `include: ${tsconfig.include.join(", ")}`);
  assert.ok(!(tsconfig.exclude ?? []).some((e) => e.startsWith("scripts")), `exclude: ${tsconfig.exclude?.join(", ")}`);
});

test("eslint.config.mjs lints the .mjs scripts (no ignore pattern names .mjs files or scripts/)", () => {
  const config = readFileSync(join(root, "eslint.config.mjs"), "utf8");
  const ignores = [...config.matchAll(/ignores:\s*\[[^\]]*\]/g)].map((m) => m[0]);
  assert.ok(ignores.length > 0, "eslint.config.mjs has no ignores list: has its form changed?");
  for (const list of ignores) assert.doesNotMatch(list, /\.mjs|scripts/, list);
});
