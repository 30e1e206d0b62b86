// Every relative link in README.md and docs/*.md points at a file that exists, and at a heading
// that exists where it names one (`file.md#heading`), as GitHub makes a heading's anchor. The
// README was cut into docs/ by topic: a link left pointing at where a text used to be fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

const root = join(__dirname, "..");
/** The marketplace page: vsce packs it as the extension's readme at the package's root, links as written. */
const MARKETPLACE = join("docs", "README.marketplace.md");
/** What the package ships beside its readme (.vscodeignore), so what the marketplace page may link to. */
const SHIPPED = /^(media\/|CHANGELOG\.md$|LICENSE$)/;

/** Markdown without its code blocks: a `# comment` in one is no heading. */
function withoutCodeBlocks(markdown: string): string {
  return markdown.replace(/^ *```[\s\S]*?^ *```/gm, "");
}

/** Markdown without any code: a link shown as code (`[text](command:…)`) is not a link. */
function withoutCode(markdown: string): string {
  return withoutCodeBlocks(markdown).replace(/`[^`\n]*`/g, "");
}

/** The targets of a page's links and images. */
function linkTargets(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped (a code span keeps its text), spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor of a page's headings; a repeated heading gets -1, -2 as GitHub numbers them. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutCodeBlocks(markdown).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = anchorOf(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** What is wrong with the links of `page` (a path relative to the root): one line each. */
function brokenLinks(page: string, markdown: string, read: (path: string) => string | undefined): string[] {
  const broken: string[] = [];
  const base = page === MARKETPLACE ? "" : dirname(page);
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not a file here
    const [path, fragment] = target.split("#", 2);
    const file = path === "" ? page : normalize(join(base, decodeURIComponent(path))).replace(/\\/g, "/");
    if (page === MARKETPLACE && path !== "" && !SHIPPED.test(file)) broken.push(`${page}: ${target} is not in the package`);
    const text = path === "" ? markdown : read(file);
    if (text === undefined) {
      broken.push(`${page}: ${target} (no file ${file})`);
      continue;
    }
    if (fragment !== undefined && file.endsWith(".md") && !anchorsOf(text).has(fragment)) broken.push(`${page}: ${target} (no heading #${fragment} in ${file})`);
  }
  return broken;
}

function readAt(path: string): string | undefined {
  const full = join(root, path);
  if (!existsSync(full)) return undefined;
  return path.endsWith(".md") ? readFileSync(full, "utf8") : "";
}

test("every relative link in README.md and docs/*.md points at an existing file and heading", () => {
  const pages = ["README.md", ...readdirSync(join(root, "docs")).filter((n) => n.endsWith(".md")).map((n) => join("docs", n))];
  let links = 0;
  const broken: string[] = [];
  for (const page of pages) {
    const markdown = readFileSync(join(root, page), "utf8");
    links += linkTargets(markdown).length;
    broken.push(...brokenLinks(page, markdown, readAt));
  }
  assert.ok(links >= 30, `${links} links found`);
  assert.deepEqual(broken, []);
});

test("the README's table of docs lists every doc", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const listed = new Set(linkTargets(readme.slice(readme.indexOf("## Docs"))));
  const docs = readdirSync(join(root, "docs")).filter((n) => n.endsWith(".md"));
  assert.deepEqual(docs.filter((n) => !listed.has(`docs/${n}`)), []);
});

test("the check catches a missing file, a missing heading and a marketplace link that does not ship", () => {
  const pages: Record<string, string> = { "docs/a.md": "# A page\n\n## Input lookup (`x.y`, off)\n", "media/p.svg": "" };
  const read = (p: string): string | undefined => pages[p];
  assert.deepEqual(brokenLinks("docs/b.md", "[ok](a.md#input-lookup-xy-off) [self](#nothing) `[code](gone.md)`", read), ["docs/b.md: #nothing (no heading #nothing in docs/b.md)"]);
  assert.deepEqual(brokenLinks("README.md", "[gone](docs/gone.md) [heading](docs/a.md#a-pagex) ![p](media/p.svg)", read), [
    "README.md: docs/gone.md (no file docs/gone.md)",
    "README.md: docs/a.md#a-pagex (no heading #a-pagex in docs/a.md)",
  ]);
  assert.deepEqual(brokenLinks(MARKETPLACE, "![p](media/p.svg) [a](docs/a.md)", read), [`${MARKETPLACE}: docs/a.md is not in the package`]);
  assert.equal(anchorOf("What the teacher sees, prompt caching, and auto mode"), "what-the-teacher-sees-prompt-caching-and-auto-mode");
  assert.equal(anchorOf("Checking quality: `npm run eval`"), "checking-quality-npm-run-eval");
});
