import { test } from "node:test";
import assert from "node:assert/strict";
import { fileText } from "../../../src/common/util/fileText";

const bytes = (...parts: (string | number[])[]): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

test("UTF-8 is read as it is; a byte order mark decides UTF-8 or UTF-16 and is not part of the text", () => {
  assert.deepEqual(fileText(bytes("naïve café 😀\n")), { text: "naïve café 😀\n", encoding: "utf-8" });
  assert.deepEqual(fileText(bytes([0xef, 0xbb, 0xbf], "x = 1\n")), { text: "x = 1\n", encoding: "utf-8" });
  assert.deepEqual(fileText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("été\n", "utf16le")])), { text: "été\n", encoding: "utf-16le" });
  const be = Buffer.from("été\n", "utf16le").swap16();
  assert.deepEqual(fileText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { text: "été\n", encoding: "utf-16be" });
});

test("bytes that are not UTF-8 are refused with the line that holds the first one, never read as replacement characters", () => {
  assert.deepEqual(fileText(Buffer.from("# ok\nprix = 3  # café\n", "latin1")), { reason: "not-utf8", line: 2, byte: 0xe9 });
  // Each ill-formed sequence RFC 3629 names: a lone continuation, an overlong form, a surrogate,
  // a code point past U+10FFFF, a sequence cut short at the end.
  for (const bad of [[0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82]]) {
    assert.deepEqual(fileText(bytes("a\nb\n", bad)), { reason: "not-utf8", line: 3, byte: bad[0] }, bad.map((b) => b.toString(16)).join(" "));
  }
});

test("NUL bytes make a file binary, in any encoding", () => {
  assert.deepEqual(fileText(bytes("PNG", [0, 0, 0, 13], "IHDR")), { reason: "binary" });
  assert.deepEqual(fileText(bytes("PNG", [0, 0, 0, 13]), "latin1"), { reason: "binary" });
  assert.deepEqual(fileText(Buffer.from([0xff, 0xfe, 0, 0, 0x41, 0])), { reason: "binary" });
});

test("a named encoding reads the bytes in it; a name that is none is said", () => {
  assert.deepEqual(fileText(Buffer.from("prix = 3  # café\n", "latin1"), "latin1"), { text: "prix = 3  # café\n", encoding: "windows-1252" });
  assert.deepEqual(fileText(Buffer.from([0x82, 0xa0]), "shift_jis"), { text: "あ", encoding: "shift_jis" });
  assert.deepEqual(fileText(bytes("x"), "klingon"), { reason: "unknown-encoding", encoding: "klingon" });
});
