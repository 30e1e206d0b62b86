// The import layers of docs/ARCHITECTURE.md, as a check over source text: which folder may import what.
import { builtinModules } from "node:module";

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes, e.g. `src/common/conversation/prompt.ts`. */
  path: string;
  text: string;
}

const IMPORT =
  /(?:^\s*(?:import|export)\s[^;()="'`]*?\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Folders under src/ each layer may import from (its own always allowed). */
const ALLOWED_LAYERS: Record<string, readonly string[]> = {
  common: [],
  webview: ["common"],
  node: ["common"],
  cli: ["common", "node"],
  vscode: ["common", "node"],
};
/**
 * Packages the engine may use: plain JavaScript with no dependencies, no Node built-ins and no
 * native code, so the engine still runs anywhere. `minisearch` ranks a file's parts by a question,
 * `stemmer` (the Porter stemmer) lets its words meet in other forms.
 */
const PURE_PACKAGES = new Set(["minisearch", "stemmer"]);

/** npm packages each layer may use; the engine (common) only pure ones, so it runs anywhere. */
const ALLOWED_PACKAGES: Record<string, (name: string) => boolean> = {
  common: (n) => PURE_PACKAGES.has(n),
  webview: (n) => n !== "vscode" && !NODE_BUILTINS.has(n),
  node: (n) => n !== "vscode",
  cli: (n) => n !== "vscode",
  vscode: () => true,
};

export function importsOf(text: string): string[] {
  return Array.from(text.matchAll(IMPORT), (m) => m[1]);
}

function layerOf(path: string): string | undefined {
  const m = /^src\/([^/]+)\//.exec(path);
  return m?.[1];
}

/** The folder path (ending in `/`) that relative import `spec` in file `from` names. */
export function resolveRelative(from: string, spec: string): string {
  const parts = from.split("/").slice(0, -1);
  for (const seg of spec.split("/")) {
    if (seg === "..") parts.pop();
    else if (seg !== ".") parts.push(seg);
  }
  return parts.join("/") + "/";
}

/** Every import that crosses a layer the wrong way, as `file: imports "x"` lines. */
export function findLayerViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const layer = layerOf(file.path);
    if (!layer) continue; // src/extension.ts wires everything together and may import anything.
    const allowedLayers = ALLOWED_LAYERS[layer];
    const allowedPackage = ALLOWED_PACKAGES[layer];
    if (!allowedLayers || !allowedPackage) {
      out.push(`${file.path}: unknown layer "${layer}"`);
      continue;
    }
    for (const spec of importsOf(file.text)) {
      if (spec.startsWith(".")) {
        const target = layerOf(resolveRelative(file.path, spec));
        if (target !== layer && !(target && allowedLayers.includes(target))) {
          out.push(`${file.path}: imports "${spec}" (layer ${target ?? "outside src"})`);
        }
      } else if (!allowedPackage(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0])) {
        out.push(`${file.path}: imports "${spec}"`);
      }
    }
  }
  return out;
}

/** The file a relative import names, among `known` paths (`.ts`, `.tsx` or an `index`). */
function importedFile(from: string, spec: string, known: ReadonlySet<string>): string | undefined {
  const base = resolveRelative(from, spec).slice(0, -1);
  return [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base].find((p) => known.has(p));
}

/** Every import cycle among the files (type-only imports count too), each once, as `a → b → a`. */
export function findImportCycles(files: readonly SourceFile[]): string[] {
  const known = new Set(files.map((f) => f.path));
  const edges = new Map(
    files.map((f) => [f.path, importsOf(f.text).filter((s) => s.startsWith(".")).flatMap((s) => importedFile(f.path, s, known) ?? [])] as const),
  );
  const cycles = new Set<string>();
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (path: string): void => {
    state.set(path, "open");
    stack.push(path);
    for (const next of edges.get(path) ?? []) {
      if (state.get(next) === "open") {
        const loop = stack.slice(stack.indexOf(next));
        // The same cycle found from another file reads the same: start it at its smallest path.
        const first = loop.indexOf([...loop].sort()[0]);
        const turned = [...loop.slice(first), ...loop.slice(0, first)];
        cycles.add([...turned, turned[0]].join(" → "));
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(path, "done");
  };
  for (const f of files) if (!state.has(f.path)) visit(f.path);
  return [...cycles];
}

/** Where aborts may be wired by hand: the one abort module, and the one VS Code token helper. */
const ABORT_WIRING: readonly [RegExp, string][] = [
  [/addEventListener\(\s*["']abort["']/, "src/common/util/abort.ts"],
  [/onCancellationRequested/, "src/vscode/util/tokenSignal.ts"],
];

/** Files that forward an abort or a cancellation token themselves instead of using the helpers. */
export function findAbortWiring(files: readonly SourceFile[]): string[] {
  return files.flatMap((f) => ABORT_WIRING.filter(([pattern, home]) => f.path !== home && pattern.test(f.text)).map(([, home]) => `${f.path}: wires aborts by hand (use ${home})`));
}
