// TEST CODE: the chat template the engine doubles render, ChatML (Qwen's), as transformers and the
// engines apply one: every message closed with <|im_end|>, a last assistant message left open when
// it is continued, and the header of a new assistant message when a reply is to follow
// (add_generation_prompt). `trim` trims each message's text, as Llama 3's template does
// (`message['content'] | trim`); `thinkingOff` is Qwen3's empty thought for enable_thinking: false.
import type { ChatMessage } from "./engineDouble";

export const MARKERS = ["<|im_start|>", "<|im_end|>"] as const;

export interface RenderOptions {
  /** Leave the last message open: the model continues its text. */
  openLast: boolean;
  /** Add the header of a new assistant message (a new reply follows). */
  generationPrompt: boolean;
  trim?: boolean;
  thinkingOff?: boolean;
}

export function renderChatML(messages: ChatMessage[], o: RenderOptions): string {
  let out = "";
  messages.forEach((m, i) => {
    const text = o.trim ? m.content.trim() : m.content;
    const open = o.openLast && i === messages.length - 1;
    out += `<|im_start|>${m.role}\n${text}${open ? "" : "<|im_end|>\n"}`;
  });
  if (o.generationPrompt) out += `<|im_start|>assistant\n${o.thinkingOff ? "<think>\n\n</think>\n\n" : ""}`;
  return out;
}
