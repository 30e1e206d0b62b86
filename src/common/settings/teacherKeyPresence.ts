import { keySecretName } from "./keyOrigin";
import { isLoopbackUrl } from "../util/loopbackUrl";

/**
 * Whether a key is stored for the teacher, remembered with the origin it was read for: keys are
 * kept one per origin, so what was read for one base URL says nothing about another. Until the
 * new origin's key is read, the answer is "no key", never the old origin's "set".
 */
export class TeacherKeyPresence {
  private known: { secret: string; present: boolean } | undefined;
  private reads = 0;

  constructor(private readonly lookup: (baseUrl: string) => Promise<string | undefined>) {}

  /** True when a key was read for `baseUrl`'s origin, or when the teacher is on this machine (it needs none). */
  has(baseUrl: string): boolean {
    return isLoopbackUrl(baseUrl) || (this.known?.secret === keySecretName(baseUrl) && this.known.present);
  }

  /** Whether what is known was read for `baseUrl`'s origin. */
  readFor(baseUrl: string): boolean {
    return this.known?.secret === keySecretName(baseUrl);
  }

  /** Reads the key's presence for `baseUrl` again; a read overtaken by a later one is dropped (false). */
  async read(baseUrl: string): Promise<boolean> {
    const ticket = ++this.reads;
    const key = await this.lookup(baseUrl);
    if (ticket !== this.reads) return false;
    this.known = { secret: keySecretName(baseUrl), present: key !== undefined };
    return true;
  }
}
