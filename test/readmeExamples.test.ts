// Every `npm run …` example in the shell blocks of the README and of docs/*.md, run as written,
// from the project's root: each exits 0 and prints something. The README's run first (its terminal
// section starts the test teacher on port 8787 that docs/teams.md's examples use), then each doc's
// in name order. A line ending in `&` is started in the background, as a shell
// would, and stopped at the end. The spend journal goes to a temporary folder, not the user's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findStoriesModel, noModelMessage } from "./support/testModels";

const root = join(__dirname, "..");

/** The README's and the docs' pages, the README first. */
function pages(): string[] {
  const docs = readdirSync(join(root, "docs")).filter((n) => n.endsWith(".md")).sort().map((n) => join("docs", n));
  return ["README.md", ...docs];
}

/** The shell examples of every page: continuations joined, comments dropped. */
function examples(): string[] {
  const text = pages().map((p) => readFileSync(join(root, p), "utf8")).join("\n");
  const blocks = [...text.matchAll(/^ *```sh\n([\s\S]*?)```/gm)].map((m) => m[1]);
  return blocks
    .flatMap((b) => b.replace(/\\\n\s*/g, "").split("\n"))
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l.startsWith("npm run "));
}

function shell(command: string, env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<{ code: number | null; output: string }> } {
  const child = spawn("bash", ["-c", command], { cwd: root, env, detached: true });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  return { child, done: new Promise((resolve) => child.on("close", (code) => resolve({ code, output }))) };
}

test("every npm run example in the README and docs/ runs as written and exits 0 with an answer", { timeout: 600_000 }, async (t) => {
  if (!(await findStoriesModel())?.endsWith(join("shared", "models", "stories260K.gguf"))) return t.skip(`the README names ../shared/models/stories260K.gguf: ${noModelMessage()}`);
  const lines = examples();
  assert.ok(lines.length >= 15, `${lines.length} examples found`);
  const env = { ...process.env, OPENAI_API_KEY: "", HEADSTART_TEACHER_URL: "", HEADSTART_DATA_DIR: mkdtempSync(join(tmpdir(), "headstart-readme-")) };
  const background: ChildProcess[] = [];
  try {
    for (const line of lines) {
      if (line.endsWith("&")) {
        const server = shell(line.slice(0, -1), env);
        background.push(server.child);
        // Ready once it says where it listens.
        await new Promise<void>((resolve, reject) => {
          server.child.stdout!.on("data", (d: Buffer) => d.toString().includes("http://") && resolve());
          server.done.then((r) => reject(new Error(`${line} exited ${r.code}: ${r.output}`)), reject);
        });
        continue;
      }
      const { code, output } = await shell(line, env).done;
      assert.equal(code, 0, `${line}\n${output.slice(-2000)}`);
      assert.ok(output.trim().length > 0, `${line} printed nothing`);
      t.diagnostic(`${line}: ok`);
    }
  } finally {
    for (const child of background) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch (e) {
        // A server that already exited (say, its port was taken) is gone: its own error is the one
        // reported, not this.
        if ((e as NodeJS.ErrnoException).code !== "ESRCH") t.diagnostic(`could not stop a background example: ${String(e)}`);
      }
    }
  }
});

test("the README says which Node.js it needs, and the Node.js running the tests has it", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const needs = /^Needs: Node\.js (\d+)\.(\d+) or later/m.exec(readme);
  assert.ok(needs, "a “Needs: Node.js X.Y or later” line at the top of the README");
  const [major, minor] = process.versions.node.split(".").map(Number);
  const [wantMajor, wantMinor] = [Number(needs[1]), Number(needs[2])];
  assert.ok(major > wantMajor || (major === wantMajor && minor >= wantMinor), `Node.js ${process.versions.node} is older than the README's ${needs[1]}.${needs[2]}`);
  // What the tests themselves use of Node is that version's: a Dirent's parentPath came in 20.12.
  assert.ok(wantMajor > 20 || (wantMajor === 20 && wantMinor >= 12), "the README's version has Dirent.parentPath, which the tests use");
});
