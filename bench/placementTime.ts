// Row 10: how long Apply takes to decide where a block goes in a 2,000-line file, with the symbols
// given (the editor's symbol provider) and guessed from the text (the terminal), and the
// terminal's patch on top. Medians of many runs, after a few to warm up.
import { placeBlock } from "../src/common/edits/placeBlock";
import { unifiedPatch } from "../src/common/edits/unifiedPatch";
import { guessSymbols } from "../src/common/teacherView/guessSymbols";

export interface PlacementTimeResult {
  lines: number;
  runs: number;
  /** Median milliseconds: placement with the file's symbols given, as the editor supplies them. */
  symbolsGivenMs: number;
  /** Placement guessing the symbols from the text, as the terminal does. */
  symbolsGuessedMs: number;
  /** The terminal's whole path: guessing, placement and the unified patch. */
  withPatchMs: number;
}

/** The target: placement is done before a user could notice it. */
export const PLACEMENT_TARGET_MS = 50;

/** A TypeScript file of `count` functions and a class of `count / 2` methods, about 20 lines each. */
function longFile(count: number): string {
  const body = (name: string, indent: string): string[] => [
    `${indent}/** ${name}: a step of the pipeline. */`,
    `${indent}${indent === "" ? "export function " : ""}${name}(items: readonly number[], limit: number): number {`,
    ...Array.from({ length: 5 }, (_, i) => [`${indent}  if (items.length > ${i} && items[${i}] > limit) {`, `${indent}    return items[${i}] - limit;`, `${indent}  }`]).flat(),
    `${indent}  return items.reduce((a, b) => a + b, 0) % (limit + 1);`,
    `${indent}}`,
    "",
  ];
  const lines = ['import { readFile } from "node:fs";', ""];
  for (let i = 0; i < count; i++) lines.push(...body(`step${i}`, ""));
  lines.push("export class Pipeline {");
  for (let i = 0; i < count / 2; i++) lines.push(...body(`stage${i}`, "  "));
  lines.push("}", "");
  return lines.join("\n");
}

export function measurePlacementTime(runs: number): PlacementTimeResult {
  const text = longFile(67);
  const lines = text.split("\n").length - 1;
  const symbols = guessSymbols(text, "typescript");
  // A fixed method in the class's second half, written at the margin as answers write one.
  const code = "stage20(items: readonly number[], limit: number): number {\n  return Math.min(limit, items.length);\n}\n";
  const time = (work: () => void): number => {
    const times: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const started = performance.now();
      work();
      if (i >= 3) times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  };
  const place = (given: boolean) => placeBlock({ code, language: "typescript", target: { text, language: "typescript", ...(given ? { symbols } : {}) } });
  if (place(false).placed.kind !== "symbols") throw new Error("the bench's block did not find its method");
  return {
    lines,
    runs,
    symbolsGivenMs: time(() => place(true)),
    symbolsGuessedMs: time(() => place(false)),
    withPatchMs: time(() => unifiedPatch("pipeline.ts", text, place(false).text)),
  };
}
