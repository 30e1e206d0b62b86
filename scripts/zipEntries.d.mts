// Types of scripts/zipEntries.mjs, for the TypeScript tests that read packages with it.

export interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated. */
  method: number;
  compressed: number;
  size: number;
  /** Where the entry's local header starts. */
  offset: number;
}

export function readZipEntries(zip: Buffer): ZipEntry[];
export function readZipEntry(zip: Buffer, entry: ZipEntry, maxBytes?: number): Buffer;
export const BINARY_HEAD_BYTES: number;
export function binaryPlatform(head: Buffer): { os: "linux" | "darwin" | "win32"; arch: string[] } | undefined;
