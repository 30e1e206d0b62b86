import type { StoredUserMessage } from "../history/chatHistory";
import type { EditorContext } from "../conversation/conversation";
import type { SlashCommands } from "../tasks/slashCommand";
import type { TaskRequest } from "../tasks/taskRequest";

/**
 * A message as the user typed it in the panel, read: a task's own message (`/fix` …) or the text
 * less its `/mode`, and what it carries before the attachments are added.
 */
export class TypedMessage {
  /** The question's text. */
  private readonly body: string;

  /** `task`: the message `slash.task` built, when there is one. */
  constructor(
    private readonly text: string,
    private readonly slash: SlashCommands,
    private readonly task: TaskRequest | undefined,
  ) {
    this.body = task ? task.message.text : slash.mode ? slash.rest : text;
  }

  /** Characters it carries before the attachments: the text and the task's own context. */
  get chars(): number {
    return this.body.length + (this.task?.message.context ?? []).reduce((n, c) => n + c.text.length, 0);
  }

  /** The message as stored, with the task's context and then `attached`. */
  stored(id: string, attached: EditorContext[]): StoredUserMessage {
    const { task, slash } = this;
    const context = [...(task?.message.context ?? []), ...attached];
    return {
      id,
      role: "user",
      text: this.body,
      ...(context.length ? { context } : {}),
      ...(task && slash.task ? { task: { name: slash.task, typed: this.text.trim() }, editTarget: task.target } : {}),
    };
  }
}
