import type * as vscode from "vscode";
import { inertText } from "../../common/util/inertText";

const LEVELS = new Set<string | symbol>(["trace", "debug", "info", "warn", "error", "appendLine"]);

/**
 * The log channel, every line of it one line of inert text: a server's error body quoted in a
 * message cannot start a line that reads as Headstart's own, nor carry an escape sequence.
 */
export function inertLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      // The channel's own methods run on the channel itself, never on this wrapper.
      if (!LEVELS.has(property)) return (value as (...a: unknown[]) => unknown).bind(target);
      return (message: unknown, ...args: unknown[]) => (value as (...a: unknown[]) => void).call(target, typeof message === "string" ? inertText(message) : message, ...args);
    },
  });
}
