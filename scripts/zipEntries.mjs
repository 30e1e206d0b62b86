// Reads a .vsix (a zip file) without unpacking it: its entries, the start of an entry's contents,
// and which platform a native binary in it was built for. Shared by scripts/package.mjs, which
// checks every package it makes, and test/packaging.test.ts, which checks them again on its own.
// Type-checked (checkJs): the TypeScript tests import its types from here, ZipEntry included.
import { constants, inflateRawSync } from "node:zlib";

/**
 * @typedef {object} ZipEntry
 * @property {string} name
 * @property {number} method 0: stored, 8: deflated.
 * @property {number} compressed
 * @property {number} size
 * @property {number} offset Where the entry's local header starts.
 */

/**
 * The zip's entries from its central directory: name, sizes, compression method and where the
 * entry's local header is. No ZIP64 (a .vsix stays far below its limits).
 * @param {Buffer} zip
 * @returns {ZipEntry[]}
 */
export function readZipEntries(zip) {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error("not a zip file (no end of central directory)");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error("ZIP64 archives are not supported");
  /** @type {ZipEntry[]} */
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`corrupt central directory at entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressed: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * An entry's contents, or only their first `maxBytes` (inflating just enough of the data).
 * @param {Buffer} zip
 * @param {ZipEntry} entry
 * @param {number} [maxBytes]
 * @returns {Buffer}
 */
export function readZipEntry(zip, entry, maxBytes) {
  const at = entry.offset;
  if (zip.readUInt32LE(at) !== 0x04034b50) throw new Error(`corrupt local header for ${entry.name}`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const whole = maxBytes === undefined || maxBytes >= entry.size;
  if (entry.method === 0) return zip.subarray(start, start + (whole ? entry.size : maxBytes));
  if (entry.method !== 8) throw new Error(`${entry.name}: unsupported compression method ${entry.method}`);
  if (whole) return inflateRawSync(zip.subarray(start, start + entry.compressed));
  // Deflate never grows data by more than a few bytes per block: this much input covers the head.
  const input = zip.subarray(start, start + Math.min(entry.compressed, maxBytes * 2 + 65536));
  return inflateRawSync(input, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, maxBytes);
}

/** How many leading bytes `binaryPlatform` needs. */
export const BINARY_HEAD_BYTES = 4096;

// Partial: a code missing from a table falls back to a name with the number in it.
/** @type {Partial<Record<number, string>>} */
const ELF_MACHINES = { 3: "ia32", 40: "arm", 62: "x64", 183: "arm64", 243: "riscv64" };
/** @type {Partial<Record<number, string>>} */
const MACHO_CPUS = { 7: "ia32", 12: "arm", 0x01000007: "x64", 0x0100000c: "arm64" };
/** @type {Partial<Record<number, string>>} */
const PE_MACHINES = { 0x14c: "ia32", 0x1c4: "arm", 0x8664: "x64", 0xaa64: "arm64" };

/**
 * The platform a native binary (ELF, Mach-O or PE: executables, shared libraries, Node addons)
 * was built for, from its first bytes; undefined when the bytes are not such a binary.
 * A universal Mach-O file lists every architecture it holds.
 * @param {Buffer} head at least the first BINARY_HEAD_BYTES of the file (or all of a shorter one)
 * @returns {{ os: "linux" | "darwin" | "win32", arch: string[] } | undefined}
 */
export function binaryPlatform(head) {
  if (head.length >= 20 && head.readUInt32BE(0) === 0x7f454c46) {
    const machine = head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18);
    return { os: "linux", arch: [ELF_MACHINES[machine] ?? `elf-machine-${machine}`] };
  }
  if (head.length >= 8) {
    const magic = head.readUInt32LE(0);
    if (magic === 0xfeedfacf || magic === 0xfeedface) {
      const cpu = head.readInt32LE(4);
      return { os: "darwin", arch: [MACHO_CPUS[cpu] ?? `macho-cpu-${cpu}`] };
    }
    if (head.readUInt32BE(0) === 0xcafebabe) {
      const count = head.readUInt32BE(4);
      // Java class files share the magic; a universal binary holds a handful of architectures.
      if (count > 0 && count < 20 && head.length >= 8 + count * 20) {
        const arch = [];
        for (let i = 0; i < count; i++) {
          const cpu = head.readInt32BE(8 + i * 20);
          arch.push(MACHO_CPUS[cpu] ?? `macho-cpu-${cpu}`);
        }
        return { os: "darwin", arch };
      }
    }
  }
  if (head.length >= 64 && head.readUInt16BE(0) === 0x4d5a) {
    const pe = head.readUInt32LE(0x3c);
    if (pe + 6 <= head.length && head.readUInt32BE(pe) === 0x50450000) {
      const machine = head.readUInt16LE(pe + 4);
      return { os: "win32", arch: [PE_MACHINES[machine] ?? `pe-machine-${machine.toString(16)}`] };
    }
  }
  return undefined;
}
