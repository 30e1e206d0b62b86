/**
 * How a turn is answered. `guided`: the teacher writes the opening, the student the rest;
 * `auto`: the student begins and asks the teacher for the opening only when it is unsure;
 * `local`: the student alone (free, offline); `cloud`: the teacher alone (the baseline).
 */
export type Mode = "guided" | "auto" | "local" | "cloud";

export const MODES: readonly Mode[] = ["guided", "auto", "local", "cloud"];

export function isMode(value: unknown): value is Mode {
  return typeof value === "string" && (MODES as readonly string[]).includes(value);
}
