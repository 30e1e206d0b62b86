/** How much of the conversation the teacher is sent. */
export type TeacherContextKind = "budgeted" | "full" | "question-only";

export const TEACHER_CONTEXT_KINDS: readonly TeacherContextKind[] = ["budgeted", "full", "question-only"];

export interface TeacherContextOptions {
  kind: TeacherContextKind;
  /** Most prompt tokens (the teacher's tokenizer) a `budgeted` view may take. */
  budget: number;
}
