// Canned answers for the demo's TEST teacher, chosen by the question. Each opens with a few
// sentences of prose, longer than the teacher's opening (32 tokens), so the local model continues
// from plain text rather than from inside a code block; code comes after. They are a stand-in for
// a real model, and the demo and the panel say so.

/** The first question the demo suggests: the sample file's, which the first canned answer is written for. */
export const FIRST_QUESTION = "What does fizzbuzz do?";

/** The sample TypeScript file with one type error, and the line it is on (1-based): what "Fix with Headstart" fixes. */
export const FIX_SAMPLE = { fileName: "cart.ts", line: 13 } as const;

/** The fixed function, as the canned /fix answer gives it: what Apply puts into the sample file. */
export const FIXED_TOTAL_CENTS =
  "export function totalCents(items: readonly Item[]): number {\n  let sum = 0;\n  for (const item of items) {\n    sum += item.priceCents * item.quantity;\n  }\n  return sum;\n}\n";

/** The tests the canned /tests answer writes for the sample, as a new file beside it: what Apply creates. */
export const CART_TESTS =
  'import { describe, expect, it } from "vitest";\nimport { totalCents } from "./cart";\n\n' +
  'describe("totalCents", () => {\n' +
  '  it("is 0 for an empty cart", () => {\n    expect(totalCents([])).toBe(0);\n  });\n\n' +
  '  it("adds each price times its quantity", () => {\n    expect(totalCents([{ name: "tea", priceCents: 250, quantity: 2 }, { name: "cup", priceCents: 1, quantity: 3 }])).toBe(503);\n  });\n' +
  "});\n";

export const DEMO_ANSWERS: readonly { when: RegExp; answer: string }[] = [
  {
    // A /fix (the light bulb's "Fix with Headstart", @headstart /fix, npm run ask -- /fix) about the sample file.
    when: /Fix the (?:error|problems)[^\n]*cart\.ts/,
    answer:
      "`Item` has no `price` field: its price is `priceCents`, in whole cents, so the loop reads a property that does not exist and TypeScript stops there. " +
      "Read `priceCents` instead. The sum then stays in cents, which is what `formatTotal` expects when it divides by 100:\n\n" +
      "```typescript\n" +
      FIXED_TOTAL_CENTS +
      "```\n",
  },
  {
    // A /tests of the sample's sum (the workspace has vitest in its package.json).
    when: /Write tests for `totalCents`[^\n]*cart\.ts/,
    answer:
      "Two cases pin `totalCents` down: an empty cart comes to zero, and each item counts its price times its quantity, in whole cents. " +
      "They go in a new file beside the cart, in vitest's style:\n\n```typescript\n" +
      CART_TESTS +
      "```\n",
  },
  {
    // An /explain of the sample's receipt function.
    when: /Explain `formatTotal`/,
    answer:
      "`formatTotal` turns what the cart comes to into the text a receipt shows. It asks `totalCents` for the sum in whole cents, divides by 100 to get units, " +
      "and `toFixed(2)` writes exactly two decimals, so 1250 cents reads `12.50` and 5 cents reads `0.05`. Keeping cents as whole numbers until this last step is what keeps the sum exact: " +
      "adding 0.1 and 0.2 as floating-point units would not give 0.3.",
  },
  {
    when: /fizz\s*buzz/i,
    answer:
      "The function counts from 1 to n and prints one line for each number. It checks for 15 first, because a number divisible by both 3 and 5 would otherwise stop at the Fizz branch and never print FizzBuzz. " +
      "After that, multiples of 3 print Fizz, multiples of 5 print Buzz, and every other number prints itself.\n\n" +
      "The call at the bottom of the file, `fizzbuzz(20)`, prints twenty lines, from 1 to Buzz. To get the lines back instead of printing them:\n\n" +
      "```python\ndef fizzbuzz_lines(n):\n    return [\"FizzBuzz\" if i % 15 == 0 else \"Fizz\" if i % 3 == 0 else \"Buzz\" if i % 5 == 0 else str(i) for i in range(1, n + 1)]\n```\n",
  },
  {
    when: /\b(python|function|code|write|implement|script|typescript|javascript)\b/i,
    answer:
      "A good way to start is with the smallest version that works and a test beside it, then to grow it one case at a time. " +
      "Here is one for a task many scripts need, splitting a list into chunks of a fixed size:\n\n" +
      "```python\ndef chunks(items, size):\n    \"\"\"Yield successive lists of `size` items.\"\"\"\n    for start in range(0, len(items), size):\n        yield items[start:start + size]\n```\n\nCall it as `list(chunks(data, 100))`; the last chunk may be shorter.",
  },
  {
    when: /\b(why|explain|what is|how does|difference)\b/i,
    answer:
      "In short: the event loop runs one task at a time. When a task waits on input or a timer, it hands control back, and the loop picks the next task that is ready. Nothing runs in parallel on that thread, which is why a long computation blocks everything else.",
  },
];
