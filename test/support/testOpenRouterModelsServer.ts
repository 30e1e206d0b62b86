/**
 * TEST DOUBLE, not OpenRouter: a local HTTP server that answers `GET /v1/models` in the shape of
 * OpenRouter's models list (`{ data: [{ id, pricing: { prompt, completion, input_cache_read } }] }`,
 * USD a token as strings) and counts the requests it gets, so tests can see when prices are
 * fetched and when the cache is used instead. Serves only the models it is given.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** One model as OpenRouter lists it: prices in USD a token, as strings. */
export interface TestOpenRouterModel {
  id: string;
  pricing: { prompt: string; completion: string; input_cache_read?: string };
}

export interface TestOpenRouterModelsServer {
  /** Base URL ending in `/v1`, as a teacher's base URL would. */
  url: string;
  /** How many requests for `/v1/models` came. */
  readonly modelRequests: number;
  close(): Promise<void>;
}

export async function startTestOpenRouterModelsServer(models: TestOpenRouterModel[]): Promise<TestOpenRouterModelsServer> {
  let modelRequests = 0;
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/v1/models") {
      modelRequests++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: models.map((m) => ({ ...m, name: m.id, context_length: 128000 })) }));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { message: "Not found", code: 404 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get modelRequests() {
      return modelRequests;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
