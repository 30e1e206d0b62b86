// Test code: a local HTTP server that serves one file the way a model host does (HEAD, ranges),
// and can be told to trickle bytes or cut the connection, for download tests without internet.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface FileServerBehaviour {
  /** Bytes per write and pause between writes, to make a download slow enough to cancel. */
  chunkBytes?: number;
  pauseMs?: number;
  /** Destroys the connection after this many body bytes. */
  cutAfterBytes?: number;
}

export interface TestFileServer {
  url: string;
  requests: string[];
  behaviour: FileServerBehaviour;
  close(): Promise<void>;
}

export async function startTestFileServer(name: string, body: Buffer): Promise<TestFileServer> {
  const sockets = new Set<Socket>();
  const requests: string[] = [];
  const state: TestFileServer = { url: "", requests, behaviour: {}, close: async () => {} };
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.url !== `/${name}`) return void res.writeHead(404).end();
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Number(range[2]) + 1 : body.length;
    const headers = {
      "content-type": "application/octet-stream",
      "accept-ranges": "bytes",
      "content-length": String(end - start),
      ...(range ? { "content-range": `bytes ${start}-${end - 1}/${body.length}` } : {}),
    };
    res.writeHead(range ? 206 : 200, headers);
    if (req.method === "HEAD") return void res.end();
    send(res, body.subarray(start, end), state.behaviour).catch(() => res.destroy());
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${name}`;
  state.close = () =>
    new Promise((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return state;
}

async function send(res: ServerResponse, data: Buffer, b: FileServerBehaviour): Promise<void> {
  const step = b.chunkBytes ?? data.length;
  for (let at = 0; at < data.length; at += step) {
    if (res.destroyed) return;
    if (b.cutAfterBytes !== undefined && at >= b.cutAfterBytes) return void res.socket?.destroy();
    res.write(data.subarray(at, at + step));
    if (b.pauseMs) await new Promise((r) => setTimeout(r, b.pauseMs));
  }
  res.end();
}
