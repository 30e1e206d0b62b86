// The marketplace page's troubleshooting table quotes the product's own messages: each quote must
// still be what the code says, or a user searching for the message they see finds nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");
const source = (readdirSync(join(root, "src"), { recursive: true, withFileTypes: true }))
  .filter((e) => e.isFile() && e.name.endsWith(".ts"))
  .map((e) => readFileSync(join(e.parentPath, e.name), "utf8"))
  .join("\n");

/** The literal pieces of a quoted message: what lies between the parts the code fills in (“…”, …, N). */
function pieces(quote: string): string[] {
  return quote
    .split(/“…”|…|\bN\b/)
    .map((p) => p.trim().replace(/^[“”.,:;()\s]+|[“”.,:;()\s]+$/g, ""))
    .filter((p) => p.length >= 4);
}

test("every message the troubleshooting table quotes is one the code gives", () => {
  const readme = readFileSync(join(root, "docs/README.marketplace.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Troubleshooting"), readme.indexOf("## Privacy"));
  const quotes = [...section.matchAll(/^\| “(.+?)” (?:\/ “(.+?)” )?\|/gm)].flatMap((m) => [m[1], m[2]].filter((q): q is string => q !== undefined));
  assert.ok(quotes.length >= 8, `${quotes.length} quoted messages`);
  for (const quote of quotes) {
    for (const piece of pieces(quote)) assert.ok(source.includes(piece), `“${piece}” (from “${quote}”) is not in src/`);
  }
});
