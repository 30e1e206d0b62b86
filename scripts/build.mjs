// Bundles the extension host code and the chat panel's browser code with esbuild.
// `node scripts/build.mjs` for development (source maps); `--production` minifies.
import { build } from "esbuild";

const production = process.argv.includes("--production");
const common = { bundle: true, minify: production, sourcemap: !production, logLevel: "warning", legalComments: "none" };

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
