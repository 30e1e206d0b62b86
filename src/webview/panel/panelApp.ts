// The chat panel: lays out its parts and routes each host message to the part it concerns.
import type { ConversationSummary } from "../../common/history/chatHistory";
import type { HostMessage, WebviewRequest } from "../../common/panel/protocol";
import type { RecommendedModel } from "../../common/status/recommendedModels";
import type { PanelStatus } from "../../common/status/setupStatus";
import { Announcer } from "../util/announcer";
import { Composer } from "./composer";
import { ConversationView } from "./conversationView";
import { h, setShown } from "../util/dom";
import { emptyState } from "./emptyState";
import { firstRunView } from "./firstRun";
import { Header } from "./header";
import { HistoryList } from "./historyList";
import type { PanelHost, PanelUiState } from "./vscodeApi";

export class PanelApp {
  private status: PanelStatus | undefined;
  private recommended: RecommendedModel[] = [];
  private conversations: ConversationSummary[] = [];
  private maxContextChars = 0;
  private readonly announcer = new Announcer();
  private readonly header: Header;
  private readonly history: HistoryList;
  private readonly conversation: ConversationView;
  private readonly composer: Composer;
  private readonly firstRun = h("div", { class: "first-run-slot", hidden: true });

  /** The ids of requests sent and not yet answered: a reply to any other is not this page's. */
  private readonly asked = new Set<string>();

  constructor(
    private readonly root: HTMLElement,
    private readonly host: PanelHost,
  ) {
    const post = this.post;
    this.header = new Header(post, () => this.setHistoryOpen(!this.history.open));
    this.history = new HistoryList(post, () => {
      this.setHistoryOpen(false);
      this.header.historyButton.focus();
    });
    this.conversation = new ConversationView({
      post,
      announce: (text) => this.announcer.announce(text),
      emptyState: () => emptyState(this.status),
      onScroll: (scrollTop) => host.saveState({ scrollTop }),
    });
    this.composer = new Composer({ post, draft: host.state.draft, onDraft: (draft) => host.saveState({ draft }) });
    root.replaceChildren(
      this.header.element,
      h("main", { class: "panel-main" }, this.history.element, this.firstRun, this.conversation.element),
      this.composer.element,
      this.announcer.element,
    );
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && this.status?.busy && !e.defaultPrevented) post({ type: "stop" });
    });
  }

  /**
   * Every request goes out here, its id kept until its reply comes. Stop takes effect on screen at
   * once: no new text shows after the click, whatever the models still send before they hear of it.
   */
  private readonly post = (m: WebviewRequest): string => {
    if (m.type === "stop") this.conversation.stopShowingText();
    const id = this.host.post(m);
    this.asked.add(id);
    return id;
  };

  receive(m: HostMessage): void {
    switch (m.type) {
      case "init": {
        this.recommended = m.recommended;
        this.conversations = m.conversations;
        this.maxContextChars = m.maxContextChars;
        this.composer.setChips(m.chips, m.maxContextChars);
        this.applyStatus(m.status);
        const saved = this.host.state;
        this.showConversation(m.active);
        this.restoreView(saved, m.active?.id ?? null, m.activeChosen);
        this.root.removeAttribute("aria-busy");
        return;
      }
      case "status":
        this.applyStatus(m.status);
        return;
      case "conversations":
        this.conversations = m.list;
        this.history.update(m.list, this.conversation.conversationId);
        return;
      case "open":
        this.showConversation(m.conversation);
        return;
      case "turn-start":
        this.conversation.startTurn(m.conversationId, m.user, m.assistant);
        this.host.saveState({ conversationId: m.conversationId });
        this.history.update(this.conversations, m.conversationId);
        return;
      case "turn":
        this.conversation.turnEvent(m.conversationId, m.messageId, m.event);
        return;
      case "chips":
        this.composer.setChips(m.chips, this.maxContextChars);
        return;
      case "focus-input":
        this.composer.focus(m.prefill);
        return;
      case "problem":
        this.composer.showProblem(m.message);
        return;
      case "reply": {
        if (!this.asked.delete(m.id)) return;
        const refused = "refused" in m ? m.refused : undefined;
        // A send's refusal gives its text back; any other request's is shown as it is.
        if (!this.composer.replied(m.id, refused) && refused !== undefined) this.composer.showProblem(refused);
        return;
      }
      case "rated":
        this.conversation.rated(m.conversationId, m.messageId, m.rating);
        return;
      default: {
        // A message type this panel does not know (a newer host) is ignored; the compiler checks none is missed.
        const unknown: never = m;
        return unknown;
      }
    }
  }

  private showConversation(c: Parameters<ConversationView["show"]>[0]): void {
    this.conversation.show(c);
    this.host.saveState({ conversationId: c?.id ?? null });
    this.history.update(this.conversations, c?.id ?? null);
  }

  /**
   * After the page was rebuilt: the conversation that was on screen, where it was scrolled to. The
   * host's own choice since (a New Chat while the panel was hidden) wins over the page's memory.
   */
  private restoreView({ conversationId, scrollTop }: PanelUiState, activeId: string | null, activeChosen: boolean): void {
    if (!activeChosen && conversationId && conversationId !== activeId && this.conversations.some((c) => c.id === conversationId)) {
      this.post({ type: "open-conversation", conversationId });
    } else if (conversationId === activeId && scrollTop > 0) {
      this.conversation.scrollTo(scrollTop);
    }
  }

  private applyStatus(status: PanelStatus): void {
    this.status = status;
    this.header.update(status);
    this.composer.setBusy(status.busy);
    const firstRun = status.student.model === null;
    this.firstRun.replaceChildren(...(firstRun ? [firstRunView({ status, recommended: this.recommended, post: this.post })] : []));
    setShown(this.firstRun, firstRun);
    setShown(this.conversation.element, !firstRun);
    // Before a model is chosen only the teacher can answer, and only in cloud mode with a key.
    setShown(this.composer.element, !firstRun || (status.mode === "cloud" && status.teacher.hasKey));
    this.conversation.showEmptyState();
  }

  private setHistoryOpen(open: boolean): void {
    this.history.setOpen(open);
    this.header.setHistoryOpen(open);
  }
}
