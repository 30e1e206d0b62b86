/**
 * TEST CODE, a stand-in for a team's inference server: the OpenAI Chat Completions wire format
 * over a real node-llama-cpp model (the product's own LlamaStudent on a .gguf), with the behaviour
 * of one engine as its source shows it (./studentServers/: vLLM, SGLang, TGI, llama.cpp's server,
 * Ollama, and a strict server that is none of them): which fields it reads, how its template
 * treats a last assistant message (continued, or closed and a new reply started), its context and
 * its refusals, its own endpoints and error bodies. The engine decides what the model continues;
 * the model writes. Its prefix cache is the model's own: a request sharing a prompt with the last
 * one reuses it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { ModelRequest } from "../../src/common/conversation/conversation";
import type { StudentRoom } from "../../src/common/models/student";
import { LlamaStudent } from "../../src/node/student/llamaStudent";
import { MARKERS } from "./studentServers/chatTemplate";
import { maxTokensOf, type DoubleKit, type DoubleSettings, type EngineDouble, type Reply } from "./studentServers/engineDouble";
import { llamacppDouble } from "./studentServers/llamacppDouble";
import { ollamaDouble } from "./studentServers/ollamaDouble";
import { sglangDouble } from "./studentServers/sglangDouble";
import { strictDouble } from "./studentServers/strictDouble";
import { tgiDouble } from "./studentServers/tgiDouble";
import { vllmDouble } from "./studentServers/vllmDouble";

export const STUDENT_SERVER_DOUBLES = { vllm: vllmDouble, sglang: sglangDouble, tgi: tgiDouble, llamacpp: llamacppDouble, ollama: ollamaDouble, "refuses-continue": strictDouble } satisfies Record<string, EngineDouble>;

export type StudentServerFlavour = keyof typeof STUDENT_SERVER_DOUBLES;

export interface TestStudentServerOptions extends Partial<DoubleSettings> {
  modelPath: string;
  flavour: StudentServerFlavour;
  /** Send this many text chunks of an answer, then destroy the socket, as a server that went away. */
  cutAfterChunks?: number;
  /** Send this many text chunks, then nothing more, the connection left open: a server that hangs. */
  stallAfterChunks?: number;
  /** Answer 401 to a request without `Authorization: Bearer <requireKey>` on the paths the engine's --api-key guards. */
  requireKey?: string;
  /**
   * The most tokens it writes of one answer whatever the request asks, as a server's own cap (or a
   * full context) stops it: such an answer ends with finish_reason "length", as vLLM's does. Defaults to 256.
   */
  answerCap?: number;
  /** Defaults to any free port. */
  port?: number;
}

export interface StudentServerRequest {
  body: Record<string, unknown>;
  /** What the model was asked to continue (empty: a new answer). */
  continued: string;
  /** The prompt as the engine rendered it. */
  rendered: string;
  /** The token counts reported back for it, as vLLM counts them (the whole prompt, cached or not). */
  usage?: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens: number } };
}

export interface TestStudentServer {
  /** Base URL, ending in `/v1`. */
  url: string;
  /** The chat completion requests it answered (refusals are not here: see `calls`). */
  requests: StudentServerRequest[];
  /** Every request, chat or not, with the status it got. */
  calls: { method: string; path: string; body: Record<string, unknown>; status: number }[];
  /** Changes how the next requests are answered. */
  set(options: Partial<Omit<TestStudentServerOptions, "modelPath" | "port" | "flavour">>): void;
  close(): Promise<void>;
}

/** The model name a double serves unless told otherwise. */
export const DEFAULT_SERVED = "stories";

