// ESLint with typescript-eslint's type-aware rules: the checks a reviewer would otherwise do by eye
// (promises left floating or handed where a callback's result is ignored, unsafe `any`).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // docs/demo-workspace/ is the demo's sample folder: its TypeScript file has a type error on purpose (/fix fixes it).
  { ignores: ["dist/", "out/", ".cache/", ".test-artifacts/", ".bench-results/", "node_modules/", "bench/file-questions/", "docs/demo-workspace/"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `void promise` is a floating promise too: every one must be awaited or have its failure handled.
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          ignoreVoid: false,
          allowForKnownSafeCalls: [
            // node:test collects these itself: their returned promises are the runner's to await.
            { from: "package", package: "node:test", name: ["test", "describe", "it", "suite", "before", "after", "beforeEach", "afterEach"] },
            // marked returns the results of extensions' walkTokens callbacks; ours are synchronous.
            { from: "package", package: "marked", name: "walkTokens" },
          ],
        },
      ],
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    // tsc reports undefined names in the .mjs files too (checkJs); typescript-eslint turns no-undef
    // off for TypeScript files only.
    files: ["**/*.mjs"],
    rules: { "no-undef": "off" },
  },
);
