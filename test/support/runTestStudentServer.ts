/**
 * Runs the TEST student server (TEST CODE: a real .gguf behind the OpenAI wire format, continuing
 * the opening as vLLM or llama.cpp's server do) until Ctrl+C, to try Headstart's student server
 * settings without a GPU box: point `headstart.student.server` (or `npm run ask -- --student-server`)
 * at the printed address.
 * Usage: npm run test-student-server -- --model FILE.gguf [--flavour vllm|llamacpp|refuses-continue] [--port N]
 */
import { parseArgs } from "node:util";
import { startTestStudentServer, type StudentServerFlavour } from "./testStudentServer";

const FLAVOURS: readonly StudentServerFlavour[] = ["vllm", "llamacpp", "refuses-continue"];

function main(): void {
  const { values } = parseArgs({ options: { model: { type: "string" }, flavour: { type: "string", default: "vllm" }, port: { type: "string", default: "0" } } });
  const port = Number(values.port);
  const flavour = values.flavour as StudentServerFlavour;
  if (!values.model) return fail("--model FILE.gguf is required: the model the server runs.");
  if (!FLAVOURS.includes(flavour)) return fail(`--flavour must be one of ${FLAVOURS.join(", ")}.`);
  if (!Number.isInteger(port) || port < 0) return fail(`--port wants a whole number, not “${values.port}”.`);
  startTestStudentServer({ modelPath: values.model, flavour, port }).then(
    (server) => {
      console.log(`Test student server (${flavour}, ${values.model}) at ${server.url}: any model name; key: none`);
      const stop = () => void server.close().then(() => process.exit(0), () => process.exit(1));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (error: unknown) => fail(`Could not start the test student server: ${error instanceof Error ? error.message : String(error)}`),
  );
}

function fail(message: string): void {
  console.error(message);
  process.exit(2);
}

main();
