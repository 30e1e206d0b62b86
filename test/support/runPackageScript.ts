import { spawn } from "node:child_process";
import { join } from "node:path";

const REPO_ROOT = join(__dirname, "..", "..");

export interface PackageRun {
  status: number | null;
  /** Its stdout and stderr, interleaved as they came. */
  output: string;
}

/** Runs scripts/package.mjs (a fresh production build and .vsix files) with `args`. */
export function runPackageScript(args: string[]): Promise<PackageRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, "scripts", "package.mjs"), ...args], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, output }));
  });
}
