// The panel's menu of slash commands: typing "/" at the start of a message lists the tasks and
// the modes, narrowed as the user types; arrows move, Enter or Tab takes one, Escape closes it.
import { SLASH_COMMANDS, type SlashCommandInfo } from "../../common/tasks/slashCommand";
import { h, setShown } from "../util/dom";

export class SlashMenu {
  readonly element = h("ul", { class: "slash-menu", role: "listbox", id: "slash-menu", "aria-label": "Commands", hidden: true });
  private shown: SlashCommandInfo[] = [];
  private active = 0;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly take: (text: string) => void,
  ) {
    input.setAttribute("aria-controls", this.element.id);
  }

  /** Shows the commands that start with what is typed, while the message is one "/word". */
  update(): void {
    const typed = /^\/([a-z]*)$/.exec(this.input.value)?.[1];
    this.shown = typed === undefined ? [] : SLASH_COMMANDS.filter((c) => c.name.startsWith(typed));
    this.active = 0;
    this.render();
  }

  get open(): boolean {
    return this.shown.length > 0;
  }

  /** Handles a key while the menu is open; true when it was the menu's. */
  onKey(e: KeyboardEvent): boolean {
    if (!this.open) return false;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      this.active = (this.active + (e.key === "ArrowDown" ? 1 : this.shown.length - 1)) % this.shown.length;
      this.render();
    } else if (e.key === "Enter" || e.key === "Tab") this.choose(this.shown[this.active]);
    else if (e.key === "Escape") this.close();
    else return false;
    e.preventDefault();
    return true;
  }

  close(): void {
    this.shown = [];
    this.render();
  }

  private choose(command: SlashCommandInfo): void {
    this.close();
    this.take(`/${command.name} `);
  }

  private render(): void {
    const items = this.shown.map((c, i) => {
      const item = h("li", { role: "option", id: `slash-${c.name}`, class: i === this.active ? "active" : "", "aria-selected": String(i === this.active) }, h("span", { class: "slash-name" }, `/${c.name}`), h("span", { class: "slash-desc" }, c.description));
      // mousedown, not click: the input keeps its focus.
      item.addEventListener("mousedown", (e) => {
        e.preventDefault();
        this.choose(c);
      });
      return item;
    });
    this.element.replaceChildren(...items);
    setShown(this.element, this.open);
    if (this.open) this.input.setAttribute("aria-activedescendant", `slash-${this.shown[this.active].name}`);
    else this.input.removeAttribute("aria-activedescendant");
  }
}
