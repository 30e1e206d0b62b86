// Judges one answer against its question's expectation.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { errorMessage } from "../src/common/util/errorMessage";
import type { Expectation } from "./questionSet";

export interface CheckOptions {
  /** How long a `command` checker may run before it is killed and the check fails. Defaults to 30 s. */
  timeoutMs?: number;
  /** Where a `command` checker runs; defaults to this process's folder. */
  cwd?: string;
  /** Kills a running `command` checker. */
  signal?: AbortSignal;
}

export interface CheckResult {
  passed: boolean;
  /** Why it failed, when there is more to say (the checker's exit status and last output). */
  detail?: string;
  /** The check itself could not be made (a checker that timed out, could not start, or was stopped). */
  error?: string;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

/**
 * `exact`: both sides trimmed, then compared as they are (case and inner whitespace count; use a
 * regex with flag `i` for more leeway). `regex`: matches anywhere in the answer. `command`: passes
 * when the shell command exits 0.
 */
export async function checkAnswer(answer: string, expect: Expectation, options: CheckOptions = {}): Promise<CheckResult> {
  if ("exact" in expect) return { passed: answer.trim() === expect.exact.trim() };
  if ("regex" in expect) return { passed: new RegExp(expect.regex, expect.flags).test(answer) };
  return runChecker(expect.command, answer, options);
}

/** Room kept for a checker's output, to quote its last line when it fails. */
const OUTPUT_CHARS = 4000;
/** After the shell exits, how long its output pipes may take to drain (a background child can hold them). */
const DRAIN_MS = 200;

/**
 * Longest answer also put in `$HEADSTART_ANSWER`, in UTF-8 bytes: one environment string may hold
 * 128 KiB on Linux, and a Windows environment 32K characters in all. A longer answer is on stdin only.
 */
export const ENV_ANSWER_MAX_BYTES = process.platform === "win32" ? 16_000 : 100_000;

/**
 * Runs the checker with the answer on stdin and in `$HEADSTART_ANSWER`. On POSIX it gets its own
 * process group, so a timeout kills what it started too, not only the shell.
 */
function runChecker(command: string, answer: string, options: CheckOptions): Promise<CheckResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve({ passed: false, error: "stopped before the checker ran" });
  return new Promise((resolve) => {
    const posix = process.platform !== "win32";
    const env = { ...process.env };
    if (Buffer.byteLength(answer, "utf8") <= ENV_ANSWER_MAX_BYTES) env["HEADSTART_ANSWER"] = answer;
    else delete env["HEADSTART_ANSWER"];
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(command, { shell: true, cwd: options.cwd, env, stdio: "pipe", detached: posix, windowsHide: true });
    } catch (e) {
      return resolve({ passed: false, error: `checker could not run: ${errorMessage(e)}` });
    }
    let output = "";
    const keep = (data: Buffer): void => void (output = (output + data.toString("utf8")).slice(-OUTPUT_CHARS));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    // A checker that does not read its stdin closes it early: that is not a failure.
    child.stdin.on("error", () => {});
    child.stdin.end(answer);

    let settled = false;
    const finish = (result: CheckResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve(result);
    };
    const kill = (): void => {
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      kill();
      finish({ passed: false, error: `checker timed out after ${formatSeconds(timeoutMs)}` });
    }, timeoutMs);
    const onAbort = (): void => {
      kill();
      finish({ passed: false, error: "checker stopped" });
    };
    signal?.addEventListener("abort", onAbort, { once: true });

    child.once("error", (e) => finish({ passed: false, error: `checker could not run: ${e.message}` }));
    child.once("exit", (code, killedBy) => {
      const report = (): void => {
        if (code === 0) return finish({ passed: true });
        const last = lastLine(output);
        const status = code !== null ? `exit status ${code}` : `killed by ${killedBy ?? "a signal"}`;
        finish({ passed: false, detail: last ? `checker: ${status}: ${last}` : `checker: ${status}` });
      };
      // Let the output arrive before quoting it, without waiting on a background child that holds the pipes.
      const drained = setTimeout(report, DRAIN_MS);
      child.once("close", () => {
        clearTimeout(drained);
        report();
      });
    });
  });
}

function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  const last = lines.at(-1) ?? "";
  return last.length > 200 ? `${last.slice(0, 200)}…` : last;
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
