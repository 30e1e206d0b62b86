// Reading the settings: each value checked against its declaration, an invalid one replaced by the
// default and reported, and a user-only setting taken from the user's own settings alone.
import type { ModelPrice } from "../cost/prices";
import type { Setting } from "./settingDeclaration";
import { SETTINGS, type HeadstartSettings, type SettingKey } from "./settings";

function isPrice(v: unknown): v is ModelPrice {
  if (typeof v !== "object" || v === null) return false;
  const p = v as Record<string, unknown>;
  return ["input", "cachedInput", "output"].every((k) => typeof p[k] === "number" && Number.isFinite(p[k]) && (p[k]) >= 0);
}

/** The value if it fits the setting's declaration, else undefined (the caller falls back to the default). */
export function validateSetting(key: SettingKey, value: unknown): unknown {
  const s: Setting = SETTINGS[key];
  switch (s.type) {
    case "string":
      return typeof value === "string" && (!s.enum || s.enum.includes(value)) && (!s.pattern || new RegExp(s.pattern).test(value))
        ? value
        : undefined;
    case "integer":
    case "number":
      return (s.type === "integer" ? Number.isInteger(value) : typeof value === "number" && Number.isFinite(value)) && (value as number) >= s.minimum && (value as number) <= s.maximum
        ? value
        : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "object":
      if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
      return Object.fromEntries(Object.entries(value).filter(([, p]) => isPrice(p)));
  }
}

/**
 * Reads every setting through `lookup`, which returns the value the user (or, for settings that
 * are not user-only, the workspace) set, or undefined. Invalid values fall back to defaults and
 * are reported, so one typo never breaks the extension.
 */
export function readSettings(
  lookup: (key: SettingKey, userOnly: boolean) => unknown,
): { settings: HeadstartSettings; invalid: SettingKey[] } {
  const invalid: SettingKey[] = [];
  const entries = (Object.keys(SETTINGS) as SettingKey[]).map((key) => {
    const raw = lookup(key, SETTINGS[key].userOnly);
    if (raw === undefined) return [key, SETTINGS[key].default];
    const valid = validateSetting(key, raw);
    if (valid === undefined) invalid.push(key);
    return [key, valid ?? SETTINGS[key].default];
  });
  return { settings: Object.fromEntries(entries) as HeadstartSettings, invalid };
}

/** The values VS Code's `WorkspaceConfiguration.inspect()` reports for one setting. */
export interface InspectedSetting {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * The value in force for one setting. A user-only setting takes the user's own value and nothing
 * from the workspace, whatever the workspace's files say; others take the most specific value.
 */
export function pickSettingValue(inspected: InspectedSetting | undefined, userOnly: boolean): unknown {
  if (!inspected) return undefined;
  if (userOnly) return inspected.globalValue;
  return inspected.workspaceFolderValue ?? inspected.workspaceValue ?? inspected.globalValue;
}
