// The student server's fetch: an error body in any engine's shape is handed to the openai SDK in
// OpenAI's own (`{"error": {"message"}}`), so the SDK's error carries what the server said. Read as
// sent, TGI's `{"error": "text"}` came out of the SDK as `422 "text"` (quoted, the status inside),
// and vLLM's older `{"object": "error", "message"}` as "400 status code (no body)".
import { serverErrorText } from "../../common/models/serverErrorText";

export const serverFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.ok) return response;
  const raw = await response.text();
  let said: string | undefined;
  try {
    said = serverErrorText(JSON.parse(raw));
  } catch {
    said = serverErrorText(raw);
  }
  const headers = new Headers(response.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  return new Response(JSON.stringify(said === undefined ? {} : { error: { message: said } }), { status: response.status, statusText: response.statusText, headers });
};
