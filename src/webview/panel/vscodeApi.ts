// The panel's one link to the extension host: typed messages out, UI state kept while hidden.
import type { WebviewRequest } from "../../common/panel/protocol";

/** What the panel remembers about itself while VS Code hides it (the page is torn down then). */
export interface PanelUiState {
  /** Unsent text in the composer. */
  draft: string;
  /** The conversation on screen, reopened when the panel comes back. */
  conversationId: string | null;
  /** Scroll offset of the conversation, restored when the same conversation comes back. */
  scrollTop: number;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface PanelHost {
  /** Sends a request under a new id of its own, and returns the id its reply will carry. */
  post: (request: WebviewRequest) => string;
  readonly state: Readonly<PanelUiState>;
  saveState(patch: Partial<PanelUiState>): void;
}

const EMPTY: PanelUiState = { draft: "", conversationId: null, scrollTop: 0 };

/** Accepts stored state field by field, so an older or damaged state never breaks the panel. */
function readState(raw: unknown): PanelUiState {
  if (typeof raw !== "object" || raw === null) return { ...EMPTY };
  const r = raw as Record<string, unknown>;
  return {
    draft: typeof r.draft === "string" ? r.draft : "",
    conversationId: typeof r.conversationId === "string" ? r.conversationId : null,
    scrollTop: typeof r.scrollTop === "number" && Number.isFinite(r.scrollTop) ? r.scrollTop : 0,
  };
}

/** Must be called once: VS Code hands out the API object only once per page. */
export function connectToHost(): PanelHost {
  const api = acquireVsCodeApi();
  let state = readState(api.getState());
  // Unique within this page; a page rebuilt after VS Code hid it starts its own run, in another millisecond.
  const run = Date.now().toString(36);
  let sent = 0;
  return {
    post: (request) => {
      const id = `${run}-${++sent}`;
      api.postMessage({ ...request, id });
      return id;
    },
    get state() {
      return state;
    },
    saveState(patch) {
      state = { ...state, ...patch };
      api.setState(state);
    },
  };
}
