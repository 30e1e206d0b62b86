// Host messages and the panel's forms of stored data for the panel tests, with plausible figures.
import type { StoredAssistantMessage, StoredUserMessage } from "../../../src/common/history/chatHistory";
import { toPanelAnswer, toPanelUser, type PanelAssistantMessage, type PanelConversation, type PanelMessage, type PanelUserMessage } from "../../../src/common/panel/panelWire";
import type { HostMessage } from "../../../src/common/panel/protocol";
import type { RecommendedModel } from "../../../src/common/status/recommendedModels";
import type { PanelStatus } from "../../../src/common/status/setupStatus";
import type { TurnRecord } from "../../../src/common/turn/turnRecord";
import { planTurn } from "../../../src/common/turn/phases/turnPlanner";

export const TEACHER = "gpt-4o-mini";
export const STUDENT = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf";

export function status(overrides: Partial<PanelStatus> = {}, student: Partial<PanelStatus["student"]> = {}): PanelStatus {
  return {
    mode: "guided",
    teacher: { model: TEACHER, host: "api.openai.com", hasKey: true },
    student: { model: STUDENT, state: "ready", ...student },
    spend: { todayUsd: 0.00184, todayUnknownTurns: 0, monthUsd: 0.0412, monthSavingUsd: 0.118, monthUnknownTurns: 0 },
    busy: false,
    ...overrides,
  };
}

export const RECOMMENDED: RecommendedModel[] = [
  { name: "Qwen2.5 Coder 1.5B", uri: "hf:Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:Q4_K_M", sizeGb: 1.1, ramGb: 3, note: "Fast on any laptop; good for everyday code questions." },
  { name: "Qwen2.5 Coder 7B", uri: "hf:Qwen/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M", sizeGb: 4.7, ramGb: 8, note: "Better answers; wants a GPU or Apple silicon." },
];

export function init(overrides: Partial<Extract<HostMessage, { type: "init" }>> = {}): HostMessage {
  return { type: "init", status: status(), conversations: [], active: null, activeChosen: false, recommended: RECOMMENDED, chips: [], maxContextChars: 24_000, ...overrides };
}

export function record(overrides: Partial<TurnRecord> = {}): TurnRecord {
  return {
    mode: "guided",
    plan: planTurn(overrides.mode ?? "guided", overrides.auto),
    teacherModel: TEACHER,
    teacherUsage: { inputTokens: 812, cachedInputTokens: 512, outputTokens: 32 },
    studentStats: { inputTokens: 40, outputTokens: 410, tokensPerSecond: 38.4 },
    cost: { actualUsd: 0.000103, counterfactualUsd: 0.000349, savingUsd: 0.000246, source: "table", estimated: false },
    stopped: false,
    timings: { firstTextMs: 420, handoffGapMs: 35, totalMs: 11_200 },
    ...overrides,
  };
}

/** A user message as the panel gets it, from the stored one the host keeps (`extra`: its attachments, task, target). */
export function userMessage(id: string, text: string, extra: Partial<StoredUserMessage> = {}): PanelUserMessage {
  return toPanelUser({ id, role: "user", text, ...extra });
}

export function answer(id: string, text: string, guidanceLength: number, extra: Partial<PanelAssistantMessage> = {}): PanelAssistantMessage {
  const mode = extra.mode ?? "guided";
  return { ...toPanelAnswer({ id, role: "assistant", mode, plan: planTurn(mode), teacherModel: TEACHER, text, guidanceLength, record: record({ mode }) }), ...extra };
}

/** A conversation as the panel gets it, with the time its summary in the history list carries. */
export function conversation(id: string, title: string, messages: PanelMessage[]): PanelConversation & { updatedAt: number } {
  return { id, title, updatedAt: Date.now() - 600_000, messages };
}

/** A streaming turn as the host sends it: start, guidance, handoff, student text, done. */
export function streamedTurn(conversationId: string, user: PanelUserMessage, guidance: string, dropped: string, student: string, chunk = 4): HostMessage[] {
  const messageId = `${user.id}-a`;
  const start: StoredAssistantMessage = { id: messageId, role: "assistant", mode: "guided", plan: planTurn("guided"), teacherModel: TEACHER, text: "", guidanceLength: 0, streaming: true };
  const turn = (event: Extract<HostMessage, { type: "turn" }>["event"]): HostMessage => ({ type: "turn", conversationId, messageId, event });
  const shown = guidance + dropped;
  const out: HostMessage[] = [{ type: "turn-start", conversationId, user, assistant: start }];
  for (let i = 0; i < shown.length; i += chunk) out.push(turn({ type: "guidance", text: shown.slice(i, i + chunk) }));
  if (dropped) out.push(turn({ type: "handoff", kept: guidance, dropped }));
  for (let i = 0; i < student.length; i += chunk) out.push(turn({ type: "student", text: student.slice(i, i + chunk) }));
  out.push(turn({ type: "done", message: answer(messageId, guidance + student, guidance.length) }));
  return out;
}
