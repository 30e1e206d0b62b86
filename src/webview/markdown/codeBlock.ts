// Every code block in an answer gets a small toolbar: its language, Copy, Insert at cursor and,
// once the block is whole, Apply (a diff the user accepts). The host does the copying, inserting
// and applying; the panel only says which text.
import { button, h } from "../util/dom";
import { icon } from "../util/icons";

export interface CodeActions {
  copy(text: string): void;
  insert(text: string): void;
  /** Applies the block to its file, as a diff to accept; absent where there is no file to apply to. */
  apply?(text: string): void;
  /** The Apply button's words for the block with this text ("Apply to cart.ts"); undefined: no Apply (commands to run, output to read). */
  applyLabel?(text: string): string | undefined;
}

/** How long "Copied" stays on the button before it reads "Copy" again. */
const COPIED_FEEDBACK_MS = 1500;

function copyButton(code: Element, actions: CodeActions): HTMLButtonElement {
  const b = button({
    text: "Copy",
    label: "Copy code",
    icon: icon("copy"),
    class: "code-action",
    onClick: () => {
      actions.copy(code.textContent ?? "");
      b.classList.add("done");
      b.querySelector(".btn-text")!.textContent = "Copied";
      setTimeout(() => {
        b.classList.remove("done");
        b.querySelector(".btn-text")!.textContent = "Copy";
      }, COPIED_FEEDBACK_MS);
    },
  });
  return b;
}

/** Puts `pre` in a frame with the toolbar; the buttons read the code's text when clicked. A block still streaming has no Apply: half a function is no edit. */
function frame(pre: HTMLPreElement, actions: CodeActions, whole: boolean): HTMLElement {
  const code = pre.querySelector("code") ?? pre;
  const language = /(?:^|\s)language-([\w+#.-]+)/.exec(code.className)?.[1] ?? "";
  const toolbar = h(
    "div",
    { class: "code-toolbar" },
    h("span", { class: "code-lang" }, language || "text"),
    copyButton(code, actions),
    button({
      text: "Insert",
      label: "Insert code at cursor",
      icon: icon("insert"),
      class: "code-action",
      onClick: () => actions.insert(code.textContent ?? ""),
    }),
  );
  const label = whole && actions.apply ? actions.applyLabel?.(code.textContent ?? "") : undefined;
  if (label !== undefined) {
    toolbar.append(
      button({
        text: label,
        label: `${label}: a diff to accept or discard`,
        icon: icon("apply"),
        class: "code-action apply",
        onClick: () => actions.apply?.(code.textContent ?? ""),
      }),
    );
  }
  const box = h("div", { class: "code-block" });
  pre.replaceWith(box);
  box.append(toolbar, pre);
  return box;
}

/** Frames every code block under `root`. */
export function decorateCodeBlocks(root: ParentNode, actions: CodeActions): void {
  for (const pre of Array.from(root.querySelectorAll("pre"))) frame(pre, actions, true);
}

/** An empty framed code block that streaming text is appended to before it is highlighted. */
export function openCodeBlock(language: string, actions: CodeActions): { box: HTMLElement; code: HTMLElement } {
  const code = h("code", { class: `hljs${language ? ` language-${language}` : ""}` });
  const pre = h("pre", {}, code);
  const holder = h("div", {}, pre);
  frame(pre, actions, false);
  return { box: holder.firstElementChild as HTMLElement, code };
}
