// Bundles the extension host code and the chat panel's browser code with esbuild.
// `node scripts/build.mjs` for development (source maps); `--production` minifies.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const production = process.argv.includes("--production");
/**
 * The tokenizer vocabularies stay out of the extension bundle: they load on first use.
 * @type {import("esbuild").Plugin}
 */
const encodingsApart = {
  name: "encodings-apart",
  setup(b) {
    b.onResolve({ filter: /\/gptEncodings$/ }, () => ({ path: "./gptEncodings.js", external: true }));
  },
};

/** @type {import("esbuild").BuildOptions} */
const common = { bundle: true, minify: production, sourcemap: !production, logLevel: "warning", legalComments: "none" };

// Start clean, so no file of an earlier build (a stale source map, say) ends up in a package.
rmSync("dist", { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    platform: "node",
    format: "cjs",
    target: "node20",
    // node-llama-cpp is ESM with native binaries: it ships beside the bundle and is loaded with `await import()`.
    external: ["vscode", "node-llama-cpp"],
    plugins: [encodingsApart],
  }),
  build({
    ...common,
    entryPoints: ["src/node/cost/gptEncodings.ts"],
    outfile: "dist/gptEncodings.js",
    platform: "node",
    format: "cjs",
    target: "node20",
    sourcemap: false,
  }),
  build({
    ...common,
    entryPoints: ["src/webview/main.ts"],
    outfile: "dist/webview.js",
    platform: "browser",
    format: "iife",
    target: "es2022",
  }),
]);
