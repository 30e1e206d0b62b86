import type { TeacherNoteReason } from "./providerQuirks";
import type { SpendNoteReason } from "./spendGate";
import type { StudentNoteReason } from "./student";

/** Why an answer is not quite what was asked, or what changed in how it was asked, in one line. */
export interface AnswerNote {
  reason: StudentNoteReason | TeacherNoteReason | SpendNoteReason;
  message: string;
}
