/** Where a source file's tests go, and an existing test file whose style to follow. */
export interface TestFilePlace {
  /** The test file, relative to the workspace like the source. */
  fileName: string;
  /** Whether it is one of the workspace's files already (tests are added to it). */
  exists: boolean;
  /** Another test file of the same language, nearest the source, to write like; absent when `fileName` exists or none does. */
  example?: string;
}

/** Paths that are test files by the usual conventions: for a face to filter the workspace's files with. */
export function isTestFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return /\.(?:test|spec)\.[cm]?[jt]sx?$/.test(name) || /^test_.*\.py$|_test\.py$/.test(name) || /_test\.go$/.test(name) || /^(?:tests?|__tests__)\//.test(path) || /\/(?:tests?|__tests__)\//.test(path);
}

/**
 * The test file for `source`: the existing one named after it (`cart.test.ts`, `test_cart.py`,
 * `cart_test.go`) wherever it is; else where the workspace keeps its tests: a `test/` or `tests/`
 * tree that mirrors the sources (`src/common/cart.ts` → `test/common/cart.test.ts`) when the
 * existing tests live there, else beside the source; Python in `tests/test_cart.py`, Go beside it
 * as `cart_test.go`, Rust in the file itself (its `mod tests`, as Rust's unit tests are kept).
 * `testFiles` are the workspace's test files (see `isTestFile`).
 */
export function testFilePath(source: string, language: string, testFiles: readonly string[]): TestFilePlace {
  const slash = source.lastIndexOf("/");
  const dir = slash < 0 ? "" : source.slice(0, slash + 1);
  const file = source.slice(slash + 1);
  const dot = file.lastIndexOf(".");
  const base = dot > 0 ? file.slice(0, dot) : file;
  const ext = dot > 0 ? file.slice(dot) : "";
  const sameLanguage = testFiles.filter((t) => extensionOf(t) === ext);
  const place = (fileName: string): TestFilePlace => {
    if (testFiles.includes(fileName)) return { fileName, exists: true };
    const example = nearest(sameLanguage, source);
    return { fileName, exists: false, ...(example ? { example } : {}) };
  };
  if (language === "rust") return { fileName: source, exists: true };
  const names = language === "python" ? [`test_${base}.py`, `${base}_test.py`] : language === "go" ? [`${base}_test.go`] : [`${base}.test${ext}`, `${base}.spec${ext}`];
  const existing = nearest(sameLanguage.filter((t) => names.includes(t.slice(t.lastIndexOf("/") + 1))), source);
  if (existing) return { fileName: existing, exists: true };
  if (language === "go") return place(`${dir}${names[0]}`);
  const root = ["test/", "tests/", "__tests__/"].find((r) => sameLanguage.some((t) => t.startsWith(r)));
  if (language === "python") return place(`${root ?? "tests/"}${names[0]}`);
  const spec = sameLanguage.filter((t) => /\.spec\./.test(t)).length > sameLanguage.filter((t) => /\.test\./.test(t)).length;
  const name = spec ? names[1] : names[0];
  return place(root ? `${root}${dir.replace(/^src\//, "")}${name}` : `${dir}${name}`);
}

const extensionOf = (path: string): string => {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name.lastIndexOf(".") > 0 ? name.slice(name.lastIndexOf(".")) : "";
};

/** The path sharing the most leading folders with `source` (the first of equals). */
function nearest(paths: readonly string[], source: string): string | undefined {
  const shared = (p: string): number => {
    const a = p.split("/");
    const b = source.split("/");
    let n = 0;
    while (n < a.length - 1 && n < b.length - 1 && a[n] === b[n]) n++;
    return n;
  };
  return [...paths].sort((x, y) => shared(y) - shared(x))[0];
}
