/** Why a file's bytes are not sent as text. */
export type FileTextProblem =
  /** NUL bytes, which text in an 8-bit encoding never holds: an image, an archive, a build output. */
  | { reason: "binary" }
  /** Not well-formed UTF-8, and no encoding was named: `line` (1-based) holds `byte`, the first that is not. */
  | { reason: "not-utf8"; line: number; byte: number }
  /** The encoding named is not one the runtime can decode. */
  | { reason: "unknown-encoding"; encoding: string };

/**
 * A file's bytes as the text a model is sent, or why they are not text. Without an `encoding`, a
 * byte order mark decides (UTF-8, UTF-16 LE or BE); else the bytes must be well-formed UTF-8, so
 * a Latin-1 file is never sent with its accents turned into replacement characters. With one
 * (a WHATWG label: `latin1`, `windows-1252`, `shift_jis`, `gbk`…), the bytes are read in it.
 */
export function fileText(bytes: Uint8Array, encoding?: string): { text: string; encoding: string } | FileTextProblem {
  if (encoding !== undefined) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(encoding);
    } catch {
      return { reason: "unknown-encoding", encoding };
    }
    const text = decoder.decode(bytes);
    return text.includes("\u0000") ? { reason: "binary" } : { text, encoding: decoder.encoding };
  }
  const bom = byteOrderMark(bytes);
  if (bom) {
    const text = new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length));
    return text.includes("\u0000") ? { reason: "binary" } : { text, encoding: bom.encoding };
  }
  if (bytes.includes(0)) return { reason: "binary" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    const at = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    return { reason: "not-utf8", line, byte: bytes[at] };
  }
}

function byteOrderMark(b: Uint8Array): { encoding: string; length: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return undefined;
}

/** Where the first byte that does not belong to a well-formed UTF-8 sequence is (RFC 3629), or the length when there is none. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    // 0x80-0xC1 never start a character (continuations, overlong two-byte forms), nor 0xF5 and up.
    if (c < 0xc2 || c > 0xf4) return i;
    const continuations = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
    // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
    const low = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const high = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (!(b[i + 1] >= low && b[i + 1] <= high)) return i;
    for (let k = 2; k <= continuations; k++) if (!((b[i + k] & 0xc0) === 0x80)) return i;
    i += continuations + 1;
  }
  return b.length;
}
