// `npm run readme-pictures`: copies the README's pictures, retaken by the end-to-end tests into
// .test-artifacts/e2e/readme/, into media/. Tests never write into media/ (the files are tracked, so
// every test run would change the working tree); this is the one step that does, when asked.
import { copyFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const from = join(root, ".test-artifacts", "e2e", "readme");
/** Each picture the README and docs/ show, and the test that takes it. */
const PICTURES = {
  "screenshot.png": "test/e2e/demo.e2e.test.ts",
  "chat-view.png": "test/e2e/demo.e2e.test.ts",
  "apply-diff.png": "test/e2e/edits.e2e.test.ts",
};

const taken = existsSync(from) ? readdirSync(from) : [];
const missing = Object.entries(PICTURES).filter(([name]) => !taken.includes(name));
for (const name of Object.keys(PICTURES).filter((n) => taken.includes(n))) {
  copyFileSync(join(from, name), join(root, "media", name));
  console.log(`media/${name} ← .test-artifacts/e2e/readme/${name}`);
}
if (missing.length > 0) {
  for (const [name, test] of missing) console.error(`not taken yet: ${name} (run CI=true node scripts/test.mjs ${test.replace(/^test\/e2e\/|\.test\.ts$/g, "")})`);
  process.exit(1);
}
