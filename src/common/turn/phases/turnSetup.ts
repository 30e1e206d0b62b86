import type { Conversation, ModelRequest, PromptMessage } from "../../conversation/conversation";
import { toModelRequest } from "../../conversation/prompt";
import { promptTokens } from "../../conversation/promptTokens";
import { teacherView, type TeacherContextOptions, type TeacherView } from "../../teacherView/teacherContext";
import type { Teacher } from "../../models/teacher";
import type { TokenCounter } from "../../conversation/tokenCounter";
import type { TurnOptions } from "../turnOptions";
import type { TurnPlan } from "../turnPlan";

/** What every phase reads of the turn as it began: what each model is sent, and the teacher's counts. */
export interface TurnSetup {
  teacher: Teacher | undefined;
  /** The whole conversation: the student's request until it is fitted to its context. */
  whole: ModelRequest;
  context: TeacherContextOptions;
  /** The teacher's view, made only for a turn whose teacher may write an opening. */
  view: TeacherView | undefined;
  /** Whether that view left anything out. */
  shortened: boolean;
  /** What the teacher is sent, and the same as a prompt to count and price. */
  teacherRequest: ModelRequest;
  teacherPrompt: readonly PromptMessage[];
  /** Tokens of `text` for the teacher's model; 0 without a teacher. */
  countForTeacher: (text: string) => number;
  /**
   * The request the teacher alone would have had (the whole conversation, the history before the
   * last message sent before), counted once when first asked: the charge and the record both price it.
   */
  teacherOnly: () => { inputTokens: number; cachedInputTokens: number };
}

/** The turn's requests and counts, from its plan as it starts. */
export function setUpTurn(conversation: Conversation, plan: TurnPlan, options: Pick<TurnOptions, "teacherContext">, deps: { teacher: Teacher | undefined; counter: TokenCounter }): TurnSetup {
  const { teacher } = deps;
  // The student sees all that its context holds; the teacher, writing only the opening, may see less.
  const whole = toModelRequest(conversation);
  const countForTeacher = (text: string): number => (teacher && text !== "" ? deps.counter.count(text, teacher.model).tokens : 0);
  const context = options.teacherContext ?? { kind: "full", budget: 0 };
  // Only a turn whose teacher may write an opening needs its view (files outlined, history cut).
  const view = teacher && plan.teacher === "opening" ? teacherView(conversation, context, countForTeacher) : undefined;
  const shortened = view !== undefined && view.elisions > 0;
  const teacherRequest = shortened ? view.request : whole;
  let counted: { inputTokens: number; cachedInputTokens: number } | undefined;
  const teacherOnly = (): { inputTokens: number; cachedInputTokens: number } => {
    if (counted) return counted;
    const prompt = [{ role: "user" as const, content: whole.system }, ...whole.messages];
    const inputTokens = promptTokens(prompt, countForTeacher);
    return (counted = { inputTokens, cachedInputTokens: inputTokens - promptTokens(prompt.slice(-1), countForTeacher) });
  };
  return {
    teacher,
    whole,
    context,
    view,
    shortened,
    teacherRequest,
    teacherPrompt: [{ role: "user" as const, content: teacherRequest.system }, ...teacherRequest.messages],
    countForTeacher,
    teacherOnly,
  };
}
