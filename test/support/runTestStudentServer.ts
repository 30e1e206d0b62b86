/**
 * Runs the TEST student server (TEST CODE: a real .gguf behind the OpenAI wire format, with one
 * engine's behaviour as its source shows it: vLLM by default, or SGLang, TGI, llama.cpp's server,
 * Ollama, or a strict server that is none of them) until Ctrl+C, to try Headstart's student server
 * settings without a GPU box: point `headstart.student.server` (or `npm run ask -- --student-server`)
 * at the printed address, and the model setting at the name it serves.
 * Usage: npm run test-student-server -- --model FILE.gguf [--flavour vllm|sglang|tgi|llamacpp|ollama|refuses-continue] [--served NAME] [--port N]
 */
import { parseArgs } from "node:util";
import { DEFAULT_SERVED, startTestStudentServer, STUDENT_SERVER_DOUBLES, type StudentServerFlavour } from "./testStudentServer";

const FLAVOURS = Object.keys(STUDENT_SERVER_DOUBLES) as StudentServerFlavour[];

function main(): void {
  const { values } = parseArgs({ options: { model: { type: "string" }, flavour: { type: "string", default: "vllm" }, served: { type: "string", default: DEFAULT_SERVED }, port: { type: "string", default: "0" } } });
  const port = Number(values.port);
  const flavour = values.flavour as StudentServerFlavour;
  if (!values.model) return fail("--model FILE.gguf is required: the model the server runs.");
  if (!FLAVOURS.includes(flavour)) return fail(`--flavour must be one of ${FLAVOURS.join(", ")}.`);
  if (!Number.isInteger(port) || port < 0) return fail(`--port wants a whole number, not “${values.port}”.`);
  startTestStudentServer({ modelPath: values.model, flavour, served: values.served, port }).then(
    (server) => {
      console.log(`Test student server (${flavour}, ${values.model}) at ${server.url}: model name “${values.served}”; key: none`);
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
