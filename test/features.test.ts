import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { FEATURES, findFeatureViolations } from "./support/featureRules";
import type { SourceFile } from "./support/layerRules";

const root = join(__dirname, "..");
// A folder a newcomer can take in at a glance.
const MOST_FILES = 20;

function sources(dir: string): SourceFile[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(name) ? [{ path: relative(root, path).split("\\").join("/"), text: readFileSync(path, "utf8") }] : [];
  });
}

test("every source file is in a feature folder, and features import one way (docs/ARCHITECTURE.md)", () => {
  const files = sources(join(root, "src"));
  assert.ok(files.some((f) => f.path.startsWith("src/common/spend/")), "found the sources");
  assert.deepEqual(findFeatureViolations(files), []);
});

test("the check catches a file outside the features and an import up the list", () => {
  const found = findFeatureViolations([
    { path: "src/common/stray.ts", text: "" },
    { path: "src/common/turn/runTurn.ts", text: `import { SpendJournal } from "../spend/spendTotals";` },
    { path: "src/node/spend/journal.ts", text: `import type { TurnEvent } from "../../common/turn/turnEvents";` },
    { path: "src/vscode/turn/x.ts", text: `import { notify } from "../util/notify";\nimport { p } from "../../common/panel/protocol";` },
  ]);
  assert.deepEqual(found, [
    "src/common/stray.ts: not in a feature folder (" + FEATURES.join(", ") + ")",
    'src/common/turn/runTurn.ts: imports "../spend/spendTotals" (feature spend comes after turn)',
    'src/vscode/turn/x.ts: imports "../../common/panel/protocol" (feature panel comes after turn)',
  ]);
});

test(`no folder in src/ holds more than ${MOST_FILES} files`, () => {
  const perFolder = new Map<string, number>();
  for (const f of sources(join(root, "src"))) {
    const folder = f.path.slice(0, f.path.lastIndexOf("/"));
    perFolder.set(folder, (perFolder.get(folder) ?? 0) + 1);
  }
  assert.ok(perFolder.size > 10, "found the folders");
  const crowded = [...perFolder].filter(([, n]) => n > MOST_FILES).map(([folder, n]) => `${folder}: ${n} files`);
  assert.deepEqual(crowded, []);
});
