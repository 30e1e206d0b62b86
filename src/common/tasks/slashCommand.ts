import { isMode, type Mode } from "../conversation/mode";

/** A task command: its own instructions and context, then the same turn as any question. */
export type TaskName = "explain" | "fix" | "tests" | "doc";

export const TASK_NAMES: readonly TaskName[] = ["explain", "fix", "tests", "doc"];

export function isTaskName(value: unknown): value is TaskName {
  return typeof value === "string" && (TASK_NAMES as readonly string[]).includes(value);
}

/** A slash command as a menu lists it: the Chat view's participant commands and the panel's menu. */
export interface SlashCommandInfo {
  name: Mode | TaskName;
  description: string;
}

/** Every slash command, tasks first, with the words a menu shows (package.json's participant commands say the same). */
export const SLASH_COMMANDS: readonly SlashCommandInfo[] = [
  { name: "explain", description: "Explain the symbol at the cursor, or the selection" },
  { name: "fix", description: "Fix the problem at the cursor: its diagnostics and the code around them" },
  { name: "tests", description: "Write tests for the symbol at the cursor, with the workspace's test framework" },
  { name: "doc", description: "Write the doc comment of the symbol at the cursor, in the language's convention" },
  { name: "guided", description: "The teacher writes the opening, your local model the rest" },
  { name: "auto", description: "Your local model begins; the teacher writes the opening only if it is unsure" },
  { name: "local", description: "Your local model alone: free, and nothing leaves the machine" },
  { name: "cloud", description: "The teacher alone, to compare" },
];

/** What a message's slash commands ask for: a mode for this turn, a task, and the words after them. */
export interface SlashCommands {
  mode?: Mode;
  task?: TaskName;
  /** The message without its commands (may be ""). */
  rest: string;
}

/**
 * The slash commands a message starts with, one parser for every face: `/fix why is this null`,
 * `/cloud /explain`. `command` is one the face has already taken apart (the Chat view's
 * `request.command`). A word that is not a command (`/usr/bin is missing`) ends the commands and
 * stays in the text; a second mode or task is text too, so a message never asks two things.
 */
export function parseSlashCommands(text: string, command?: string): SlashCommands {
  const found: SlashCommands = { rest: text.trim() };
  const take = (name: string): boolean => {
    if (isMode(name) && !found.mode) found.mode = name;
    else if (isTaskName(name) && !found.task) found.task = name;
    else return false;
    return true;
  };
  if (command !== undefined) take(command);
  for (;;) {
    const m = /^\/([a-z]+)(?=\s|$)\s*/.exec(found.rest);
    if (!m || !take(m[1])) return found;
    found.rest = found.rest.slice(m[0].length);
  }
}