export async function startTestStudentServer(options: TestStudentServerOptions): Promise<TestStudentServer> {
  let behaviour = { ...options };
  const student = new LlamaStudent({ modelPath: options.modelPath, contextSize: 2048, threads: 1, maxAnswerTokens: options.answerCap ?? 256 });
  const requests: StudentServerRequest[] = [];
  const calls: TestStudentServer["calls"] = [];
  const sockets = new Set<Socket>();
  const double: EngineDouble = STUDENT_SERVER_DOUBLES[options.flavour];
  let room: StudentRoom | undefined;
  // Token ids stand for the pieces of text they were made from: /detokenize gives the text back.
  const vocabulary: string[] = [];
  const ids = new Map<string, number>();

  const count = (text: string): number => {
    let n = 0;
    let rest = text;
    for (const marker of MARKERS) n += rest.split(marker).length - 1;
    for (const marker of MARKERS) rest = rest.split(marker).join("\n");
    return n + (rest.trim() === "" ? 0 : room!.count(rest));
  };
  const kit = (): DoubleKit => ({
    settings: { served: behaviour.served ?? DEFAULT_SERVED, context: behaviour.context ?? 2048, ...behaviour },
    count,
    tokenize(text) {
      const chars = Array.from(text);
      const n = Math.min(chars.length, count(text));
      return Array.from({ length: n }, (_, i) => {
        const piece = chars.slice(Math.round((i * chars.length) / n), Math.round(((i + 1) * chars.length) / n)).join("");
        if (!ids.has(piece)) ids.set(piece, vocabulary.push(piece) - 1);
        return ids.get(piece)!;
      });
    },
    detokenize: (list) => list.map((id) => vocabulary[id] ?? "").join(""),
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) reply(res, { status: 500, body: { error: { message: String(e) } } });
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
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const text = Buffer.concat(chunks).toString("utf8");
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    const answer = (r: Reply): void => {
      calls.push({ method, path, body, status: r.status });
      reply(res, r);
    };
    room ??= await student.room(new AbortController().signal);
    if (behaviour.requireKey !== undefined && double.guards(path) && req.headers.authorization !== `Bearer ${behaviour.requireKey}`) return answer(double.unauthorized);
    if (method === "GET" && path === "/v1/models") return answer({ status: 200, body: double.models(kit()) });
    if (!(method === "POST" && path === "/v1/chat/completions")) return answer(double.route(method, path, body, kit()) ?? double.notFound);

    const read = double.chat(body, kit());
    if ("status" in read) return answer(read);
    calls.push({ method, path, body, status: 200 });
    const logged: StudentServerRequest = { body, continued: read.continued, rendered: read.rendered };
    requests.push(logged);
    const promptTokens = count(read.rendered);
    const usage = (completion: number, evaluated = promptTokens) =>
      (logged.usage = { prompt_tokens: promptTokens, completion_tokens: completion, prompt_tokens_details: { cached_tokens: Math.max(0, promptTokens - evaluated) } });
    const request: ModelRequest = { conversationId: "server", system: read.system, messages: read.history };
    const maxTokens = read.maxTokens;
    const model = String(body.model);
    const abort = new AbortController();
    res.on("close", () => abort.abort());

    if (body.logprobs === true) {
      // The model reports one mean probability: each chosen token gets that as its logprob.
      const probe = await student.probe(request, maxTokens, abort.signal);
      const tokens = Array.from({ length: probe?.tokens ?? 0 }, () => ({ token: "", logprob: Math.log(probe!.confidence), bytes: [], top_logprobs: [] }));
      return reply(res, { status: 200, body: { id: "probe", object: "chat.completion", model, choices: [{ index: 0, message: { role: "assistant", content: "" }, finish_reason: "length", logprobs: { content: tokens } }], usage: usage(tokens.length) } });
    }
    if (body.stream !== true && maxTokensOf(body, 256) <= 1) {
      // A one-token request is how clients warm the prefix cache: evaluate, write nothing.
      await student.preload(request, abort.signal, read.continued);
      return reply(res, { status: 200, body: { id: "warm", object: "chat.completion", model, choices: [{ index: 0, message: { role: "assistant", content: "" }, finish_reason: "length" }], usage: usage(0) } });
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ id: "s", object: "chat.completion.chunk", model, choices: [{ index: 0, delta, finish_reason: finish }] });
    let sent = 0;
    /** Stopped by its own cap rather than the request's max_tokens: still a "length" finish. */
    let capped = false;
    let stats = { inputTokens: 0, outputTokens: 0 };
    send(chunk({ role: "assistant", content: "" }));
    for await (const part of student.continue(request, read.continued, abort.signal)) {
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
      } else if (part.type === "note") capped ||= part.note.reason === "length-limit";
      else if (part.type === "end") stats = part.stats;
    }
    send(chunk({}, sent >= maxTokens || capped ? "length" : "stop"));
    if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) send({ id: "s", object: "chat.completion.chunk", model, choices: [], usage: usage(stats.outputTokens, stats.inputTokens) });
    res.end("data: [DONE]\n\n");
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    calls,
    set: (changes) => void (behaviour = { ...behaviour, ...changes }),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await student.dispose();
    },
  };
}

function reply(res: ServerResponse, r: Reply): void {
  if (typeof r.body === "string") {
    res.writeHead(r.status, { "content-type": "text/plain" });
    res.end(r.body);
    return;
  }
  res.writeHead(r.status, { "content-type": "application/json" });
  res.end(JSON.stringify(r.body));
}
