import { runPackageScript } from "../../support/runPackageScript";

/** Packages the default target (linux-x64) into `out`; resolves with the script's output. */
export async function packageExtension(out: string): Promise<string> {
  const { status, output } = await runPackageScript(["--out", out]);
  if (status !== 0) throw new Error(`scripts/package.mjs exited ${status}:\n${output.slice(-3000)}`);
  return output;
}
