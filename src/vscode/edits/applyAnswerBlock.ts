import { findBlock } from "../../common/edits/answerBlocks";
import { applyTarget, type AskedAbout } from "../../common/edits/applyTarget";
import type { ApplyOutcome, EditApplier } from "./editApplier";

/**
 * Apply for a block as a face showed it: the block is found in the answer as it was stored (the
 * panel's text is only what it asks for), its target worked out from the answer and the question,
 * and the diff shown. Resolves when the user has accepted or discarded it.
 */
export async function applyAnswerBlock(applier: EditApplier, answer: string, asked: AskedAbout | undefined, code: string): Promise<ApplyOutcome> {
  const block = findBlock(answer, code);
  if (!block) return { accepted: false, problem: "That code block is not in the answer as it was kept." };
  return applier.propose({ code: block.code, language: block.language, target: applyTarget(block, asked) });
}
