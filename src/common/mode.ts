/**
 * How a turn is answered. `guided`: the teacher writes the opening, the student the rest;
 * `local`: the student alone (free, offline); `cloud`: the teacher alone (the baseline).
 */
export type Mode = "guided" | "local" | "cloud";

export const MODES: readonly Mode[] = ["guided", "local", "cloud"];

export function isMode(value: unknown): value is Mode {
  return typeof value === "string" && (MODES as readonly string[]).includes(value);
}
