import { errorMessage } from "../../common/util/errorMessage";

/** Runs a terminal tool's `main` and exits with its code; an unexpected failure prints its message and exits 1. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(errorMessage(e));
      process.exit(1);
    },
  );
}

/** Prints why the arguments cannot be used; the exit code for a usage error. */
export function fail(message: string): number {
  console.error(message);
  return 2;
}
