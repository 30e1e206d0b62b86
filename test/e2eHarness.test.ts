// The end-to-end harness's own rules, which a red first `npm test` broke: a wait that must succeed
// waits for its state as long as a loaded machine needs (money.e2e failed waiting 5 s for the
// command palette to close), a failed step's screenshot is kept where no later test deletes it
// (one printed a path vscode.e2e had emptied), and no test writes the README's tracked pictures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { chromium } from "playwright-core";
import { failedDir, STATE_TIMEOUT_MS, step, trackPage } from "./e2e/support/steps";
import { CHROMIUM } from "./e2e/support/workbench";

const root = join(__dirname, "..");

function sources(dir: string): { path: string; lines: string[] }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "fixtures" ? [] : sources(path);
    return name.endsWith(".ts") ? [{ path: relative(root, path), lines: readFileSync(path, "utf8").split("\n") }] : [];
  });
}

/** The line without a trailing `//` comment (a rough cut: enough for these rules). */
const code = (line: string): string => (line.trimStart().startsWith("//") || line.trimStart().startsWith("*") ? "" : line.replace(/\s\/\/.*$/, ""));

test("every e2e wait that must succeed allows STATE_TIMEOUT_MS; shorter limits are only for probes that go on either way", () => {
  assert.ok(STATE_TIMEOUT_MS >= 30_000);
  const short: string[] = [];
  for (const file of sources(join(root, "test", "e2e"))) {
    file.lines.forEach((line, i) => {
      const c = code(line);
      // A probe: its failure is caught on the spot (`.then(() => true, () => false)`, `.catch(…)`).
      if (/\.then\(|\.catch\(|=> (true|false)\b/.test(c)) return;
      for (const m of c.matchAll(/\btimeout(?:Ms)?\s*[:=]\s*(\d[\d_]*)(?![\d_]|\s*\*)/g)) {
        if (Number(m[1].replace(/_/g, "")) < 30_000) short.push(`${file.path}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  assert.deepEqual(short, []);
});

test("a failed step's screenshot is written to failed/, and the path it prints is there", { timeout: 60_000 }, async (t) => {
  if (!existsSync(CHROMIUM)) return t.skip(`no Chromium at ${CHROMIUM}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu"] });
  t.after(() => browser.close());
  const page = await browser.newPage();
  await page.setContent("<h1>a page a step failed on</h1>");
  trackPage(page);
  const name = `harness check ${process.pid}`;
  const failed = await step(name, () => {
    throw new Error("the state never came");
  }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  assert.ok(failed, "the step failed");
  assert.match(failed.message, /^step "harness check \d+" failed: the state never came/);
  const shot = /\nscreenshot: (.+\.png)$/.exec(failed.message)?.[1];
  assert.ok(shot, failed.message);
  t.after(() => rmSync(shot, { force: true }));
  assert.equal(relative(failedDir, shot), `harness-check-${process.pid}.png`, "in failed/");
  assert.ok(statSync(shot).size > 0, "the screenshot is there");
});

test("no e2e test deletes another's files: none lists the artifacts folder's own files, none empties failed/", () => {
  const found: string[] = [];
  for (const file of sources(join(root, "test", "e2e"))) {
    file.lines.forEach((line, i) => {
      const c = code(line);
      if (/readdirSync\(artifactsDir\)|rmSync\(\s*(artifactsDir|failedDir)\b|rmSync\(join\(artifactsDir, "failed"/.test(c)) found.push(`${file.path}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});

test("no test writes into media/: the README's pictures are retaken into .test-artifacts/ and copied by npm run readme-pictures", () => {
  const found: string[] = [];
  for (const file of sources(join(root, "test"))) {
    file.lines.forEach((line, i) => {
      const c = code(line);
      if (/join\([^)]*["'`]media["'`]|["'`]media\/[^"'`]*\.png/.test(c)) found.push(`${file.path}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  assert.equal(pkg.scripts["readme-pictures"], "node scripts/readmePictures.mjs");
  const script = readFileSync(join(root, "scripts", "readmePictures.mjs"), "utf8");
  // Every picture the README and the docs show from media/ is one the script copies.
  const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((n) => n.endsWith(".md")).map((n) => join("docs", n))];
  const shown = pages.flatMap((p) => [...readFileSync(join(root, p), "utf8").matchAll(/\]\((?:\.\.\/)?media\/([\w-]+\.png)\)/g)].map((m) => m[1]));
  assert.ok(shown.length >= 3, `${shown.length} pictures in the README and docs/`);
  for (const name of shown) assert.ok(script.includes(`"${name}"`), `${name} is copied by scripts/readmePictures.mjs`);
});
