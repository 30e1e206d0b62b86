import { readFileSync } from "node:fs";
import { writeFileAtomically } from "./writeFileAtomically";

/**
 * State kept as one JSON file in the extension's global storage (what providers
 * taught). VS Code's globalState lives in the browser under code-server and VS Code for the web,
 * so state kept there would differ from one browser to the next; a file beside the conversations
 * does not.
 */
export class JsonStateFile {
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

  /** Saves in the order asked, so the last save is what the file holds. */
  save(data: unknown): Promise<void> {
    const json = JSON.stringify(data);
    this.writing = this.writing.catch(() => {}).then(() => writeFileAtomically(this.file, json));
    return this.writing;
  }
}
