import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { TestsContext } from "../../common/tasks/taskRequest";
import { detectTestFramework, MANIFEST_NAMES, type Manifest } from "../../common/tasks/testFramework";
import { isTestFile, testFilePath } from "../../common/tasks/testFilePath";

/** Folders that hold no tests of the project's own: dependencies, builds, caches. */
const SKIPPED = new Set(["node_modules", "dist", "out", "build", "target", "vendor", "coverage", "__pycache__", "venv"]);
/** Most folders read while looking for test files: a huge tree is not walked whole for one question. */
const MAX_FOLDERS = 2000;

/**
 * What `/tests` needs in the terminal, read from the folder it runs in (`root`): the manifests
 * beside the source and above it, the project's test files, the test file for `source`
 * (relative to `root`), its text when it exists, and an example to follow when it does not.
 */
export async function workspaceTests(root: string, source: string, language: string): Promise<TestsContext> {
  const manifests: Manifest[] = [];
  for (let dir = dirname(join(root, source)); ; dir = dirname(dir)) {
    for (const name of MANIFEST_NAMES) {
      const text = await readFile(join(dir, name), "utf8").catch(() => undefined);
      if (text !== undefined) manifests.push({ fileName: posix(relative(root, join(dir, name))), text });
    }
    if (relative(root, dir) === "" || dir === dirname(dir)) break;
  }
  const place = testFilePath(source, language, await testFiles(root));
  const read = (path: string): Promise<string | undefined> => readFile(join(root, path), "utf8").catch(() => undefined);
  const text = place.exists ? await read(place.fileName) : undefined;
  const example = place.example ? await read(place.example) : undefined;
  return {
    framework: detectTestFramework(language, manifests, text ?? example)?.framework,
    file: { fileName: place.fileName, ...(text !== undefined ? { text } : {}) },
    ...(place.example && example !== undefined ? { example: { fileName: place.example, text: example } } : {}),
  };
}

/** The test files under `root` (relative, forward slashes), breadth first, skipping hidden and dependency folders. */
async function testFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const queue = [root];
  for (let n = 0; n < queue.length && n < MAX_FOLDERS; n++) {
    const entries = await readdir(queue[n], { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const path = join(queue[n], e.name);
      if (e.isDirectory()) {
        if (!SKIPPED.has(e.name)) queue.push(path);
      } else if (isTestFile(posix(relative(root, path)))) found.push(posix(relative(root, path)));
    }
  }
  return found;
}

const posix = (path: string): string => path.split(sep).join("/");
