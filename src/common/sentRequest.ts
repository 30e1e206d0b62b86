import { sentWholeNote } from "./sentWholeNote";

/** A request as it went to the teacher: where, and the exact body (never the key). */
export interface SentRequest {
  /** The address it was posted to; absent for requests kept by versions that did not record it. */
  url?: string;
  body: unknown;
}

/** How a request is kept on disk: tagged, so a bare body kept by an earlier version still reads. */
export function storedForm(sent: SentRequest): unknown {
  return { sentTo: sent.url, body: sent.body };
}

/** A kept request read back: the tagged form, or an earlier version's bare body (address unknown). */
export function fromStored(stored: unknown): SentRequest {
  const s = stored as { sentTo?: unknown; body?: unknown } | null;
  if (s && typeof s === "object" && "body" in s && typeof s.sentTo === "string") return { url: s.sentTo, body: s.body };
  return { body: stored };
}

/** The text of "What was sent" for one answer: where it went, what went whole, and the body. */
export function sentRequestText(sent: SentRequest): string {
  const where = sent.url ? `// POST ${sent.url}` : "// POST to the teacher's address at the time (this answer is older than the record of it)";
  const parts = sentWholeNote(sent.body);
  return `${where}\n// The API key went in the Authorization header and is not shown.\n${parts ? `${parts}\n` : ""}${JSON.stringify(sent.body, null, 2)}\n`;
}
