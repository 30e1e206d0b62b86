/**
 * TEST CODE, a stand-in for a team's inference server: the OpenAI Chat Completions wire format
 * over a real node-llama-cpp model (the product's own LlamaStudent on a .gguf), continuing a
 * final assistant message the way the real engines do. `vllm` continues it only when told
 * (`continue_final_message: true`, `add_generation_prompt: false`) and otherwise answers anew,
 * leaving the opening aside; `llamacpp` continues a trailing assistant message as it is and
 * ignores fields it does not know; `refuses-continue` is a server that rejects the field with a
 * 400. Its prefix cache is the model's own: a request sharing a prompt with the last one reuses it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ModelRequest, PromptMessage } from "../../src/common/conversation";
import { LlamaStudent } from "../../src/node/llamaStudent";

export type StudentServerFlavour = "vllm" | "llamacpp" | "refuses-continue";

export interface TestStudentServerOptions {
  modelPath: string;
  flavour: StudentServerFlavour;
  /** Send this many text chunks of an answer, then destroy the socket, as a server that went away. */
  cutAfterChunks?: number;
  /** Send this many text chunks, then nothing more, the connection left open: a server that hangs. */
  stallAfterChunks?: number;
  /** Answer 401 to any request without `Authorization: Bearer <requireKey>`, as a server behind a gateway does. */
  requireKey?: string;
  /** Defaults to any free port. */
  port?: number;
}

export interface StudentServerRequest {
  body: Record<string, unknown>;
  /** What the model was asked to continue (empty: a new answer). */
  continued: string;
  /** The token counts reported back for it, as vLLM counts them (the whole prompt, cached or not). */
  usage?: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens: number } };
}

export interface TestStudentServer {
  /** Base URL, ending in `/v1`. */
  url: string;
  requests: StudentServerRequest[];
  /** Changes how the next requests are answered. */
  set(options: Partial<Omit<TestStudentServerOptions, "modelPath" | "port">>): void;
  close(): Promise<void>;
}

export async function startTestStudentServer(options: TestStudentServerOptions): Promise<TestStudentServer> {
  let behaviour = { ...options };
  const student = new LlamaStudent({ modelPath: options.modelPath, contextSize: 2048, threads: 1, maxAnswerTokens: 256 });
  const requests: StudentServerRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(e) } });
      else res.destroy();
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) return json(res, 404, { error: { message: "not found" } });
    if (behaviour.requireKey !== undefined && req.headers.authorization !== `Bearer ${behaviour.requireKey}`) {
      return json(res, 401, { error: { message: "Invalid API key", type: "authentication_error" } });
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    if (behaviour.flavour === "refuses-continue" && "continue_final_message" in body) {
      return json(res, 400, { error: { message: "Unrecognized request argument supplied: continue_final_message", type: "invalid_request_error" } });
    }
    const all = (body.messages as { role: string; content: string }[]).map((m) => ({ role: m.role, content: m.content }));
    const system = all[0]?.role === "system" ? all.shift()!.content : "";
    const last = all.at(-1);
    const trailing = last?.role === "assistant";
    const continues = trailing && (behaviour.flavour === "vllm" ? body.continue_final_message === true && body.add_generation_prompt === false : true);
    // vLLM without the field answers after the assistant's message: the opening is left aside.
    const history = (trailing ? all.slice(0, -1) : all) as PromptMessage[];
    const prefix = continues ? last.content : "";
    const logged: StudentServerRequest = { body, continued: prefix };
    requests.push(logged);
    const promptTokens = await student.countTokens([system, ...history.map((m) => m.content), prefix].join("\n"));
    const usage = (completion: number, evaluated = promptTokens) =>
      (logged.usage = { prompt_tokens: promptTokens, completion_tokens: completion, prompt_tokens_details: { cached_tokens: Math.max(0, promptTokens - evaluated) } });
    const request: ModelRequest = { conversationId: "server", system, messages: history };
    const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : 256;
    const model = String(body.model);
    const abort = new AbortController();
    res.on("close", () => abort.abort());

    if (body.logprobs === true) {
      // The model reports one mean probability: each chosen token gets that as its logprob.
      const probe = await student.probe(request, maxTokens, abort.signal);
      const tokens = Array.from({ length: probe?.tokens ?? 0 }, () => ({ token: "", logprob: Math.log(probe!.confidence), bytes: [], top_logprobs: [] }));
      return json(res, 200, { id: "probe", object: "chat.completion", model, choices: [{ index: 0, message: { role: "assistant", content: "" }, finish_reason: "length", logprobs: { content: tokens } }], usage: usage(tokens.length) });
    }
    if (body.stream !== true && maxTokens <= 1) {
      // A one-token request is how clients warm the prefix cache: evaluate, write nothing.
      await student.preload(request, abort.signal, prefix);
      return json(res, 200, { id: "warm", object: "chat.completion", model, choices: [{ index: 0, message: { role: "assistant", content: "" }, finish_reason: "length" }], usage: usage(0) });
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ id: "s", object: "chat.completion.chunk", model, choices: [{ index: 0, delta, finish_reason: finish }] });
    let sent = 0;
    let stats = { inputTokens: 0, outputTokens: 0 };
    send(chunk({ role: "assistant", content: "" }));
    for await (const part of student.continue(request, prefix, abort.signal)) {
      if (part.type === "text") {
        if (behaviour.cutAfterChunks !== undefined && sent >= behaviour.cutAfterChunks) {
          res.destroy();
          abort.abort();
          return;
        }
        if (behaviour.stallAfterChunks !== undefined && sent >= behaviour.stallAfterChunks) {
          abort.abort(); // the model stops; the connection stays open until the client gives up
          return;
        }
        send(chunk({ content: part.text }));
        if (++sent >= maxTokens) abort.abort();
      } else if (part.type === "end") stats = part.stats;
    }
    send(chunk({}, sent >= maxTokens ? "length" : "stop"));
    if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) send({ id: "s", object: "chat.completion.chunk", model, choices: [], usage: usage(stats.outputTokens, stats.inputTokens) });
    res.end("data: [DONE]\n\n");
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    set: (changes) => void (behaviour = { ...behaviour, ...changes }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await student.dispose();
    },
  };
}

function json(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(data));
}
