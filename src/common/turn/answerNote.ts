import type { TeacherNoteReason } from "../models/providerQuirks";
import type { SpendNoteReason } from "../holds/spendGate";
import type { StudentNoteReason } from "../models/student";

/** Why an answer is not quite what was asked, or what changed in how it was asked, in one line. */
export interface AnswerNote {
  reason: StudentNoteReason | TeacherNoteReason | SpendNoteReason;
  message: string;
}
