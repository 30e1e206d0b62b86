import { readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * The spend ledger as one JSON file in the extension's global storage. VS Code's globalState
 * lives in the browser under code-server and VS Code for the web, so spend kept there would
 * differ from one browser to the next; a file beside the conversations does not.
 */
export class JsonLedgerFile {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** What was saved, or undefined when there is nothing (yet) or it cannot be read. */
  load(): unknown {
    try {
      return JSON.parse(readFileSync(this.file, "utf8"));
    } catch {
      return undefined;
    }
  }

  /** Saves in order, each write to a temporary file renamed into place. */
  save(data: unknown): Promise<void> {
    const json = JSON.stringify(data);
    this.writing = this.writing
      .catch(() => {})
      .then(async () => {
        await mkdir(dirname(this.file), { recursive: true });
        const temp = `${this.file}.${process.pid}.tmp`;
        await writeFile(temp, json, "utf8");
        await rename(temp, this.file);
      });
    return this.writing;
  }
}
