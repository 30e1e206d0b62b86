import { sentWholeNote } from "./sentWholeNote";

/** A request as it went to the teacher: where, and the exact body (never the key). */
export interface SentRequest {
  /** The address it was posted to; absent for requests kept by versions that did not record it. */
  url?: string;
  body: unknown;
  /** What then went to a student server, when one wrote the rest: the whole conversation. */
  student?: { url: string; body: unknown };
}

/**
 * The teacher's request with the student server's that followed it, as "What was sent" shows an
 * answer both wrote; nothing when there was no teacher request (the server wrote the answer alone).
 */
export function withStudentRequest(teacher: SentRequest | undefined, student: { url: string; body: unknown }): SentRequest | undefined {
  return teacher ? { ...teacher, student: { url: student.url, body: student.body } } : undefined;
}

/** How a request is kept on disk: tagged, so a bare body kept by an earlier version still reads. */
export function storedForm(sent: SentRequest): unknown {
  return { sentTo: sent.url, body: sent.body, ...(sent.student ? { student: { sentTo: sent.student.url, body: sent.student.body } } : {}) };
}

/** A kept request read back: the tagged form, or an earlier version's bare body (address unknown). */
export function fromStored(stored: unknown): SentRequest {
  const s = stored as { sentTo?: unknown; body?: unknown; student?: { sentTo?: unknown; body?: unknown } } | null;
  if (s && typeof s === "object" && "body" in s && typeof s.sentTo === "string") {
    const student = s.student && typeof s.student.sentTo === "string" ? { url: s.student.sentTo, body: s.student.body } : undefined;
    return { url: s.sentTo, body: s.body, ...(student ? { student } : {}) };
  }
  return { body: stored };
}

/** The text of "What was sent" for one answer: where it went, what went whole, and the body. */
export function sentRequestText(sent: SentRequest): string {
  const where = sent.url ? `// POST ${sent.url}` : "// POST to the teacher's address at the time (this answer is older than the record of it)";
  const parts = sentWholeNote(sent.body);
  const key = "// The API key went in the Authorization header and is not shown.";
  if (!sent.student) return `${where}\n${key}\n${parts ? `${parts}\n` : ""}${JSON.stringify(sent.body, null, 2)}\n`;
  // Both requests in one JSON value, so the document stays valid JSON with comments.
  const both = { teacher: sent.body, studentServer: sent.student.body };
  return `${where} (the "teacher" body)\n// Then the student server, to write the rest: POST ${sent.student.url} (the "studentServer" body)\n${key}\n${parts ? `${parts}\n` : ""}${JSON.stringify(both, null, 2)}\n`;
}
