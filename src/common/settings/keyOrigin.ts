import { isLoopbackUrl } from "../util/loopbackUrl";
import { originOf } from "../util/originOf";

/** Where earlier versions kept the one key they had, for every provider. */
export const LEGACY_KEY_SECRET = "headstart.teacherApiKey";

/** Whose key it is: the teacher's, or a student server's. */
export type KeyRole = "teacher" | "student-server";

const ROLE_SECRET: Record<KeyRole, string> = { teacher: LEGACY_KEY_SECRET, "student-server": "headstart.studentServerKey" };

/**
 * The SecretStorage entry of the key for a role's base URL: one per role and origin (scheme, host
 * and port), so a key entered for one provider is never sent to another, and a student server at
 * the teacher's origin (`https://host/student/v1` beside `https://host/v1`) neither gets nor
 * replaces the teacher's key.
 */
export function keySecretName(baseUrl: string, role: KeyRole = "teacher"): string {
  return `${ROLE_SECRET[role]}@${originOf(baseUrl)}`;
}

/** Whether sending a key to `baseUrl` would carry it unencrypted to another machine: plain http, not loopback. */
export function keyTravelsInTheClear(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).protocol === "http:" && !isLoopbackUrl(baseUrl);
  } catch {
    return false;
  }
}
