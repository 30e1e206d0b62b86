import { test } from "node:test";
import assert from "node:assert/strict";
import { guessSymbols } from "../../../src/common/teacherView/guessSymbols";
import { symbolParts } from "../../../src/common/teacherView/symbolBlocks";

const TS = [
  "/** Why an upload was refused. */", // 0
  "export function refusal(upload: Upload): string {", // 1
  "  const size = upload.bytes.length;", // 2
  "  const limit = settings.maxBytes;", // 3
  "", // 4
  "  switch (upload.kind) {", // 5
  "    case 'image':", // 6
  "      if (size > limit) {", // 7
  "        return 'too large';", // 8
  "      }", // 9
  "      break;", // 10
  "    case 'video':", // 11
  "      if (!upload.codec) {", // 12
  "        return 'no codec';", // 13
  "      }", // 14
  "      if (upload.seconds > 600) {", // 15
  "        return 'too long';", // 16
  "      }", // 17
  "      break;", // 18
  "    default:", // 19
  "      return 'unknown kind';", // 20
  "  }", // 21
  "  return '';", // 22
  "}", // 23
].join("\n");

test("a symbol cut into blocks: its signature, its closing line, and the blocks inside it, each framed by the lines that open and close it", () => {
  const lines = TS.split("\n");
  const symbol = guessSymbols(TS, "typescript").find((s) => s.name === "refusal")!;
  const parts = symbolParts(lines, symbol);
  assert.deepEqual(parts.head, [1]);
  assert.deepEqual(parts.tail, [23]);
  const video = parts.blocks.find((b) => lines[b.start].includes("upload.codec"));
  assert.ok(video, parts.blocks.map((b) => `${b.start}-${b.end}`).join(" "));
  assert.ok(video.frame.includes(5) && video.frame.includes(11) && video.frame.includes(21), `the video arm reads in place: ${video.frame.join(",")}`);
  assert.ok(!video.frame.includes(6), "not framed by another arm");
  assert.ok(parts.blocks.some((b) => b.start === 0 && b.end === 0), "the doc comment is a block of its own, sent when the question is about it");
  // Every line of the body is in some block or frame: nothing is lost between them.
  const covered = new Set([...parts.head, ...parts.tail, ...parts.blocks.flatMap((b) => [...b.frame, ...Array.from({ length: b.end - b.start + 1 }, (_, i) => b.start + i)])]);
  for (let i = 0; i <= 23; i++) if (lines[i].trim() !== "") assert.ok(covered.has(i), `line ${i} belongs somewhere`);
});
