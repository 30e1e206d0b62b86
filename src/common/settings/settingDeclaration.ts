// The shape every `headstart.*` setting is declared in (SETTINGS, in settings.ts).
import type { ModelPrice } from "../cost/prices";

/**
 * VS Code setting scopes we use. `application` settings live only in the user's own settings:
 * a cloned repository's `.vscode/settings.json` cannot set them.
 */
export type Scope = "application" | "window";

export interface SettingBase<T> {
  default: T;
  description: string;
  /** Place in the Settings editor: what a new user needs first comes first. */
  order: number;
  /**
   * Decides where the API key goes, which file or binary loads, what the user pays or sees of
   * their spend, or what leaves the machine: the user's settings only, never a workspace's.
   */
  userOnly: boolean;
}
export interface StringSetting extends SettingBase<string> {
  type: "string";
  enum?: readonly string[];
  /** A regular expression the value must match (also given to VS Code's settings editor). */
  pattern?: string;
}
export interface NumberSetting extends SettingBase<number> {
  type: "integer" | "number";
  minimum: number;
  maximum: number;
}
export interface BooleanSetting extends SettingBase<boolean> {
  type: "boolean";
}
export interface PricesSetting extends SettingBase<Record<string, ModelPrice>> {
  type: "object";
}
export type Setting = StringSetting | NumberSetting | BooleanSetting | PricesSetting;
