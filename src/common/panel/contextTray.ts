import type { EditorContext } from "../conversation/conversation";
import type { ContextChip } from "./protocol";

/**
 * Editor context waiting to go with the next message. Everything attached counts against one
 * size limit, so a huge file is refused with a clear reason instead of silently truncated.
 */
export class ContextTray {
  private items: { id: string; context: EditorContext; label: string }[] = [];

  constructor(
    private readonly maxChars: () => number,
    private readonly newId: () => string,
  ) {}

  /** Attaches context, or says in one line why it cannot. */
  add(context: EditorContext, label: string): { ok: true } | { ok: false; message: string } {
    if (context.text.trim() === "") return { ok: false, message: `${label} is empty; there is nothing to attach.` };
    // Attaching the same thing twice replaces it rather than sending it twice, so what it replaces is not counted.
    const used = this.totalChars(label);
    const max = this.maxChars();
    if (used + context.text.length > max) {
      const n = (x: number): string => x.toLocaleString("en-US");
      return {
        ok: false,
        message: `${label} is ${n(context.text.length)} characters and ${n(used)} are already attached; the limit is ${n(max)} (setting headstart.context.maxChars). Select a smaller part.`,
      };
    }
    this.items = this.items.filter((i) => i.label !== label);
    this.items.push({ id: this.newId(), context, label });
    return { ok: true };
  }

  remove(id: string): void {
    this.items = this.items.filter((i) => i.id !== id);
  }

  chips(): ContextChip[] {
    return this.items.map(({ id, context, label }) => ({ id, label, kind: context.kind, language: context.language, chars: context.text.length }));
  }

  /** Characters attached now. */
  chars(): number {
    return this.items.reduce((n, i) => n + i.context.text.length, 0);
  }

  /** Hands the attached context to a message and empties the tray. */
  take(): EditorContext[] {
    const taken = this.items.map((i) => i.context);
    this.items = [];
    return taken;
  }

  /** What is attached, leaving out the item with this label (the one an attach would replace). */
  private totalChars(replacing: string): number {
    return this.items.reduce((n, i) => n + (i.label === replacing ? 0 : i.context.text.length), 0);
  }
}
