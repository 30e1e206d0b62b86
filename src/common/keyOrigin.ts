import { isLoopbackUrl } from "./loopbackUrl";
import { originOf } from "./originOf";

/** Where earlier versions kept the one key they had, for every provider. */
export const LEGACY_KEY_SECRET = "headstart.teacherApiKey";

/**
 * The SecretStorage entry of the key for a teacher's base URL: one per origin (scheme, host and
 * port), so a key entered for one provider is never sent to another.
 */
export function keySecretName(baseUrl: string): string {
  return `${LEGACY_KEY_SECRET}@${originOf(baseUrl)}`;
}

/** Whether sending a key to `baseUrl` would carry it unencrypted to another machine: plain http, not loopback. */
export function keyTravelsInTheClear(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).protocol === "http:" && !isLoopbackUrl(baseUrl);
  } catch {
    return false;
  }
}
