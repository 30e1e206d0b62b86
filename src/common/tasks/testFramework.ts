/** The test runners a workspace is seen to use, by name as its users say it. */
export type TestFramework = "vitest" | "jest" | "mocha" | "node:test" | "pytest" | "unittest" | "go test" | "cargo test";

/** A manifest file's name (as found beside or above the source) and its text. */
export interface Manifest {
  fileName: string;
  text: string;
}

/** The manifests `detectTestFramework` reads: each face finds these in the workspace and passes their text. */
export const MANIFEST_NAMES = ["package.json", "pyproject.toml", "setup.cfg", "tox.ini", "pytest.ini", "requirements.txt", "requirements-dev.txt", "go.mod", "Cargo.toml"] as const;

const JS_LANGUAGES = new Set(["typescript", "javascript", "typescriptreact", "javascriptreact"]);
const JS_RUNNERS: readonly ("vitest" | "jest" | "mocha")[] = ["vitest", "jest", "mocha"];

/**
 * The test framework for a source file's language, from the workspace's manifests (package.json's
 * dependencies and test script, Python's config and requirements, go.mod, Cargo.toml), else from
 * what an existing test file imports, else the one the language ships with (node:test,
 * unittest), so tests never need a dependency the workspace lacks. `found` says whether the
 * workspace showed it. Undefined for a language none of these is for.
 */
export function detectTestFramework(language: string, manifests: readonly Manifest[], exampleTest?: string): { framework: TestFramework; found: boolean } | undefined {
  const named = (name: string): string | undefined => manifests.find((m) => baseName(m.fileName) === name)?.text;
  if (JS_LANGUAGES.has(language)) {
    const pkg = parsePackage(named("package.json"));
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    const script = pkg.scripts?.test ?? "";
    const fromPackage = JS_RUNNERS.find((r) => r in deps || new RegExp(`\\b${r}\\b`).test(script)) ?? (/\bnode\b.*--test\b/.test(script) ? "node:test" : undefined);
    const fromExample = exampleTest === undefined ? undefined : /from\s+["']vitest["']/.test(exampleTest) ? "vitest" : /from\s+["']node:test["']|require\(["']node:test["']\)/.test(exampleTest) ? "node:test" : /@jest\/globals|\bjest\.fn\(/.test(exampleTest) ? "jest" : undefined;
    const found = fromPackage ?? fromExample;
    return { framework: found ?? "node:test", found: found !== undefined };
  }
  if (language === "python") {
    const python = ["pyproject.toml", "setup.cfg", "tox.ini", "pytest.ini", "requirements.txt", "requirements-dev.txt"].map(named).join("\n");
    const found = /\bpytest\b/.test(python) || (exampleTest !== undefined && /^\s*import pytest|^\s*from pytest\b/m.test(exampleTest));
    return found ? { framework: "pytest", found } : { framework: "unittest", found: exampleTest !== undefined && /\bunittest\b/.test(exampleTest) };
  }
  if (language === "go") return { framework: "go test", found: named("go.mod") !== undefined };
  if (language === "rust") return { framework: "cargo test", found: named("Cargo.toml") !== undefined };
  return undefined;
}

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

/** The parts of a package.json that name a runner; {} for one that is missing or does not parse. */
function parsePackage(text: string | undefined): PackageJson {
  if (text === undefined) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value) : {};
  } catch {
    return {};
  }
}

const baseName = (path: string): string => path.slice(path.lastIndexOf("/") + 1);
