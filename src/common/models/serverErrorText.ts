/**
 * What an inference server said in an error body, whichever engine sent it: OpenAI's shape and
 * llama.cpp's (`{"error": {"message"}}`), TGI's and Ollama's (`{"error": "text"}`), vLLM's and
 * SGLang's older one (`{"object": "error", "message"}`), FastAPI's (`{"detail": …}`). `undefined`
 * when the body says nothing readable. The text is the server's, as it sent it: not yet inert.
 */
export function serverErrorText(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim() || undefined;
  if (typeof body !== "object" || body === null) return undefined;
  const o = body as Record<string, unknown>;
  if (typeof o.error === "string") return o.error.trim() || undefined;
  if (typeof o.error === "object" && o.error !== null) {
    const inner = serverErrorText((o.error as Record<string, unknown>).message);
    if (inner) return inner;
  }
  if (typeof o.message === "string") return o.message.trim() || undefined;
  if (typeof o.detail === "string") return o.detail.trim() || undefined;
  // FastAPI's request validation: a list of `{loc, msg}`.
  if (Array.isArray(o.detail)) {
    const said = o.detail.flatMap((d) => (typeof d === "object" && d !== null && typeof (d as { msg?: unknown }).msg === "string" ? [(d as { msg: string }).msg] : []));
    return said.length > 0 ? said.join("; ") : undefined;
  }
  return undefined;
}
