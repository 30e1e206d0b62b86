/**
 * Runs the TEST teacher server (a test double with canned answers, not a real model) until
 * Ctrl+C, for manual demos: point Headstart's teacher base URL at the printed address.
 * Usage: npm run test-teacher -- [--port N] [--answer TEXT] [--drip-ms N] [--status CODE] [--demo-answers]
 * `--demo-answers`: the demo's canned answers, chosen by the question (a fix for its sample file's
 * type error among them), before the default story.
 */
import { parseArgs } from "node:util";
import { DEMO_ANSWERS } from "../../scripts/demoAnswers";
import { startTestTeacherServer } from "./testTeacherServer";

function main(): void {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "0" },
      answer: { type: "string" },
      "drip-ms": { type: "string" },
      status: { type: "string" },
      "demo-answers": { type: "boolean", default: false },
    },
  });
  const port = toInt("--port", values.port);
  const dripMs = toInt("--drip-ms", values["drip-ms"]);
  const status = toInt("--status", values.status);

  startTestTeacherServer({
    ...(port !== undefined ? { port } : {}),
    ...(values.answer !== undefined ? { answer: values.answer } : {}),
    ...(dripMs !== undefined ? { dripMs } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(values["demo-answers"] ? { answers: DEMO_ANSWERS } : {}),
  }).then(
    (server) => {
      console.log(
        `Test teacher (test double speaking the OpenAI wire format) at ${server.url}: model name test-teacher (named as the test teacher, $0; any other name is priced as that model); key: any`,
      );
      const stop = () => {
        server.close().then(() => process.exit(0), () => process.exit(1));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (error: unknown) => {
      console.error(`Could not start the test teacher: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}

function toInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`${flag} wants a whole number, not “${value}”.`);
    process.exit(2);
  }
  return n;
}

main();
